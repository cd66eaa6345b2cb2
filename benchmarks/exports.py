"""Benchmark of the exports: the seed report as Word and as Excel, against a bare floor.

    .venv/bin/python benchmarks/exports.py [--repeat 30] [--runs 3]

Loads the demo data into a fresh SQLite database in a temporary folder (removed at the end),
then measures, interleaved (each export alternates with its floor, the order swapped every
round, so both sides see the same load on a shared machine):
- producing the seed DOCX (``reports.exports.docx_bytes``: reading the report and its snapshot,
  building the content, rendering, saving) against python-docx writing the same paragraphs,
  tables, rows and cells with the same texts and no logic (no styles, fonts or layout, the
  library's own template);
- producing the seed XLSX (``xlsx_bytes``) against openpyxl writing the same sheets and cell
  values with no formats, print setup or properties: the floor the target was set against.
  XlsxWriter (the library the export is written with) writing the same values bare is about
  four times faster than that floor; its ratio is printed beside, for reference.
Prints the median of each side and their ratio, for each run. Target: each export within 1,5×
of its floor.
"""

import argparse
import statistics
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.production import production_settings  # noqa: E402

TARGET = 1.5


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def interleaved(export, floor, repeat: int) -> tuple[float, float]:
    """Medians (ms) of ``export`` and ``floor``, run alternately."""
    export(), floor()  # warm-up
    sides: tuple[list[float], list[float]] = ([], [])
    for round_number in range(repeat):
        order = ((0, export), (1, floor)) if round_number % 2 == 0 else ((1, floor), (0, export))
        for side, fn in order:
            sides[side].append(_time(fn))
    return statistics.median(sides[0]), statistics.median(sides[1])


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
    import xlsxwriter

    out = BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    for title, rows in sheets:
        ws = book.add_worksheet(title)
        for row_number, row in enumerate(rows):
            for column, value in enumerate(row):
                if value is not None:
                    ws.write(row_number, column, value)
    book.close()
    return out.getvalue()


def xlsx_floor_openpyxl(sheets) -> bytes:
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
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as folder:
        production_settings(f"sqlite:///{folder}/bench.sqlite3")
        return measure(args)


def measure(args) -> int:
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
    print(f"Seed DOCX: {len(paragraphs)} paragraphs, {len(tables)} tables, {cells} cells")
    print(f"Seed XLSX: {len(sheets)} sheets, {xlsx_cells} filled cells")
    print(f"Medians of {args.repeat} interleaved rounds; target ≤ {TARGET}× the floor.")
    worst = 0.0
    for run in range(1, args.runs + 1):
        docx_ms, docx_floor_ms = interleaved(
            lambda: docx_bytes(report), lambda: docx_floor(paragraphs, tables), args.repeat
        )
        xlsx_ms, xlsx_floor_ms = interleaved(
            lambda: xlsx_bytes(report), lambda: xlsx_floor_openpyxl(sheets), args.repeat
        )
        bare_ms, xlsxwriter_ms = interleaved(
            lambda: xlsx_bytes(report), lambda: xlsx_floor(sheets), args.repeat
        )
        docx_ratio, xlsx_ratio = docx_ms / docx_floor_ms, xlsx_ms / xlsx_floor_ms
        worst = max(worst, docx_ratio, xlsx_ratio)
        print(
            f"Run {run}: DOCX {docx_ms:6.1f} ms vs python-docx floor {docx_floor_ms:6.1f} ms "
            f"= {docx_ratio:.2f}×; XLSX {xlsx_ms:6.1f} ms vs openpyxl floor "
            f"{xlsx_floor_ms:6.1f} ms = {xlsx_ratio:.2f}× (XLSX {bare_ms:6.1f} ms vs XlsxWriter "
            f"bare {xlsxwriter_ms:6.1f} ms = {bare_ms / xlsxwriter_ms:.2f}×)"
        )
    print(f"Worst ratio {worst:.2f}× ({'within' if worst <= TARGET else 'OVER'} the target)")
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
