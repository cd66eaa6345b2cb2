"""Error pages: 400, 403, 404, 405, 413, 500, the CSRF failure and the expired session, in
Vietnamese and in the application's layout, whether DEBUG is on or off.

Each page says what happened and what to do. When a POST was refused (the report was submitted
from another tab, the page's security token is stale, the data is too large, the session
expired), the page lists what the user typed, labelled as the form labels it, so that nothing
typed is lost: it can be copied back. Passwords and the CSRF token are never shown.

The 500 page is rendered without the request, so it needs no database query: it still renders
when the database is down. The other pages show the user's navigation bar when they can, and
fall back to the anonymous one when reading the user fails.

Production uses Django's handlers (``handler404`` etc. in cchc/urls.py, CSRF_FAILURE_VIEW).
With DEBUG on, Django answers 404, 400 and 500 with its technical pages instead:
``ErrorPagesMiddleware`` answers with these pages there too (a 500 still logs its traceback).
"""

import logging
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import parse_qsl

from django.conf import settings
from django.core import signals
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.db import DatabaseError
from django.http import Http404, HttpResponse
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve

from cchc.redirects import own_url
from reports.numbers import format_number

TEMPLATE = "errors/page.html"
# Form fields never echoed back: secrets and the page's own bookkeeping.
HIDDEN_FIELDS = {"csrfmiddlewaretoken", "version", "next", "save_next", "rule_code"}
# Labels of the fields of forms that are not Django forms with labels of their own.
FIELD_LABELS = {
    "comment": "Ý kiến, lý do",
    "text": "Giải trình",
    "number": "Số văn bản",
    "issued_on": "Ngày ban hành",
    "username": "Tên đăng nhập",
    "q": "Tìm kiếm",
}


@dataclass(frozen=True)
class Typed:
    """One value the user typed, shown so that it can be copied back."""

    label: str
    value: str

    @property
    def multiline(self) -> bool:
        return len(self.value) > 80 or "\n" in self.value


@dataclass(frozen=True)
class Page:
    title: str
    what: str  # what happened
    todo: str  # what to do now


PAGES = {
    400: Page(
        "Yêu cầu không hợp lệ",
        "Máy chủ không đọc được dữ liệu trang vừa gửi lên, nên chưa làm gì với dữ liệu đó.",
        "Quay lại trang trước, tải lại trang (phím F5) rồi làm lại. Nếu vẫn lỗi, báo quản trị "
        "hệ thống.",
    ),
    403: Page(
        "Không thực hiện được",
        "Tài khoản của bạn không được làm việc này, hoặc báo cáo đã chuyển sang trạng thái "
        "không cho sửa (ví dụ đã gửi duyệt hoặc đã duyệt ở một cửa sổ khác).",
        "Mở lại trang để xem trạng thái hiện tại của báo cáo. Nếu cần sửa, đề nghị người có "
        "quyền trả lại hoặc mở lại báo cáo.",
    ),
    404: Page(
        "Không tìm thấy trang",
        "Địa chỉ này không có, hoặc báo cáo không thuộc phạm vi tài khoản của bạn.",
        "Kiểm tra lại địa chỉ, hoặc về trang việc cần làm để chọn báo cáo.",
    ),
    405: Page(
        "Thao tác không hợp lệ",
        "Trang này không nhận cách gửi dữ liệu vừa dùng (ví dụ mở trực tiếp một địa chỉ chỉ "
        "dùng cho nút bấm).",
        "Quay lại trang trước và dùng nút trên trang.",
    ),
    413: Page(
        "Dữ liệu gửi lên quá lớn",
        "Nội dung vừa gửi vượt quá giới hạn {limit} MB của hệ thống, nên chưa được lưu.",
        "Rút gọn nội dung (ví dụ bỏ hình ảnh, đoạn văn bản dán nhầm) rồi gửi lại.",
    ),
    500: Page(
        "Lỗi hệ thống",
        "Hệ thống gặp lỗi khi xử lý yêu cầu; dữ liệu vừa gửi có thể chưa được lưu. Lỗi đã được "
        "ghi lại để quản trị hệ thống kiểm tra.",
        "Thử lại sau ít phút. Nếu vẫn lỗi, báo quản trị hệ thống kèm thời điểm xảy ra lỗi.",
    ),
    "csrf": Page(
        "Trang đã cũ, chưa lưu được",
        "Trang này được mở trước khi bạn đăng nhập lại (hoặc đã mở quá lâu), nên để bảo vệ tài "
        "khoản, hệ thống không nhận dữ liệu gửi từ trang đó.",
        "Sao chép nội dung bạn đã nhập (bên dưới), mở lại trang, dán vào rồi bấm Lưu.",
    ),
    "session": Page(
        "Phiên đăng nhập đã hết hạn, chưa lưu được",
        "Bạn đã đăng xuất hoặc phiên làm việc đã hết hạn trước khi bấm gửi, nên dữ liệu chưa "
        "được lưu.",
        "Sao chép nội dung bạn đã nhập (bên dưới), đăng nhập lại, mở lại trang rồi dán vào.",
    ),
}

logger = logging.getLogger("django.request")


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        return _render(request, 413, typed=_oversized_form(request))
    return _render(request, 400)


def permission_denied(request, exception=None):
    detail = str(exception) if exception is not None and exception.args else ""
    return _render(request, 403, detail=" ".join(filter(None, [detail, _report_state(request)])))


def page_not_found(request, exception=None):
    return _render(request, 404)


def server_error(request):
    # Rendered without the request: no session, no user, no database query.
    context = _context(500, typed=_typed_safely(request))
    return HttpResponse(render_to_string(TEMPLATE, context), status=500)


def csrf_failure(request, reason=""):
    return _render(request, "csrf")


def method_not_allowed(request, allowed: str):
    response = _render(request, 405)
    response["Allow"] = allowed
    return response


def session_expired(request):
    return _render(request, "session")


class ErrorPagesMiddleware:
    """The same pages with DEBUG on, where Django would show its technical pages; in every
    mode, a page for a bare 405 and for a POST lost to the login redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.DEBUG:
            early = _debug_early_answer(request)
            if early is not None:
                return early
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            return method_not_allowed(request, response.get("Allow", ""))
        if _post_sent_to_login(request, response):
            return session_expired(request)
        return response

    def process_exception(self, request, exception):
        if not settings.DEBUG:
            return None  # Django's handlers (cchc/urls.py) answer
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return permission_denied(request, exception)
        if isinstance(exception, SuspiciousOperation):
            security = logging.getLogger("django.security." + type(exception).__name__)
            security.error(str(exception))
            return bad_request(request, exception)
        # What Django does for an uncaught exception, its technical page aside.
        signals.got_request_exception.send(sender=None, request=request)
        logger.error("Internal Server Error: %s", request.path, exc_info=exception)
        return server_error(request)


def _debug_early_answer(request):
    """What Django would answer with a technical page before any view runs: an address that
    matches no URL, a body over the size limit. (A host name missing from ALLOWED_HOSTS keeps
    Django's technical page in development: it says which setting to change.)"""
    try:
        resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404 as exception:
        return page_not_found(request, exception)
    if request.method == "POST":
        try:
            request.POST  # noqa: B018 - reading it is what raises
        except SuspiciousOperation as exception:
            return bad_request(request, exception)
    return None


def _post_sent_to_login(request, response) -> bool:
    """A POST by someone whose session ended: ``login_required`` redirects it to the login
    page, and what was typed would be dropped."""
    user = getattr(request, "user", None)
    return (
        request.method == "POST"
        and response.status_code == 302
        and user is not None
        and not user.is_authenticated
        and response.get("Location", "").startswith(resolve_url(settings.LOGIN_URL) + "?")
    )


def _render(request, key, *, typed=None, detail=""):
    if typed is None:
        typed = _typed_safely(request)
    context = _context(key, typed=typed, detail=detail, back=_back_url(request))
    try:
        html = render_to_string(TEMPLATE, context, request=request)
    except DatabaseError:  # the navigation bar reads the user: show the anonymous one
        html = render_to_string(TEMPLATE, context)
    return HttpResponse(html, status=context["status"])


def _context(key, *, typed=(), detail="", back=""):
    page = PAGES[key]
    megabytes = Decimal(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) / (1024 * 1024)
    return {
        "status": 403 if key in ("csrf", "session") else key,
        "title": page.title,
        "what": page.what.format(limit=format_number(round(megabytes, 1))),
        "todo": page.todo,
        "detail": detail,
        "typed": typed,
        "back": back,
        "login_again": key == "session",
    }


def _back_url(request) -> str:
    """The page the user came from (the form's page), when it is one of this site's (the host
    may be the very error being answered: then none)."""
    return own_url(request, request.META.get("HTTP_REFERER", ""))


def _typed_safely(request) -> list[Typed]:
    """What the refused POST carried; nothing when the body cannot be read."""
    if request.method != "POST":
        return []
    try:
        return typed_fields(request, request.POST.lists())
    except Exception:  # noqa: BLE001 - an error page must render whatever the body holds
        return []


def _oversized_form(request) -> list[Typed]:
    """A form over DATA_UPLOAD_MAX_MEMORY_SIZE is still listed, up to twice that size (a long
    text pasted by mistake); Django left its body unread."""
    content_type = request.META.get("CONTENT_TYPE", "")
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if not content_type.startswith("application/x-www-form-urlencoded"):
        return []
    if length > 2 * settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        return []
    try:
        body = request.read(length).decode("utf-8", "replace")
    except Exception:  # noqa: BLE001 - a broken upload: nothing to list
        return []
    pairs = parse_qsl(body, keep_blank_values=True, max_num_fields=5000)
    lists = {}
    for name, value in pairs:
        lists.setdefault(name, []).append(value)
    return typed_fields(request, lists.items())


def typed_fields(request, lists) -> list[Typed]:
    """(label, value) of every non-empty field of a POST, labelled as the page's form labels
    it; secrets and bookkeeping left out."""
    labels = _form_labels(request)
    out = []
    for name, values in lists:
        if name in HIDDEN_FIELDS or "password" in name:
            continue
        for value in values:
            if value.strip():
                out.append(Typed(labels.get(name) or FIELD_LABELS.get(name) or name, value))
    return out


def _form_labels(request) -> dict[str, str]:
    from reports import catalogue
    from reports.entry.forms import (
        ExplanationForm,
        NarrativeForm,
        NewReportForm,
        section_form_class,
    )

    try:
        match = resolve(request.path_info)
    except Resolver404:
        return {}
    if match.url_name == "report_section" and match.kwargs.get("slug") in catalogue.SECTION_BY_SLUG:
        section = catalogue.SECTION_BY_SLUG[match.kwargs["slug"]]
        form_class = section_form_class(section)
        prefix = (section.heading or "Số liệu phần II") + " · "
    else:
        form_class = {
            "report_narrative": NarrativeForm,
            "report_explain": ExplanationForm,
            "report_new": NewReportForm,
        }.get(match.url_name)
        prefix = ""
    if form_class is None:
        return {}
    return {
        name: prefix + str(field.label).strip()
        for name, field in form_class.base_fields.items()
        if field.label
    }


def _report_state(request) -> str:
    """ "Báo cáo Quý III năm 2026 hiện ở trạng thái Chờ duyệt." for a refused report page."""
    from reports.access import reports_for_user

    try:
        pk = resolve(request.path_info).kwargs.get("pk")
        report = reports_for_user(request.user).filter(pk=pk).first() if pk else None
    except (Resolver404, DatabaseError, AttributeError):
        return ""
    if report is None:
        return ""
    return f"Báo cáo {report.period.label} hiện ở trạng thái “{report.get_status_display()}”."
