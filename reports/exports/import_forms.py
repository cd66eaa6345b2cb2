"""The two forms of the Excel import: the upload, and the confirmation of a previewed change.

Both are rendered with crispy (``|crispy``); the page writes its own buttons, because the
preview's one form carries two of them (confirm, cancel) posting to two URLs.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from .xlsxread import MESSAGES as READ_MESSAGES
from .xlsxread import megabytes

XLSX_TYPES = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MISMATCH_CONSENT = "Tôi hiểu tệp này của kỳ/xã khác và vẫn muốn nhập"
HELP = (
    "Tối đa %(limit)s MB. Các dòng được nhận theo trang tính (Biểu mẫu 1 … 7, Số liệu phần II) "
    "và mã STT; ô tỷ lệ không được đọc mà tính lại từ các chỉ tiêu thành phần. Trước khi lưu, "
    "trang sau liệt kê mọi ô sẽ thay đổi để bạn xác nhận."
)


class LimitedFileForm(forms.Form):
    """A form whose ``file`` is refused above ``MAX_UPLOAD_SIZE``; ``help`` (with
    ``%(limit)s``, the limit in MB) becomes the field's help text."""

    help = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.help % {"limit": megabytes(settings.MAX_UPLOAD_SIZE)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_SIZE:
            raise ValidationError(
                READ_MESSAGES["too_large"],
                code="too_large",
                params={"limit": megabytes(settings.MAX_UPLOAD_SIZE)},
            )
        return upload


class ImportUploadForm(LimitedFileForm):
    help = HELP
    file = forms.FileField(
        label="Tệp Excel (.xlsx) theo mẫu xuất từ hệ thống",
        error_messages={
            "required": "Vui lòng chọn tệp Excel (.xlsx) để nhập.",
            "empty": "Tệp đã chọn rỗng (0 byte). Vui lòng chọn tệp Excel (.xlsx) để nhập.",
            "invalid": "Vui lòng chọn tệp Excel (.xlsx) để nhập.",
            "missing": "Vui lòng chọn tệp Excel (.xlsx) để nhập.",
        },
        widget=forms.FileInput(attrs={"accept": XLSX_TYPES}),
    )


class ImportConfirmForm(forms.Form):
    """``token`` names the preview being confirmed (the change itself stays in the session);
    a file of another period or commune needs the explicit consent."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    accept_mismatch = forms.BooleanField(
        label=MISMATCH_CONSENT,
        required=True,
        error_messages={
            "required": "Hãy đánh dấu ô này nếu vẫn muốn nhập tệp của kỳ hoặc xã khác."
        },
    )

    def __init__(self, *args, mismatch: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not mismatch:
            del self.fields["accept_mismatch"]
