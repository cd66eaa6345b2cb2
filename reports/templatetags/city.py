"""Template helpers of the city's pages: URLs reversed once per page instead of once per row,
and the completeness grid's cells, written in Python: a page shows 100 communes × up to 8
periods, and 800 cells through the template language cost more than all of the page's SQL.
Every text is escaped here (``html.escape``) before the row is marked safe. ``sees_city``
asks ``reports.access`` whether the navigation offers the city's pages."""

from html import escape

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from reports import access

register = template.Library()


# The mark of a report whose current signed copy is verified (the grid's legend says it too).
SIGNED_MARK = "✓ Đã ký số"
SIGNED_TITLE = "Văn bản đã ký số: chữ ký đã được xác thực và gắn với bản báo cáo đã duyệt"


@register.filter
def sees_city(user) -> bool:
    return access.sees_city(user)


# An id no object has, put into a URL to be replaced by each row's own id.
ID_PLACEHOLDER = "2147483647"


@register.simple_tag
def url_pattern(name: str) -> str:
    """The URL of object view ``name`` with a placeholder for the id, reversed once per page
    rather than once per row: ``{{ pattern|with_id:report.pk }}``."""
    return reverse(name, args=[ID_PLACEHOLDER])


@register.filter
def with_id(pattern: str, pk) -> str:
    return pattern.replace(ID_PLACEHOLDER, str(int(pk)), 1)


@register.simple_tag
def report_url_prefix() -> str:
    """ "/thanh-pho/bao-cao/": reversed once per page, not once per cell."""
    return reverse("city_report", args=[0])[: -len("0/")]


@register.simple_tag
def trend_url_prefix() -> str:
    """ "/thanh-pho/xu-huong/xa/": reversed once per page, not once per row."""
    return reverse("commune_trends", args=[0])[: -len("0/")]


def _cell(cell, prefix: str) -> str:
    label = escape(cell.state_label)
    if cell.report_id:
        badge = f'<a class="state state-{cell.state}" href="{escape(prefix)}{cell.report_id}/">'
        badge += f"{label}</a>"
    else:
        badge = f'<span class="state state-{cell.state}">{label}</span>'
    note = ""
    if cell.timeliness_label:
        text = escape(cell.timeliness_label)
        title = ""
        if cell.sent_at:
            sent = timezone.localtime(cell.sent_at)
            title = f' title="Gửi lúc {sent:%H:%M %d/%m/%Y}"'
            text += f" · {sent:%d/%m}"
        note = f'<div class="small timeliness-{cell.timeliness}"{title}>{text}</div>'
    if cell.signed:
        note += f'<div class="small signed-mark" title="{SIGNED_TITLE}">{SIGNED_MARK}</div>'
    return f'<td class="cell{" late" if cell.is_late else ""}">{badge}{note}</td>'


@register.simple_tag
def grid_cells(cells, prefix: str):
    """The row's <td>s: each report's state (a link to its read-only page), on time / late
    with the time of sending, and the mark of a verified signed copy."""
    return mark_safe("".join(_cell(cell, prefix) for cell in cells))  # noqa: S308 - escaped
