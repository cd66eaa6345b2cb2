"""Hostile Excel files for the import's limits, built from a real exported annex: each keeps the
annex's package and changes one part (or the zip itself) the way an attacker would. Used by
``tests/test_import_limits.py`` and ``benchmarks/import_limits.py``.

- ``million_rows``: "Biểu mẫu 3" as 1,000,000 tiny rows and no ``<dimension>`` (26 MB unpacked);
- ``huge_shared_strings``: 45 MB of shared strings in a zip of about 5 MB;
- ``many_shared_strings``: 100,000 empty shared strings (under the size bound, over the count);
- ``huge_cell``: one cell of 30 MB of text; ``long_cell``: one of 100,000 characters (Excel
  stops at 32,767), in a sheet small enough to be parsed;
- ``many_sheets``: a workbook listing 10,000 sheets;
- ``many_parts``: a zip of 60,000 empty parts (opening it would cost 30 MB and seconds);
- ``many_rows``: 1,000 rows in a sheet small enough to be parsed (the row budget must catch it).
"""

import random
import zipfile
from io import BytesIO
from xml.etree import ElementTree

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
SHEET_TAIL = "</sheetData></worksheet>"


def sheet_part(base: bytes, name: str) -> str:
    """The zip path of the sheet called ``name`` in ``base`` (an exported annex)."""
    with zipfile.ZipFile(BytesIO(base)) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    for sheet in book.iter(f"{{{MAIN}}}sheet"):
        if sheet.get("name") == name:
            target = targets[sheet.get(f"{{{REL}}}id")]
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    raise KeyError(name)


def with_parts(base: bytes, parts: dict) -> bytes:
    """``base`` with the parts of ``parts`` ({path: bytes}) replacing or joining its own."""
    out = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            if item.filename not in parts:
                target.writestr(item, source.read(item))
        for path, data in parts.items():
            target.writestr(path, data)
    return out.getvalue()


def _sheet(base: bytes, body: bytes, name: str = "Biểu mẫu 3") -> bytes:
    xml = SHEET_HEAD.encode() + body + SHEET_TAIL.encode()
    return with_parts(base, {sheet_part(base, name): xml})


def million_rows(base: bytes) -> bytes:
    return _sheet(base, b"<row><c><v>1</v></c></row>" * 1_000_000)


def many_rows(base: bytes) -> bytes:
    return _sheet(base, b"<row><c><v>1</v></c></row>" * 1_000)


def _huge_cell(base: bytes, length: int) -> bytes:
    body = b'<row r="12"><c r="E12" t="inlineStr"><is><t>' + b"9" * length + b"</t></is></c></row>"
    return _sheet(base, body)


def huge_cell(base: bytes) -> bytes:
    return _huge_cell(base, 30_000_000)


def long_cell(base: bytes) -> bytes:
    return _huge_cell(base, 100_000)


def huge_shared_strings(base: bytes) -> bytes:
    """45 MB of strings that compress about 9:1, as the attack file did (5.5 MB)."""
    rnd = random.Random(12)
    words = [bytes(rnd.choices(b"abcdefghijklmnopqrstuvwxyz", k=6)) for _ in range(16)]
    items, size = [], 0
    while size < 1_000_000:
        item = b"<si><t>" + b" ".join(rnd.choices(words, k=8)) + b"</t></si>"
        items.append(item)
        size += len(item)
    block = b"".join(items)
    return with_shared_strings(
        base, b'<sst xmlns="' + MAIN.encode() + b'">' + block * 45 + b"</sst>"
    )


def many_shared_strings(base: bytes) -> bytes:
    data = b'<sst xmlns="' + MAIN.encode() + b'">' + b"<si/>" * 100_000 + b"</sst>"
    return with_shared_strings(base, data)


def with_shared_strings(base: bytes, data: bytes) -> bytes:
    """``base`` with ``data`` as its shared strings part, declared as Excel declares it (in the
    content types and the workbook's relationships), so that any reader loads it."""
    with zipfile.ZipFile(BytesIO(base)) as archive:
        types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    types = types.replace(
        "</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}"/></Types>'
    )
    relation = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Type="{relation}" Target="sharedStrings.xml" Id="rIdStrings"/>'
        "</Relationships>",
    )
    parts = {"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels}
    return with_parts(base, {**parts, "xl/sharedStrings.xml": data})


def many_sheets(base: bytes) -> bytes:
    """10,000 sheets in the workbook, all pointing at the first sheet's part."""
    sheets = "".join(
        f'<sheet name="Trang {i}" sheetId="{i}" r:id="rId1"/>' for i in range(1, 10_001)
    )
    book = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
        f"<sheets>{sheets}</sheets></workbook>"
    )
    return with_parts(base, {"xl/workbook.xml": book.encode()})


def many_parts(base: bytes) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        with zipfile.ZipFile(BytesIO(base)) as source:
            for item in source.infolist():
                target.writestr(item, source.read(item))
        for i in range(60_000):
            target.writestr(f"x/{i:x}", b"")
    return out.getvalue()


HOSTILE = {
    "1.000.000 dòng, không có <dimension>": million_rows,
    "45 MB chuỗi dùng chung": huge_shared_strings,
    "100.000 chuỗi dùng chung rỗng": many_shared_strings,
    "một ô 30 MB": huge_cell,
    "một ô 100.000 ký tự": long_cell,
    "10.000 trang tính": many_sheets,
    "60.000 thành phần zip": many_parts,
    "1.000 dòng": many_rows,
}
