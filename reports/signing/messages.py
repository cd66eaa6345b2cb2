"""Every Vietnamese text of the verification of a signed report: the refusals and warnings
(each with a stable code, for tests, storage and the command's output), the labels of roles,
trust and modification levels, and ``describe``, the verification in words, line by line."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

# Refusal and warning codes.
NOT_PDF = "not_pdf"
EXECUTABLE = "executable"
HYBRID_BEFORE = "hybrid"
HYBRID_AFTER = "hybrid_after"
UNREADABLE = "unreadable"
ENCRYPTED = "encrypted"
UNSIGNED = "unsigned"
BROKEN = "broken"
INVALID = "invalid"
MODIFIED = "modified"
NOT_BOUND = "not_bound"
LEADER_MISSING = "leader_missing"
BODY_MISSING = "body_missing"
ACTIVE_CONTENT = "active_content"
UNTRUSTED = "untrusted"
REVOKED = "revoked"
STAMP_UNSIGNED = "stamp_unsigned"

TEXTS = {
    NOT_PDF: "Tệp không phải là tệp PDF.",
    EXECUTABLE: "Tệp là một chương trình máy tính được đổi tên, không phải tệp PDF.",
    HYBRID_BEFORE: (
        "Tệp không phải PDF thuần: có nội dung khác (như trang HTML) đứng trước phần đầu PDF."
    ),
    HYBRID_AFTER: "Tệp không phải PDF thuần: có nội dung khác nối sau phần cuối của PDF.",
    UNREADABLE: "Không đọc được tệp PDF: cấu trúc tệp bị hỏng.",
    ENCRYPTED: "Tệp PDF bị đặt mật khẩu hoặc mã hóa; vui lòng tải lên bản không đặt mật khẩu.",
    UNSIGNED: "Tệp chưa có chữ ký số.",
    BROKEN: "Chữ ký số của {signer} không còn nguyên vẹn: tệp đã bị sửa sau khi ký.",
    INVALID: "Chữ ký số của {signer} không hợp lệ: không kiểm tra được bằng chứng thư số kèm theo.",
    MODIFIED: (
        "Tệp đã bị thay đổi sau khi {signer} ký, ngoài việc thêm chữ ký số và điền số, "
        "ngày văn bản."
    ),
    NOT_BOUND: (
        "Tệp không phải bản PDF hệ thống đã tạo cho báo cáo này (có thể là tệp của báo cáo "
        "khác, bản cũ, bản dự thảo hoặc bản do chương trình khác tạo lại)."
    ),
    LEADER_MISSING: "Thiếu chữ ký số của người có thẩm quyền ({name}).",
    BODY_MISSING: "Thiếu chữ ký số của cơ quan ban hành ({name}).",
    ACTIVE_CONTENT: "Tệp chứa nội dung có thể tự chạy hoặc tệp ẩn: {what}.",
    UNTRUSTED: "Chưa xác thực được chứng thư số của {signer}: {reason}.",
    REVOKED: "Chứng thư số của {signer} đã bị thu hồi từ {date}, trước thời điểm ký.",
    STAMP_UNSIGNED: (
        "Số, ngày văn bản được điền sau chữ ký số cuối cùng nên không được chữ ký số nào xác nhận."
    ),
}
NOT_BOUND_IDENTITY = " Thông tin ghi trong tệp: {identity}."
# What begins the report identity line in a produced PDF's document information.
IDENTITY_PREFIX = "cchc:"

# Kinds of active content, in the order they are listed.
JAVASCRIPT = "javascript"
LAUNCH = "launch"
EMBEDDED_FILE = "embedded_file"
XFA = "xfa"
ACTIVE_CONTENT_ORDER = (JAVASCRIPT, LAUNCH, EMBEDDED_FILE, XFA)
ACTIVE_CONTENT_LABELS = {
    JAVASCRIPT: "mã JavaScript",
    LAUNCH: "lệnh mở chương trình hoặc tệp khác",
    EMBEDDED_FILE: "tệp đính kèm",
    XFA: "biểu mẫu XFA",
}

# Why a chain could not be validated.
NO_ROOTS = "no_roots"
UNKNOWN_ROOT = "unknown_root"
EXPIRED = "expired"
NOT_YET_VALID = "not_yet_valid"
WRONG_USAGE = "wrong_usage"
WEAK_ALGORITHM = "weak_algorithm"
STALE_REVOCATION = "stale_revocation"
BAD_CHAIN = "bad_chain"
UNTRUSTED_REASONS = {
    NO_ROOTS: "máy chủ chưa được cấu hình chứng thư số gốc tin cậy (CCHC_TRUST_ROOTS)",
    UNKNOWN_ROOT: "chứng thư số không do tổ chức chứng thực tin cậy cấp",
    EXPIRED: "chứng thư số đã hết hạn tại thời điểm ký",
    NOT_YET_VALID: "chứng thư số chưa có hiệu lực tại thời điểm ký",
    WRONG_USAGE: "chứng thư số không được cấp để ký số",
    WEAK_ALGORITHM: "chữ ký dùng thuật toán không còn an toàn",
    STALE_REVOCATION: (
        "danh sách chứng thư số bị thu hồi (CRL) trên máy chủ đã quá hạn cập nhật, cần tải bản mới"
    ),
    BAD_CHAIN: "chuỗi chứng thư số không hợp lệ",
}

# Trust of a signature's certificate, and whether revocation was checked.
TRUSTED = "trusted"
NOT_TRUSTED = "untrusted"
REVOKED_TRUST = "revoked"
NOT_EVALUATED = "not_evaluated"
TRUST_LABELS = {
    TRUSTED: "chứng thư số hợp lệ",
    NOT_TRUSTED: "chưa xác thực được chứng thư số",
    REVOKED_TRUST: "chứng thư số đã bị thu hồi",
    NOT_EVALUATED: "không kiểm tra chứng thư số (chữ ký không nguyên vẹn)",
}
REVOCATION_CHECKED = "checked"
REVOCATION_NOT_CHECKED = "not_checked"
REVOCATION_LABELS = {
    REVOCATION_CHECKED: "đã kiểm tra tình trạng thu hồi",
    REVOCATION_NOT_CHECKED: "chưa kiểm tra được tình trạng thu hồi",
}

ROLE_LABELS = {
    "leader": "lãnh đạo",
    "body": "cơ quan ban hành",
    None: "không rõ vai trò",
}
# The produced PDF a signed file is bound to (``Verification.bound_to``), and what tells the
# two apart on paper.
KIND_LABELS = {
    "approved": "bản PDF đã duyệt để ký",
    "issued": "bản PDF đã ban hành",
}
KIND_DETAILS = {
    "approved": "chưa có số, ngày",
    "issued": "có số, ngày",
}
# pyHanko's ModificationLevel names.
MODIFICATION_LABELS = {
    "NONE": "không có thay đổi nào",
    "LTA_UPDATES": "chỉ thêm dấu thời gian, thông tin kiểm tra chứng thư số",
    "FORM_FILLING": "chỉ thêm chữ ký số",
    "ANNOTATIONS": "chỉ thêm chữ ký số và điền số, ngày văn bản",
    "OTHER": "có thay đổi nội dung",
}


@dataclass(frozen=True)
class Notice:
    """A refusal or a warning: a stable code and the Vietnamese sentence shown to people."""

    code: str
    message: str


def notice(code: str, **params: str) -> Notice:
    return Notice(code, TEXTS[code].format(**params))


def active_content_notice(kinds: list[str]) -> Notice:
    return notice(ACTIVE_CONTENT, what=", ".join(ACTIVE_CONTENT_LABELS[k] for k in kinds))


def local_time(moment: datetime | None) -> str:
    """datetime → "20/06/2026 09:15" in the application's time zone (Vietnam's); None → ""."""
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


def identity_fields(identity: str) -> dict[str, str]:
    """ "cchc:commune=…;period=2026-Q2;status=approved;content=…" → its fields; {} otherwise."""
    if not identity.startswith(IDENTITY_PREFIX):
        return {}
    pairs = (item.partition("=") for item in identity[len(IDENTITY_PREFIX) :].split(";"))
    return {key.strip(): value.strip() for key, sep, value in pairs if sep}


def identity_text(fields: dict[str, str], communes: Mapping[str, str] | None = None) -> str:
    """{"commune": "7", "period": "2026-Q2", "status": "draft"} → "UBND xã Tân Kỳ, Quý II năm
    2026, Dự thảo", the commune's id named by ``communes``; unknown values are shown as
    written."""
    from reports.models.report import Status
    from reports.periods import Period, PeriodError

    parts = []
    if fields.get("commune"):
        commune = fields["commune"]
        parts.append((communes or {}).get(commune, commune))
    if fields.get("period"):
        try:
            parts.append(Period.parse(fields["period"]).label)
        except PeriodError:
            parts.append(fields["period"])
    if fields.get("status"):
        labels = dict(Status.choices)
        parts.append(labels.get(fields["status"], fields["status"]))
    return ", ".join(parts)


def signer_label(signature) -> str:
    """ "Vũ Văn Nguyễn (UBND xã Nam Thanh Miện)", or the field's name without a certificate."""
    name = signature.signer_name or signature.field_name
    return f"{name} ({signature.organisation})" if signature.organisation else name


def kind_text(kind: str) -> str:
    """ "approved" → "bản PDF đã duyệt để ký (chưa có số, ngày)"."""
    if kind in KIND_DETAILS:
        return f"{KIND_LABELS[kind]} ({KIND_DETAILS[kind]})"
    return KIND_LABELS.get(kind, kind)


def summary(verification) -> str:
    """Who signed as what and which PDF, in one phrase: "chữ ký của Vũ Văn Nguyễn (lãnh đạo)
    và UBND xã Nam Thanh Miện (cơ quan ban hành), gắn với bản PDF đã duyệt để ký"."""
    signers = [
        f"{s.signer_name or s.field_name} ({ROLE_LABELS[s.role]})" for s in verification.signatures
    ]
    text = "chữ ký của " + _and(signers) if signers else "không có chữ ký số"
    if verification.bound_to:
        text += ", gắn với " + KIND_LABELS.get(verification.bound_to, verification.bound_to)
    return text


def saved_message(verification) -> str:
    """What the văn thư reads once the signed copy is stored, with the warnings after it."""
    text = "Đã lưu văn bản đã ký: " + summary(verification) + "."
    return " ".join([text, *("Lưu ý: " + w.message for w in verification.warnings)])


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " và " + items[-1]


def describe(verification, communes: Mapping[str, str] | None = None) -> list[str]:
    """The verification in words, one line each: verdict, what was signed, who signed as what
    and when, the stamp, then the reasons for a refusal and the warnings. ``communes`` names
    the commune ids of the identity line."""
    lines = ["Kết quả: " + ("CHẤP NHẬN" if verification.accepted else "TỪ CHỐI")]
    lines.append("SHA-256 của tệp: " + verification.sha256)
    kind = verification.bound_to
    if kind:
        lines.append("Bản được ký: " + kind_text(kind))
    elif verification.signatures:
        lines.append("Bản được ký: không khớp bản PDF nào hệ thống đã tạo cho báo cáo này")
    if verification.identity:
        fields = identity_fields(verification.identity)
        shown = identity_text(fields, communes) if fields else verification.identity
        lines.append("Thông tin ghi trong tệp: " + shown)
    for number, signature in enumerate(verification.signatures, start=1):
        lines.append(_signature_line(number, signature))
    for page, text in verification.stamps:
        lines.append(f"Số, ngày điền trên trang {page}: {text}")
    lines += ["Lý do từ chối: " + refusal.message for refusal in verification.refusals]
    lines += ["Lưu ý: " + warning.message for warning in verification.warnings]
    return lines


def _signature_line(number: int, signature) -> str:
    parts = [
        f"Chữ ký {number} ({ROLE_LABELS[signature.role]}): {signer_label(signature)}",
        "ký lúc " + (local_time(signature.signing_time) or "không rõ"),
        f"số hiệu chứng thư {signature.serial}, do {signature.issuer} cấp",
    ]
    if not signature.valid:
        parts.append("chữ ký không hợp lệ")
    elif not signature.intact:
        parts.append("không còn nguyên vẹn")
    else:
        parts.append("nguyên vẹn")
        trust = TRUST_LABELS[signature.trust]
        if signature.trust_reason:
            trust += " (" + UNTRUSTED_REASONS[signature.trust_reason] + ")"
        parts += [trust, REVOCATION_LABELS[signature.revocation]]
        level = signature.modification_level
        parts.append("sau chữ ký: " + MODIFICATION_LABELS.get(level, level))
    return "; ".join(parts) + "."
