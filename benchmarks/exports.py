"""Benchmark of the exports: the seed report as Word and as Excel, against a bare floor.

    .venv/bin/python benchmarks/exports.py [--repeat 30]

Loads the demo data into a fresh SQLite database in a temporary folder, then prints the median
time of:
- producing the seed DOCX (``reports.exports.docx_bytes``: reading the report, building the
  content, rendering, saving) and the seed XLSX (``xlsx_bytes``);
- the floor, measured in the same run: python-docx writing the same number of paragraphs,
  tables, rows and cells with the same texts and no logic (no styles, fonts or layout), and
  openpyxl writing the same sheets and cells with no formats.
Target: each export within 1,5× of its floor.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET = 1.5


def median_ms(fn, repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def docx_shape(data: bytes):
    """The texts of the body paragraphs and of every table cell (row by row) of a DOCX."""
    from docx import Document

    document = Document(BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    return paragraphs, tables


def docx_floor(paragraphs, tables) -> bytes:
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    for rows in tables:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for row, texts in zip(table.rows, rows, strict=True):
            for cell, text in zip(row.cells, texts, strict=True):
                cell.text = text
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_shape(data: bytes):
    from openpyxl import load_workbook

    book = load_workbook(BytesIO(data))
    return [
        (ws.title, [[c.value for c in row] for row in ws.iter_rows()]) for ws in book.worksheets
    ]


def xlsx_floor(sheets) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="cchc-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    from reports.exports import docx_bytes, xlsx_bytes
    from reports.models import Report

    report = Report.objects.get(commune__name="Nam Thanh Miện", year=2026, period_kind="Q2")
    paragraphs, tables = docx_shape(docx_bytes(report))
    sheets = xlsx_shape(xlsx_bytes(report))
    cells = sum(len(row) for rows in tables for row in rows)
    xlsx_cells = sum(sum(1 for v in row if v is not None) for _, rows in sheets for row in rows)

    docx_ms = median_ms(lambda: docx_bytes(report), args.repeat)
    docx_floor_ms = median_ms(lambda: docx_floor(paragraphs, tables), args.repeat)
    xlsx_ms = median_ms(lambda: xlsx_bytes(report), args.repeat)
    xlsx_floor_ms = median_ms(lambda: xlsx_floor(sheets), args.repeat)

    print(f"Seed DOCX: {len(paragraphs)} paragraphs, {len(tables)} tables, {cells} cells")
    print(f"  export (read + build + render) median {docx_ms:8.1f} ms")
    print(f"  python-docx floor, same content     {docx_floor_ms:8.1f} ms")
    print(f"  ratio {docx_ms / docx_floor_ms:.2f}× (target ≤ {TARGET}×)")
    print(f"Seed XLSX: {len(sheets)} sheets, {xlsx_cells} filled cells")
    print(f"  export (read + build + render) median {xlsx_ms:8.1f} ms")
    print(f"  openpyxl floor, same cells          {xlsx_floor_ms:8.1f} ms")
    print(f"  ratio {xlsx_ms / xlsx_floor_ms:.2f}× (target ≤ {TARGET}×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
