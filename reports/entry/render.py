"""The body of a Biểu mẫu table as HTML, written by hand.

A section page has up to 26 rows with an input, a note, an error, the previous period's value
and another user's value in each; the template language spent most of a page's time on them.
Written here, the table takes 16–44× less time than the same fields through ``{{ form }}`` and
21–60× less than ``{{ form|crispy }}`` (``benchmarks/entry_pages.py``, which prints both; 50
interleaved runs on a loaded machine), so it stays hand-rendered while every other form goes
through crispy. Every text that comes from the catalogue, the database or the user goes through
``escape``; the result is marked safe only here.
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe

from reports.catalogue import Kind

_CUMULATIVE = (
    ' <span class="cumulative" title="Số lũy kế, không phải số phát sinh trong kỳ">lũy kế</span>'
)


def _attr(value) -> str:
    return escape(str(value), quote=True)


def _label(row) -> str:
    text = escape(row.label)
    if row.note:
        text += f" <em>{escape(row.note)}</em>"
    if row.cumulative:
        text += _CUMULATIVE
    return text


def _value_cell(item, can_edit: bool) -> str:
    row = item.row
    field = row.field
    if row.kind == Kind.RATIO:
        return (
            f'<output class="ratio" data-num="{item.num_input}" data-den="{item.den_input}" '
            f'data-num-fixed="{_attr(item.num_fixed)}" data-den-fixed="{_attr(item.den_fixed)}" '
            f'aria-labelledby="l-{field}" title="Tự tính: {_attr(row.stt)} = '
            f'{_attr(item.formula)}">{item.ratio_text}</output>'
        )
    if not row.is_input:
        return ""
    invalid = " is-invalid" if item.error else ""
    described = " ".join(
        name for name, shown in ((f"e-{field}", item.error), (f"p-{field}", item.previous)) if shown
    )
    described = f' aria-describedby="{described}"' if described else ""
    if item.error:
        described += ' aria-invalid="true"'
    if not can_edit:
        shown = next((label for _, label, sel in item.options if sel), "") or item.shown
        html = f'<span class="num d-block">{escape(shown)}</span>'
    elif item.options:
        options = "".join(
            f'<option value="{value}"{" selected" if selected else ""}>{escape(label)}</option>'
            for value, label, selected in item.options
        )
        html = (
            f'<select class="form-select form-select-sm{invalid}" name="{field}" '
            f'id="f-{field}" aria-labelledby="l-{field}"{described}>'
            f'<option value="">—</option>{options}</select>'
        )
    else:
        mode = "decimal" if row.kind == Kind.MONEY else "numeric"
        html = (
            f'<input type="text" class="form-control form-control-sm num{invalid}" '
            f'name="{field}" id="f-{field}" value="{_attr(item.text)}" inputmode="{mode}" '
            f'autocomplete="off" data-kind="{row.kind}" aria-labelledby="l-{field}"{described}>'
        )
    if item.error:
        html += f'<div class="invalid-feedback d-block" id="e-{field}">{escape(item.error)}</div>'
    if item.previous:
        html += (
            f'<div class="previous" id="p-{field}" title="{_attr(item.previous_period)}">'
            f"Kỳ trước: {escape(item.previous)}</div>"
        )
    if item.theirs:
        html += (
            '<div class="theirs small">Đã lưu bởi người khác: '
            f"<strong>{escape(item.theirs)}</strong></div>"
        )
    return html


def _note_cell(item, can_edit: bool) -> str:
    row = item.row
    html = f'<span class="remark">{escape(row.remark)}</span>' if row.remark else ""
    if not row.is_input:
        return html
    if can_edit:
        invalid = " is-invalid" if item.note_error else ""
        html += (
            f'<input type="text" class="form-control form-control-sm{invalid}" '
            f'name="{item.note_name}" value="{_attr(item.note)}" maxlength="500" '
            f'placeholder="Ghi chú" aria-label="Ghi chú {_attr(row.stt)}">'
        )
        if item.note_error:
            html += f'<div class="invalid-feedback d-block">{escape(item.note_error)}</div>'
    else:
        html += escape(item.note)
    if item.theirs_note:
        html += (
            '<div class="theirs small">Ghi chú đã lưu bởi người khác: '
            f"{escape(item.theirs_note)}</div>"
        )
    return html


def table_body(rows, *, can_edit: bool, prefix: str = "") -> SafeString:
    """The <tbody> rows of a section: STT, label, unit, value (input, ratio or text), note.
    ``prefix`` keeps element ids unique when several sections share a page."""
    out = []
    for item in rows:
        row = item.row
        classes = []
        if row.kind == Kind.HEADING:
            classes.append("row-heading")
        if row.italic:
            classes.append("row-italic")
        if item.flagged:
            classes.append("row-" + item.flagged)
        if item.error:
            classes.append("row-invalid")
        cell = "th" if row.kind == Kind.HEADING else "td"
        scope = ' scope="rowgroup"' if cell == "th" else ""
        out.append(
            f'<tr id="r-{prefix}{row.field}" class="{" ".join(classes)}">'
            f'<td class="stt">{escape(row.stt)}</td>'
            f'<{cell}{scope} class="label" id="l-{prefix}{row.field}">{_label(row)}</{cell}>'
            f'<td class="unit">{escape(row.unit)}</td>'
            f'<td class="value">{_value_cell(item, can_edit)}</td>'
            f'<td class="note">{_note_cell(item, can_edit)}</td></tr>'
        )
    return mark_safe("\n".join(out))  # noqa: S308 - every piece above is escaped
