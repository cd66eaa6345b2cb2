"""Import of the Excel annex (the layout ``reports.exports.xlsx`` writes) into a draft report, in
two steps: a preview of every cell that would change, then the save of exactly that change.

Rows are matched by sheet and STT code, never by position (the Biểu mẫu 2 sub-row, which has no
STT, by its label). Ratio rows are skipped entirely, whatever their cell holds (a live formula,
a stale or missing cached value, an edited number): ratios are computed from the counts, here as
everywhere. The sheet "Giải trình" (the rules' results and explanations, written for the reader)
is skipped unread. Every problem is reported by sheet, row and cell, in Vietnamese (the list
stops at ``MAX_PROBLEMS``), and on any problem nothing is saved. The file is read within bounds by
``xlsxread``. The title rows of each sheet name a commune and a period; when they are not the
target report's, the change set says so and the save needs an explicit consent.

``import_preview`` reads a file into a ``ChangeSet`` (plain data, kept in the session between
the steps); ``change_lines`` and ``rule_results`` show it against the report as it is now;
``import_apply`` saves it through ``figures_save`` (the one save path), refused when any
figure set changed since the preview. ``import_annex`` does both at once.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from reports import catalogue, parsing, rules
from reports.catalogue import Kind
from reports.entry.forms import NOTE_MAX_LENGTH, NOTE_TOO_LONG
from reports.entry.saving import SaveConflict, figures_save
from reports.models import AuditEntry, Report, ReportFrozen, Status
from reports.numbers import format_number, format_value
from reports.services import figure_sets, report_values

from .titles import mismatches, plain
from .xlsx import FIGURES_SHEET
from .xlsxchecks import EXPLANATIONS_SHEET
from .xlsxread import Budget, Refused, Workbook

SHEETS = {s.heading or FIGURES_SHEET: s for s in catalogue.SECTIONS}
IMPORTABLE_STATUSES = (Status.DRAFT, Status.RETURNED)
MAX_PROBLEMS = 30
TITLE_ROWS = 20  # title, header and spacer rows a sheet may have beside its catalogue rows
MAX_COLUMNS = 16  # cells a row may hold, counting styled empty ones Excel writes
_CODE = re.compile(r"^(?:[A-Z]|\d+)(?:\.\d+)*\.?$")

MESSAGES = {
    "no_sheet": "Tệp không có trang tính nào theo mẫu (Biểu mẫu 1 … Biểu mẫu 7, %(figures)s).",
    "unknown_sheet": "Trang tính «%(sheet)s» không thuộc mẫu xuất từ hệ thống.",
    "status": "Chỉ nhập được vào báo cáo đang dự thảo hoặc bị trả lại.",
    "more": "… và %(count)s lỗi khác.",
    "conflict": (
        "Số liệu của «%(section)s» đã được lưu sau khi xem trước tệp: chưa lưu số liệu nào. "
        "Vui lòng tải tệp lên lại để xem các thay đổi so với số liệu mới."
    ),
    "mismatch_refused": (
        "Tệp này của kỳ hoặc xã khác: chưa lưu số liệu nào. Hãy xác nhận rõ nếu vẫn muốn nhập."
    ),
}


class Problems(list):
    """A problem list that stops at ``MAX_PROBLEMS``, counting the rest."""

    def __init__(self):
        super().__init__()
        self.more = 0

    def append(self, problem: str) -> None:
        if len(self) < MAX_PROBLEMS:
            super().append(problem)
        else:
            self.more += 1

    def as_list(self) -> list[str]:
        tail = [MESSAGES["more"] % {"count": format_number(self.more)}] if self.more else []
        return [*self, *tail]


@dataclass
class _Read:
    values: dict = field(default_factory=dict)  # ref → value
    notes: dict = field(default_factory=dict)  # ref → text
    titles: list = field(default_factory=list)  # texts of the sheets' title rows
    problems: Problems = field(default_factory=Problems)


@dataclass
class ChangeSet:
    """What an import would change: plain data, so it can wait in the session."""

    values: dict  # ref → new value, only the cells that change
    notes: dict  # ref → new note, only the notes that change
    versions: dict  # section key → version of the figure set the change is based on
    filename: str = ""
    mismatches: list = field(default_factory=list)  # other period / commune, in Vietnamese

    def to_json(self) -> dict:
        values = {ref: None if v is None else str(v) for ref, v in self.values.items()}
        return {**self.__dict__, "values": values}

    @classmethod
    def from_json(cls, data: dict) -> "ChangeSet":
        values = {ref: _from_text(ref, text) for ref, text in data["values"].items()}
        return cls(**{**data, "values": values})

    @property
    def count(self) -> int:
        return len(self.values) + len(self.notes)


def _from_text(ref: str, text):
    if text is None:
        return None
    return Decimal(text) if catalogue.ROWS[ref].kind == Kind.MONEY else int(text)


@dataclass
class ImportOutcome:
    problems: list[str] = field(default_factory=list)
    change_set: ChangeSet | None = None
    saved: int = 0  # changed cells written


@dataclass(frozen=True)
class CellChange:
    sheet: str  # "Biểu mẫu 3", "Số liệu phần II"
    stt: str
    label: str
    old: str  # formatted as the pages show it; "" when blank
    new: str
    note: bool = False  # a change of the Ghi chú column

    def __str__(self) -> str:
        what = f"{self.label} (ghi chú)" if self.note else self.label
        return (
            f"{self.sheet} · {self.stt} {what}: {self.old or '(trống)'} → {self.new or '(trống)'}"
        ).replace("  ", " ")


def read_workbook(data: bytes) -> _Read:
    """The values, notes and title texts of the file, with every problem found."""
    read = _Read()
    try:
        with Workbook(data) as workbook:
            known = 0
            for name in workbook.sheet_names:
                if name.strip() == EXPLANATIONS_SHEET:
                    continue  # written for the reader, never read back
                section = SHEETS.get(name.strip())
                if section is None:
                    read.problems.append(MESSAGES["unknown_sheet"] % {"sheet": name})
                    continue
                known += 1
                budget = _budget(section)
                _read_sheet(workbook.rows(name, budget), name, section, read)
    except Refused as refused:
        read.problems = Problems()
        read.problems.append(refused.message)
        return read
    if not known:
        read.problems.append(MESSAGES["no_sheet"] % {"figures": FIGURES_SHEET})
    return read


def _budget(section: catalogue.Section) -> Budget:
    """Twice the rows the form prints, plus its title, header and spacer rows."""
    rows = 2 * (len(section.rows) + len(section.footnotes)) + TITLE_ROWS
    return Budget(rows=rows, cells=rows * MAX_COLUMNS, form=section.heading or section.title)


def _where(sheet: str, row: int, column: str = "") -> str:
    if column:
        return f"Trang tính «{sheet}», dòng {row}, ô {column}{row}"
    return f"Trang tính «{sheet}», dòng {row}"


def _stt(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal):
        value = format(value.normalize(), "f")
    text = str(value).strip()
    if _CODE.match(text) and not text.endswith("."):
        text += "."
    return text


def _value(cell):
    return None if cell is None else cell.value


def _read_sheet(rows, name: str, section: catalogue.Section, read: _Read) -> None:
    by_stt = {row.stt: row for row in section.rows if row.stt}
    unnumbered = [row for row in section.rows if not row.stt]
    seen: dict[str, int] = {}
    in_titles = True
    for number, cells in rows:
        stt_cell, label_cell, _unit, value_cell, note_cell = cells
        stt = _stt(_value(stt_cell))
        value = _value(value_cell)
        if isinstance(value, str) and not value.strip():
            value = None
        if stt == "STT" or value == "Số liệu":
            in_titles = False
            continue  # the two header rows
        row = None
        if _CODE.match(stt):
            in_titles = False
            row = by_stt.get(stt)
            if row is None:
                read.problems.append(
                    f"{_where(name, number, 'A')}: mã chỉ tiêu «{stt}» không có trong {name}."
                )
                continue
        elif not stt:
            label = plain(_value(label_cell))
            row = next((r for r in unnumbered if label and label.startswith(plain(r.label))), None)
            if row is None:
                if in_titles:
                    read.titles.extend(str(c.value) for c in cells if c and c.value is not None)
                elif value is not None:
                    read.problems.append(
                        f"{_where(name, number, 'A')}: dòng có số liệu nhưng không có mã chỉ "
                        "tiêu (STT)."
                    )
                continue
        elif value is not None and number >= 5:
            read.problems.append(
                f"{_where(name, number, 'A')}: mã chỉ tiêu «{stt}» không có trong {name}."
            )
            continue
        else:
            if in_titles:
                read.titles.extend(str(c.value) for c in cells if c and c.value is not None)
            continue  # title rows and footnotes
        if row.kind == Kind.RATIO:
            continue  # computed from the counts, whatever the cell holds
        if row.ref in seen:
            read.problems.append(
                f"{_where(name, number, 'A')}: chỉ tiêu «{row.stt or row.label}» đã có ở dòng "
                f"{seen[row.ref]}."
            )
            continue
        seen[row.ref] = number
        _read_row(row, value_cell, value, note_cell, (name, number), read)


def _read_row(row, value_cell, value, note_cell, place: tuple, read: _Read) -> None:
    where = _where(*place, "D")
    if row.kind == Kind.HEADING:
        if value is not None:
            read.problems.append(f"{where}: «{row.stt}» là dòng tiêu đề, không có số liệu.")
        return
    if value_cell is not None and value_cell.formula and value is None:
        read.problems.append(
            f"{where}: ô có công thức nhưng chưa có kết quả tính sẵn. Hãy mở tệp bằng Excel "
            "hoặc LibreOffice, lưu lại rồi nhập; hoặc gõ số thay cho công thức."
        )
        return
    try:
        read.values[row.ref] = parsing.parse_value(_as_text(value), row)
    except ValidationError as error:
        read.problems.append(f"{where}: {parsing.message_of(error)}")
    note = str(_value(note_cell) or "").strip()
    if row.remark and note.startswith(row.remark):
        note = note[len(row.remark) :].strip()
    if len(note) > NOTE_MAX_LENGTH:
        message = NOTE_TOO_LONG % {"limit_value": NOTE_MAX_LENGTH, "show_value": len(note)}
        read.problems.append(f"{_where(*place, 'E')}: {message}")
        return
    read.notes[row.ref] = note


def _as_text(value) -> str | None:
    """A cell's value as the user would have typed it (Vietnamese decimal comma)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, Decimal):
        return "?"  # a boolean is not a number: the parser says so
    if value == value.to_integral():
        return str(int(value))
    return parsing.unambiguous_text(format(value.normalize(), "f").replace(".", ","))


# ---- the two steps ----------------------------------------------------------------------


def import_preview(report: Report, data: bytes, *, filename: str = "") -> ImportOutcome:
    """Read the file and work out what it would change in ``report``; save nothing."""
    outcome = ImportOutcome()
    if report.status not in IMPORTABLE_STATUSES:
        outcome.problems = [MESSAGES["status"]]
        return outcome
    read = read_workbook(data)
    if read.problems:
        outcome.problems = read.problems.as_list()
        return outcome
    sets = figure_sets(report)
    values, notes = {}, {}
    for key, figures in sets.items():
        for row in catalogue.SECTION_BY_KEY[key].input_rows:
            if row.ref in read.values and read.values[row.ref] != getattr(figures, row.field):
                values[row.ref] = read.values[row.ref]
            if row.ref in read.notes and read.notes[row.ref] != figures.notes.get(row.field, ""):
                notes[row.ref] = read.notes[row.ref]
    outcome.change_set = ChangeSet(
        values=values,
        notes=notes,
        versions={key: figures.version for key, figures in sets.items()},
        filename=filename[:200],
        mismatches=mismatches(report, read.titles),
    )
    return outcome


def change_lines(report: Report, change_set: ChangeSet) -> list[CellChange]:
    """Every cell the change set changes, in catalogue order, old (as saved now) → new."""
    current = figure_sets(report)
    lines = []
    for ref, row in catalogue.ROWS.items():
        if ref not in change_set.values and ref not in change_set.notes:
            continue
        section = catalogue.SECTION_BY_KEY[row.section]
        figures = current[row.section]
        sheet = section.heading or FIGURES_SHEET
        if ref in change_set.values:
            old = format_value(row.kind, getattr(figures, row.field))
            new = format_value(row.kind, change_set.values[ref])
            lines.append(CellChange(sheet, row.stt, row.label, old, new))
        if ref in change_set.notes:
            old, new = figures.notes.get(row.field, ""), change_set.notes[ref]
            lines.append(CellChange(sheet, row.stt, row.label, old, new, note=True))
    return lines


def rule_results(report: Report, change_set: ChangeSet) -> list:
    """The rules' results on the report's figures with the change applied."""
    return rules.check_values({**report_values(report), **change_set.values})


def import_apply(report: Report, change_set: ChangeSet, *, user, accept_mismatch: bool) -> int:
    """Save exactly ``change_set`` through the one save path (``figures_save``), with an audit
    row naming the file; return the number of changed cells. Raises ImportRefused (in
    Vietnamese) when nothing was saved: the report is no longer a draft or is frozen, a figure
    set changed since the preview, or the file is of another period or commune and
    ``accept_mismatch`` is false."""
    if report.status not in IMPORTABLE_STATUSES:
        raise ImportRefused(MESSAGES["status"])
    if change_set.mismatches and not accept_mismatch:
        raise ImportRefused(MESSAGES["mismatch_refused"])
    try:
        with transaction.atomic():
            saved = figures_save(
                report=report,
                changes=change_set.values,
                notes=change_set.notes,
                versions=change_set.versions,
                user=user,
                source=AuditEntry.Action.IMPORT,
            )
            if saved:
                summary = f"Nhập từ tệp Excel {change_set.filename}: {saved} ô thay đổi."
                AuditEntry.objects.create(
                    report_id=report.pk,
                    user=user,
                    action=AuditEntry.Action.IMPORT,
                    comment=summary.replace("  ", " "),
                )
    except SaveConflict as conflict:
        section = conflict.current.section
        raise ImportRefused(
            MESSAGES["conflict"] % {"section": section.heading or section.title}
        ) from None
    except ReportFrozen as frozen:
        raise ImportRefused(str(frozen.args[0])) from None
    return saved


class ImportRefused(Exception):
    """The confirmed import was not saved; ``message`` says why, in Vietnamese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def import_annex(
    report: Report, data: bytes, *, user, filename: str = "", accept_mismatch: bool = False
) -> ImportOutcome:
    """Both steps at once: read the file and, when it has no problem at all, save its change
    set. Otherwise save nothing and list the problems."""
    outcome = import_preview(report, data, filename=filename)
    if outcome.problems:
        return outcome
    try:
        outcome.saved = import_apply(
            report, outcome.change_set, user=user, accept_mismatch=accept_mismatch
        )
    except ImportRefused as refused:
        outcome.problems = [refused.message]
    return outcome
