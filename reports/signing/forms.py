"""The văn thư's upload of the signed PDF, rendered with crispy. The form checks what can be
told without reading the file (chosen, within the size limit); the verification
(``services.signed_document_upload``) puts its reasons under the same field."""

from django import forms

from reports.exports.import_forms import LimitedFileForm

CHOOSE = "Vui lòng chọn tệp PDF đã ký số."
HELP = (
    "Tệp PDF tải về từ hệ thống, đã được lãnh đạo ký số và văn thư ký số bằng chứng thư số của "
    "cơ quan (có thể điền số, ngày văn bản giữa hai lần ký). Tối đa %(limit)s MB."
)


class SignedUploadForm(LimitedFileForm):
    help = HELP
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
