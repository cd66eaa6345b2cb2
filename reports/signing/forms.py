"""The văn thư's upload of the signed PDF, rendered with crispy. The form checks what can be
told without reading the file (chosen, within the size limit); the verification
(``services.signed_document_upload``) puts its reasons under the same field."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from reports.exports.xlsxread import MESSAGES as READ_MESSAGES
from reports.exports.xlsxread import megabytes

CHOOSE = "Vui lòng chọn tệp PDF đã ký số."
HELP = (
    "Tệp PDF tải về từ hệ thống, đã được lãnh đạo ký số và văn thư ký số bằng chứng thư số của "
    "cơ quan (có thể điền số, ngày văn bản giữa hai lần ký). Tối đa %(limit)s MB."
)


class SignedUploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp PDF đã ký số",
        error_messages={
            "required": CHOOSE,
            "empty": "Tệp đã chọn rỗng (0 byte). " + CHOOSE,
            "invalid": CHOOSE,
            "missing": CHOOSE,
        },
        widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = HELP % {"limit": megabytes(settings.MAX_UPLOAD_SIZE)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_SIZE:
            raise ValidationError(
                READ_MESSAGES["too_large"],
                code="too_large",
                params={"limit": megabytes(settings.MAX_UPLOAD_SIZE)},
            )
        return upload
