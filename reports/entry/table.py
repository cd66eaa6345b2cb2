"""The rows a Biểu mẫu page prints, as plain data, so the template only loops.

A page shows saved values formatted the Vietnamese way, or, after a refused save, exactly what
the user typed with the message next to it; beside each figure, the commune's value of the
previous period, so that a slipped digit shows at a glance. Ratio cells are computed here from
the values (the same ``numbers.ratio`` the exports use); the page's script recomputes them as
the user types, from the inputs named in ``num_input`` / ``den_input`` or the fixed values of
rows that live on another page.
"""

from dataclasses import dataclass, field

from reports import catalogue
from reports.catalogue import Kind
from reports.entry.forms import note_name
from reports.models import FIGURE_MODELS
from reports.numbers import format_percent, format_value, ratio
from reports.parsing import unambiguous_text
from reports.services import previous_report


@dataclass
class TableRow:
    row: catalogue.Row
    text: str = ""  # value as shown in the input (typed, or formatted to read back the same)
    shown: str = ""  # the saved value as printed on a read-only page
    note: str = ""
    error: str = ""
    note_error: str = ""
    ratio_text: str = ""
    num_input: str = ""  # input name of the numerator on this page, if any
    den_input: str = ""
    num_fixed: str = ""  # value of a numerator that lives on another page
    den_fixed: str = ""
    theirs: str = ""  # the other user's saved value, after a conflicting save
    theirs_note: str = ""
    options: list = field(default_factory=list)  # (value, label, selected) for choices
    flagged: str = ""  # "error" / "warning" when a rule result names this row
    formula: str = ""  # of a ratio row: "(2.1.2) / (2.1.1)"
    previous: str = ""  # the previous period's value as printed ("5.650", "1 – Phát phiếu")
    previous_period: str = ""  # "Quý II năm 2026"

    @property
    def note_name(self) -> str:
        return note_name(self.row)


def ratio_value(row: catalogue.Row, values: dict):
    return ratio(values.get(row.numerator), values.get(row.denominator))


def section_table(
    section: catalogue.Section,
    values: dict,
    notes: dict,
    *,
    typed: dict | None = None,
    errors: dict | None = None,
    theirs: dict | None = None,
    theirs_notes: dict | None = None,
    results=(),
    previous: dict | None = None,
    previous_period: str = "",
) -> list[TableRow]:
    """The printed rows of ``section``. ``values`` is {ref: value} of the whole report (ratios
    may reach into another section); ``typed`` / ``errors`` come from a refused save;
    ``theirs`` / ``theirs_notes`` ({field: text}) show another user's newer save where it
    differs from what this user typed; ``previous`` ({field: value}) is the section in the
    report of ``previous_period``."""
    flags: dict[str, str] = {}
    for result in results:
        for ref in result.refs:
            if flags.get(ref) != "error":
                flags[ref] = result.severity
    rows = []
    for row in section.rows:
        item = TableRow(row, flagged=flags.get(row.ref, ""))
        if row.is_input:
            item.shown = format_value(row.kind, values.get(row.ref))
            if typed is not None:
                item.text = typed.get(row.field, "")
                item.note = typed.get(note_name(row), "")
            else:
                item.text = unambiguous_text(item.shown)
                item.note = notes.get(row.field, "")
            if errors and row.field in errors:
                item.error = " ".join(errors[row.field])
            if errors and note_name(row) in errors:
                item.note_error = " ".join(errors[note_name(row)])
            if theirs and row.field in theirs:
                item.theirs = theirs[row.field] or "(trống)"
            if theirs_notes and row.field in theirs_notes:
                item.theirs_note = theirs_notes[row.field] or "(trống)"
            if row.choices:
                item.options = [
                    (str(code), _choice_text(row, code), str(code) == item.text)
                    for code, _ in row.choices
                ]
            if previous and previous.get(row.field) is not None:
                item.previous = _choice_text(row, previous[row.field])
                item.previous_period = previous_period
        elif row.kind == Kind.RATIO:
            item.ratio_text = format_percent(ratio_value(row, values))
            item.formula = _formula(row)
            for part, attr in ((row.numerator, "num"), (row.denominator, "den")):
                part_row = catalogue.ROWS[part]
                if part_row.section == section.key:
                    setattr(item, f"{attr}_input", part_row.field)
                else:
                    fixed = unambiguous_text(format_value(part_row.kind, values.get(part)))
                    setattr(item, f"{attr}_fixed", fixed)
        rows.append(item)
    return rows


def _choice_text(row: catalogue.Row, value) -> str:
    """A value as printed beside the input: a code with its meaning ("1 – Phát phiếu")."""
    labels = dict(row.choices)
    text = format_value(row.kind, value)
    return f"{text} – {labels[value]}" if value in labels else text


def previous_figures(report, section: catalogue.Section) -> tuple[dict, str]:
    """The section's {field: value} in the commune's previous report, and that report's period
    label: a query or two to find the report, one for its figures, whatever the rows."""
    earlier = previous_report(report.commune, report.period)
    figures = earlier and FIGURE_MODELS[section.key].objects.filter(report=earlier).first()
    if not figures:
        return {}, ""
    return {row.field: getattr(figures, row.field) for row in section.input_rows}, (
        earlier.period.label
    )


def completeness(section: catalogue.Section, values: dict) -> tuple[int, int]:
    """(filled, total) input cells of the section."""
    rows = section.input_rows
    return sum(values.get(row.ref) is not None for row in rows), len(rows)


_FORMULAS: dict[str, str] = {}


def _formula(row: catalogue.Row) -> str:
    if row.ref not in _FORMULAS:
        _FORMULAS[row.ref] = catalogue.formula(row)
    return _FORMULAS[row.ref]
