"""Import of the Excel annex (the layout ``reports.exports.xlsx`` writes) into a draft report.

Rows are matched by sheet and STT code, never by position (the Biểu mẫu 2 sub-row, which has no
STT, by its label). Every problem is reported by sheet, row and cell, in Vietnamese, and on any
problem nothing is saved. A ratio cell is checked against its parts (rounding to one decimal is
accepted); it is never stored. The file is size-limited and parsed safely: it must be a plain
.xlsx zip without macros, and openpyxl reads it in read-only mode through defusedxml.
"""

import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from reports import catalogue, parsing
from reports.catalogue import Kind
from reports.models import FIGURE_MODELS, AuditEntry, Report, Status
from reports.numbers import format_number, format_percent, ratio
from reports.services import figure_sets

from .xlsx import FIGURES_SHEET

SHEETS = {s.heading or FIGURES_SHEET: s for s in catalogue.SECTIONS}
IMPORTABLE_STATUSES = (Status.DRAFT, Status.RETURNED)
MAX_UNPACKED = 50 * 1024 * 1024  # a zip that inflates beyond this is refused (zip bomb)
RATIO_TOLERANCE = Decimal("0.05")  # percentage points: "60,5%" for 60,526…% is accepted
_CODE = re.compile(r"^(?:[A-Z]|\d+)(?:\.\d+)*\.?$")

MESSAGES = {
    "too_large": "Tệp quá lớn: tối đa %(limit)s MB.",
    "not_xlsx": "Tệp không phải là tệp Excel .xlsx hợp lệ (tệp bị hỏng hoặc sai định dạng).",
    "macros": "Tệp có chứa macro (.xlsm): không được nhận. Hãy lưu lại dưới dạng .xlsx.",
    "no_sheet": "Tệp không có trang tính nào theo mẫu (Biểu mẫu 1 … Biểu mẫu 7, %(figures)s).",
    "unknown_sheet": "Trang tính «%(sheet)s» không thuộc mẫu xuất từ hệ thống.",
    "status": "Chỉ nhập được vào báo cáo đang dự thảo hoặc bị trả lại.",
    "conflict": (
        "Số liệu của «%(section)s» vừa được người khác sửa; vui lòng tải lại trang và nhập lại."
    ),
}


@dataclass
class ImportOutcome:
    problems: list[str] = field(default_factory=list)
    changes: list[tuple[str, object, object]] = field(default_factory=list)  # (ref, old, new)
    saved: bool = False


@dataclass
class _Read:
    values: dict = field(default_factory=dict)  # ref → value
    notes: dict = field(default_factory=dict)  # ref → text
    ratios: dict = field(default_factory=dict)  # ref → (Decimal percent, where)
    problems: list = field(default_factory=list)


def _where(sheet: str, row: int, column: str = "") -> str:
    if column:
        return f"Trang tính «{sheet}», dòng {row}, ô {column}{row}"
    return f"Trang tính «{sheet}», dòng {row}"


def check_file(data: bytes) -> str | None:
    """Why the upload cannot be read at all, or None."""
    limit = settings.MAX_UPLOAD_SIZE
    if len(data) > limit:
        return MESSAGES["too_large"] % {"limit": format_number(Decimal(limit) / 1024 / 1024)}
    if not zipfile.is_zipfile(BytesIO(data)):
        return MESSAGES["not_xlsx"]
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename.lower() for info in infos}
            if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
                return MESSAGES["not_xlsx"]
            if any(name.endswith("vbaproject.bin") for name in names):
                return MESSAGES["macros"]
            types = archive.read("[Content_Types].xml")
            if b"macroEnabled" in types or b"vbaProject" in types:
                return MESSAGES["macros"]
            if sum(info.file_size for info in infos) > MAX_UNPACKED:
                return MESSAGES["not_xlsx"]
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return MESSAGES["not_xlsx"]
    return None


def read_workbook(data: bytes) -> _Read:
    """The values, notes and ratio cells of the file, with every problem found."""
    read = _Read()
    problem = check_file(data)
    if problem:
        read.problems.append(problem)
        return read
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True, keep_vba=False)
    except Exception:  # openpyxl raises many kinds on a damaged file
        read.problems.append(MESSAGES["not_xlsx"])
        return read
    try:
        known = 0
        for name in workbook.sheetnames:
            section = SHEETS.get(name.strip())
            if section is None:
                read.problems.append(MESSAGES["unknown_sheet"] % {"sheet": name})
                continue
            known += 1
            try:
                _read_sheet(workbook[name], name, section, read)
            except Exception:
                read.problems.append(MESSAGES["not_xlsx"])
        if not known:
            read.problems.append(MESSAGES["no_sheet"] % {"figures": FIGURES_SHEET})
    finally:
        workbook.close()
    return read


def _stt(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        value = format(value, "g")
    text = str(value).strip()
    if _CODE.match(text) and not text.endswith("."):
        text += "."
    return text


def _plain(text) -> str:
    return " ".join(str(text or "").split()).casefold()


def _read_sheet(ws, name: str, section: catalogue.Section, read: _Read) -> None:
    by_stt = {row.stt: row for row in section.rows if row.stt}
    unnumbered = [row for row in section.rows if not row.stt]
    seen: dict[str, int] = {}
    for number, cells in enumerate(ws.iter_rows(min_row=1, max_col=5), start=1):
        cells = list(cells) + [None] * (5 - len(cells))
        stt_cell, label_cell, _unit, value_cell, note_cell = cells
        stt = _stt(getattr(stt_cell, "value", None))
        value = getattr(value_cell, "value", None)
        if isinstance(value, str) and not value.strip():
            value = None
        if stt == "STT" or value == "Số liệu":
            continue  # the two header rows
        row = None
        if _CODE.match(stt):
            row = by_stt.get(stt)
            if row is None:
                read.problems.append(
                    f"{_where(name, number, 'A')}: mã chỉ tiêu «{stt}» không có trong {name}."
                )
                continue
        elif not stt:
            label = _plain(getattr(label_cell, "value", ""))
            row = next((r for r in unnumbered if label and label.startswith(_plain(r.label))), None)
            if row is None:
                if value is not None:
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
            continue  # title rows and footnotes
        if row.ref in seen:
            read.problems.append(
                f"{_where(name, number, 'A')}: chỉ tiêu «{row.stt or row.label}» đã có ở dòng "
                f"{seen[row.ref]}."
            )
            continue
        seen[row.ref] = number
        _read_row(row, value_cell, value, note_cell, _where(name, number, "D"), read)


def _read_row(row, value_cell, value, note_cell, where: str, read: _Read) -> None:
    if row.kind == Kind.HEADING:
        if value is not None:
            read.problems.append(f"{where}: «{row.stt}» là dòng tiêu đề, không có số liệu.")
        return
    if row.kind == Kind.RATIO:
        if value is not None:
            percent = _percent(value, getattr(value_cell, "number_format", "") or "")
            if percent is None:
                read.problems.append(f"{where}: không đọc được tỷ lệ «{value}».")
            else:
                read.ratios[row.ref] = (percent, where)
        return
    try:
        read.values[row.ref] = parsing.parse_value(_as_text(value), row)
    except ValidationError as error:
        read.problems.append(f"{where}: {parsing.message_of(error)}")
    note = str(getattr(note_cell, "value", None) or "").strip()
    if row.remark and note.startswith(row.remark):
        note = note[len(row.remark) :].strip()
    read.notes[row.ref] = note


def _as_text(value) -> str | None:
    """A cell's value as the user would have typed it (Vietnamese decimal comma)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return "?"  # a date or a boolean is not a number: the parser says so
    number = Decimal(str(value))
    if number == number.to_integral():
        return str(int(number))
    return parsing.unambiguous_text(format(number.normalize(), "f").replace(".", ","))


def _percent(value, number_format: str) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = Decimal(str(value))
        return number * 100 if "%" in number_format else number
    text = str(value).strip().lstrip("=").strip().rstrip("%").strip()
    text = text.replace(".", "").replace(",", ".") if "," in text else text
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _check_ratios(read: _Read, current: dict) -> None:
    merged = {**current, **read.values}
    for ref, (given, where) in read.ratios.items():
        row = catalogue.ROWS[ref]
        num, den = merged.get(row.numerator), merged.get(row.denominator)
        computed = ratio(num, den)
        if computed is None:
            read.problems.append(
                f"{where}: có tỷ lệ {format_percent(given)} nhưng không tính được từ các chỉ "
                "tiêu thành phần (thiếu số liệu hoặc mẫu số bằng 0)."
            )
            continue
        exact = Decimal(num) * 100 / Decimal(den)
        if abs(given - exact) >= RATIO_TOLERANCE:
            read.problems.append(
                f"{where}: tỷ lệ {format_percent(given)} không khớp với số liệu của các chỉ tiêu "
                f"thành phần ({format_number(num)} / {format_number(den)} = "
                f"{format_percent(computed)})."
            )


class _Conflict(Exception):
    pass


def import_annex(report: Report, data: bytes, *, user, filename: str = "") -> ImportOutcome:
    """Read ``data`` and, when it has no problem at all, save its figures and notes into the
    report (one audit row per changed value). Otherwise save nothing and list the problems."""
    outcome = ImportOutcome()
    if report.status not in IMPORTABLE_STATUSES:
        outcome.problems.append(MESSAGES["status"])
        return outcome
    read = read_workbook(data)
    sets = figure_sets(report)
    current = {ref: v for fs in sets.values() for ref, v in fs.values().items()}
    if not read.problems:
        _check_ratios(read, current)
    if read.problems:
        outcome.problems = read.problems
        return outcome
    try:
        with transaction.atomic():
            locked = Report.objects.select_for_update().get(pk=report.pk)
            if locked.status not in IMPORTABLE_STATUSES:
                outcome.problems.append(MESSAGES["status"])
                return outcome
            outcome.changes, saved = _save(report, sets, read, user, filename)
    except _Conflict as conflict:
        outcome.problems.append(MESSAGES["conflict"] % {"section": conflict.args[0]})
        outcome.changes = []
        return outcome
    _refresh(saved)
    outcome.saved = True
    return outcome


def _save(report, sets, read: _Read, user, filename: str) -> tuple[list, list]:
    changes, audit, saved = [], [], []
    for key, figures in sets.items():
        section = catalogue.SECTION_BY_KEY[key]
        updates, notes = {}, dict(figures.notes or {})
        for row in section.input_rows:
            if row.ref not in read.values:
                continue
            old, new = getattr(figures, row.field), read.values[row.ref]
            if old != new:
                updates[row.field] = new
                changes.append((row.ref, old, new))
                audit.append(_audit(report, user, key, row.field, old, new))
            note = read.notes.get(row.ref, "")
            if note != notes.get(row.field, ""):
                audit.append(_audit(report, user, key, row.field, notes.get(row.field, ""), note))
                if note:
                    notes[row.field] = note
                else:
                    notes.pop(row.field, None)
        if not updates and notes == (figures.notes or {}):
            continue
        model = FIGURE_MODELS[key]
        done = model.objects.filter(pk=figures.pk, version=figures.version).update(
            **updates,
            notes=notes,
            version=figures.version + 1,
            updated_by=user,
            updated_at=timezone.now(),
        )
        if not done:
            raise _Conflict(section.heading or section.title)
        saved.append((figures, updates, notes))
    audit.append(
        AuditEntry(
            report=report,
            user=user,
            action=AuditEntry.Action.IMPORT,
            comment=f"Nhập từ tệp Excel {filename}: {len(changes)} số liệu thay đổi.".replace(
                "  ", " "
            ),
        )
    )
    AuditEntry.objects.bulk_create(audit)
    return changes, saved


def _refresh(saved) -> None:
    """Once saved, the report's cached figure sets show what was saved."""
    for figures, updates, notes in saved:
        for name, value in updates.items():
            setattr(figures, name, value)
        figures.notes, figures.version = notes, figures.version + 1


def _audit(report, user, section, field_name, old, new) -> AuditEntry:
    return AuditEntry(
        report=report,
        user=user,
        action=AuditEntry.Action.IMPORT,
        section=section,
        field=field_name,
        old_value="" if old is None else str(old),
        new_value="" if new is None else str(new),
    )
