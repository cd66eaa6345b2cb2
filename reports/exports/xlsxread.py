"""Bounded reading of an uploaded .xlsx: the limits a file must keep, and its cells, streamed.

An upload is untrusted: a file of 80 KB can unpack to a million rows, and a few MB of zip to
45 MB of shared strings. Nothing here reads more than the form can hold. Before any XML is
parsed, the zip's central directory, each part's declared (unpacked) size and the number of
sheets are checked; ``zipfile`` never returns more bytes than a part declares, so those sizes
bound what is read. A sheet is then streamed (defusedxml's ``iterparse``: no DTD entities, no
external references) and refused at the first row or cell beyond its budget. Each refusal is
one Vietnamese message (``Refused``), raised at once.

Only what the importer needs is read: the workbook's sheet names, the shared strings, and the
cells of the sheets asked for (columns A to E kept, the rest only counted). Styles, themes,
drawings and the rest of the package are never parsed.
"""

import posixpath
import struct
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from io import BytesIO

from defusedxml.ElementTree import iterparse
from django.conf import settings

from reports.numbers import format_number

MB = 1024 * 1024
MAX_UNPACKED = 50 * MB  # a zip whose parts together unpack beyond this is refused (zip bomb)
MAX_PARTS = 1000  # an Excel workbook of eight sheets has about 40 parts
MAX_CENTRAL_DIRECTORY = 256 * 1024  # about 40 bytes a part, plus its name
MAX_WORKBOOK_PART = 1 * MB  # workbook.xml and its relationships
MAX_SHARED_STRINGS_PART = 1 * MB  # the exported annex's texts fill well under 100 KB
MAX_SHARED_STRINGS = 20_000
MAX_SHEET_PART = 2 * MB  # an exported sheet is 10-30 KB; Excel's own re-save well under 1 MB
MAX_SHEETS = 24  # the annex has 9
MAX_CELL_TEXT = 32767  # Excel's own limit for one cell
KEPT_COLUMNS = 5  # A-E: STT, Chỉ tiêu, Đơn vị tính, Số liệu, Ghi chú

_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"

MESSAGES = {
    "too_large": "Tệp quá lớn: tối đa %(limit)s MB.",
    "not_xlsx": "Tệp không phải là tệp Excel .xlsx hợp lệ (tệp bị hỏng hoặc sai định dạng).",
    "macros": "Tệp có chứa macro (.xlsm): không được nhận. Hãy lưu lại dưới dạng .xlsx.",
    "parts": (
        "Tệp có quá nhiều thành phần so với một tệp Biểu mẫu (tối đa %(limit)s): "
        "tệp không được nhận."
    ),
    "sheets": (
        "Tệp có %(count)s trang tính, nhiều hơn hẳn mẫu (9 trang tính; nhận tối đa %(limit)s): "
        "tệp không được nhận."
    ),
    "strings": (
        "Tệp chứa quá nhiều chữ so với mọi Biểu mẫu (bảng chuỗi dùng chung vượt %(size)s MB "
        "hoặc %(count)s chuỗi): tệp không được nhận. Hãy nhập vào tệp xuất từ hệ thống."
    ),
    "sheet": (
        "Trang tính «%(sheet)s» lớn hơn nhiều so với %(form)s (nhận tối đa %(rows)s dòng, "
        "%(cells)s ô, %(size)s MB): tệp không được nhận. Hãy nhập vào tệp xuất từ hệ thống."
    ),
    "cell_text": (
        "Trang tính «%(sheet)s», ô %(cell)s: nội dung dài hơn %(limit)s ký tự, giới hạn của "
        "Excel: tệp không được nhận."
    ),
}


class Refused(Exception):
    """The file is refused as a whole; ``message`` says why, in Vietnamese."""

    def __init__(self, key: str, **params):
        self.message = MESSAGES[key] % params
        super().__init__(self.message)


@dataclass(frozen=True)
class Cell:
    value: object  # None, str, Decimal or bool
    formula: bool = False  # the cell holds a formula; ``value`` is its cached result, if any


@dataclass(frozen=True)
class Budget:
    """How much of a sheet is read before it is refused, and what the message calls it."""

    rows: int
    cells: int
    form: str  # "Biểu mẫu 3"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def megabytes(size: int) -> str:
    """A size in MB as messages print it: 10485760 → "10"."""
    return format_number(Decimal(size) / MB)


def _column(ref: str) -> int:
    """ "D12" → 4; 0 when the reference has no column letters."""
    number = 0
    for char in ref:
        if not "A" <= char <= "Z":
            break
        number = number * 26 + ord(char) - 64
    return number


def _central_directory_ok(data: bytes) -> bool:
    """Is the zip's central directory small enough to open? ``zipfile`` reads it whole and
    makes an object per entry, whatever the entry count claims: 10 MB of empty entries would
    cost it 60 MB and seconds. Zip64 is refused outright (no annex needs it)."""
    end = data.rfind(_EOCD, max(0, len(data) - 65557))
    if end < 0 or len(data) < end + 22:
        return True  # not a zip at all: zipfile says so
    entries, size = struct.unpack("<HI", data[end + 10 : end + 16])
    if end >= 20 and data[end - 20 : end - 16] == _ZIP64_LOCATOR:
        return False
    return entries <= MAX_PARTS and size <= MAX_CENTRAL_DIRECTORY


class Workbook:
    """An opened upload: ``sheet_names`` in the file's order, ``rows(name, budget)``."""

    def __init__(self, data: bytes):
        limit = settings.MAX_UPLOAD_SIZE
        if len(data) > limit:
            raise Refused("too_large", limit=megabytes(limit))
        if not _central_directory_ok(data):
            raise Refused("parts", limit=format_number(MAX_PARTS))
        try:
            self.archive = zipfile.ZipFile(BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise Refused("not_xlsx") from None
        try:
            self._check_package()
            self.strings: list[str] | None = None
            self._sheets = self._read_workbook()
        except Exception:
            self.archive.close()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.archive.close()

    @property
    def sheet_names(self) -> list[str]:
        return list(self._sheets)

    def _check_package(self) -> None:
        infos = self.archive.infolist()
        if len(infos) > MAX_PARTS:
            raise Refused("parts", limit=format_number(MAX_PARTS))
        self.names = {info.filename.lower(): info for info in infos}
        if "[content_types].xml" not in self.names or "xl/workbook.xml" not in self.names:
            raise Refused("not_xlsx")
        if any(name.endswith("vbaproject.bin") for name in self.names):
            raise Refused("macros")
        types = self._read("[content_types].xml", MAX_WORKBOOK_PART)
        if b"macroEnabled" in types or b"vbaProject" in types:
            raise Refused("macros")
        if sum(info.file_size for info in infos) > MAX_UNPACKED:
            raise Refused("not_xlsx")

    def _info(self, name: str):
        info = self.names.get(name.lower())
        if info is None:
            raise Refused("not_xlsx")
        return info

    def _read(self, name: str, limit: int) -> bytes:
        info = self._info(name)
        if info.file_size > limit:
            raise Refused("not_xlsx")
        try:
            with self._open(info) as stream:
                return stream.read()
        except Refused:
            raise
        except Exception:  # BadZipFile (CRC), zlib.error, EOFError… on a damaged part
            raise Refused("not_xlsx") from None

    def _open(self, info):
        try:
            return self.archive.open(info)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError):
            raise Refused("not_xlsx") from None

    def _events(self, info, events=("end",)):
        """The part's XML events, parsed safely; a malformed part is a broken file."""
        try:
            with self._open(info) as stream:
                yield from iterparse(stream, events=events)
        except Refused:
            raise
        except Exception:  # ParseError, DefusedXmlException, BadZipFile (CRC), zlib.error…
            raise Refused("not_xlsx") from None

    def _read_workbook(self) -> dict[str, str]:
        """{sheet name: part path}; also finds the shared strings part."""
        if self._info("xl/workbook.xml").file_size > MAX_WORKBOOK_PART:
            raise Refused("not_xlsx")
        targets, self.strings_part = {}, "xl/sharedStrings.xml"
        if "xl/_rels/workbook.xml.rels" in self.names:
            info = self._info("xl/_rels/workbook.xml.rels")
            if info.file_size > MAX_WORKBOOK_PART:
                raise Refused("not_xlsx")
            for _event, element in self._events(info):
                if _local(element.tag) != "Relationship":
                    continue
                target = element.get("Target", "")
                path = target[1:] if target.startswith("/") else posixpath.join("xl", target)
                path = posixpath.normpath(path)
                targets[element.get("Id", "")] = path
                if element.get("Type", "").endswith("/sharedStrings"):
                    self.strings_part = path
        sheets = {}
        for _event, element in self._events(self._info("xl/workbook.xml")):
            if _local(element.tag) != "sheet":
                continue
            if len(sheets) >= MAX_SHEETS:
                count = self._count_sheets()
                raise Refused("sheets", count=format_number(count), limit=MAX_SHEETS)
            rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), "")
            sheets[element.get("name", "")] = targets.get(rid, "")
        return sheets

    def _count_sheets(self) -> int:
        info = self._info("xl/workbook.xml")
        return sum(1 for _e, el in self._events(info) if _local(el.tag) == "sheet")

    def _shared_strings(self) -> list[str]:
        if self.strings is not None:
            return self.strings
        self.strings = []
        info = self.names.get(self.strings_part.lower())
        if info is None:
            return self.strings
        if info.file_size > MAX_SHARED_STRINGS_PART:
            raise Refused(
                "strings",
                size=megabytes(MAX_SHARED_STRINGS_PART),
                count=format_number(MAX_SHARED_STRINGS),
            )
        for _event, element in self._events(info):
            if _local(element.tag) == "si":
                if len(self.strings) >= MAX_SHARED_STRINGS:
                    raise Refused(
                        "strings",
                        size=megabytes(MAX_SHARED_STRINGS_PART),
                        count=format_number(MAX_SHARED_STRINGS),
                    )
                self.strings.append(_text(element))
                element.clear()
        return self.strings

    def rows(self, name: str, budget: Budget) -> list[tuple[int, list[Cell | None]]]:
        """The sheet's rows that hold cells, as (row number, [cell of A … E or None]).
        Refused at the first row or cell beyond ``budget``, or a part beyond its size."""
        limits = {
            "sheet": name,
            "form": budget.form,
            "rows": format_number(budget.rows),
            "cells": format_number(budget.cells),
            "size": megabytes(MAX_SHEET_PART),
        }
        info = self._info(self._sheets[name])
        if info.file_size > MAX_SHEET_PART:
            raise Refused("sheet", **limits)
        strings = self._shared_strings()
        rows, row_count, cell_count, number, column = [], 0, 0, 0, 0
        current: list[Cell | None] = [None] * KEPT_COLUMNS
        for event, element in self._events(info, ("start", "end")):
            tag = _local(element.tag)
            if event == "start":
                if tag == "row":
                    row_count += 1
                    if row_count > budget.rows:
                        raise Refused("sheet", **limits)
                    number = _row_number(element.get("r"), number)
                    current, column = [None] * KEPT_COLUMNS, 0
                elif tag == "c":
                    cell_count += 1
                    if cell_count > budget.cells:
                        raise Refused("sheet", **limits)
                continue
            if tag == "c":
                ref = element.get("r", "")
                column = _column(ref) or column + 1
                if column <= KEPT_COLUMNS:
                    current[column - 1] = _cell(element, strings, name, ref)
                element.clear()
            elif tag == "row":
                if any(cell is not None for cell in current):
                    rows.append((number, current))
                element.clear()
        return rows


def _row_number(text: str | None, previous: int) -> int:
    if not text:
        return previous + 1
    try:
        return int(text)
    except ValueError:
        raise Refused("not_xlsx") from None


def _text(element) -> str:
    """The text of a string item (<si> or <is>): plain or rich-text runs, not phonetic hints."""
    parts = []
    for child in element:
        tag = _local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


def _cell(element, strings: list[str], sheet: str, ref: str) -> Cell | None:
    kind = element.get("t", "n")
    formula, raw, inline = False, None, None
    for child in element:
        tag = _local(child.tag)
        if tag == "f":
            formula = True
        elif tag == "v":
            raw = child.text
        elif tag == "is":
            inline = _text(child)
    if kind == "inlineStr":
        value = inline
    elif raw is None:
        value = None
    elif kind == "s":
        try:
            value = strings[int(raw)]
        except (ValueError, IndexError):
            raise Refused("not_xlsx") from None
    elif kind == "b":
        value = raw.strip() == "1"
    elif kind in ("str", "e", "d"):
        value = raw
    else:
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise Refused("not_xlsx") from None
        if not value.is_finite():
            value = raw  # "NaN", "Infinity": the importer's parser refuses them as text
    if isinstance(value, str) and len(value) > MAX_CELL_TEXT:
        raise Refused("cell_text", sheet=sheet, cell=ref, limit=format_number(MAX_CELL_TEXT))
    if value is None and not formula:
        return None
    return Cell(value, formula)
