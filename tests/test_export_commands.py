"""The export_report and import_annex commands."""

from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from reports.models import AuditEntry, Report
from reports.services import report_values


def test_export_report_writes_each_format(seed_report, tmp_path):
    for fmt in ("docx", "xlsx"):
        out = tmp_path / f"bc.{fmt}"
        call_command(
            "export_report",
            commune="Nam Thanh Miện",
            period="2026-Q2",
            format=fmt,
            out=str(out),
            stdout=StringIO(),
        )
        assert out.read_bytes()[:2] == b"PK"
    texts = [p.text for p in Document(BytesIO((tmp_path / "bc.docx").read_bytes())).paragraphs]
    assert "Công tác cải cách hành chính Quý II năm 2026" in texts


def test_export_report_unknown_commune_or_period(demo, tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy xã, phường «Tân Lập»."):
        call_command(
            "export_report", commune="Tân Lập", period="2026-Q2", format="docx", out="x.docx"
        )
    with pytest.raises(CommandError, match="chưa có báo cáo Quý I năm 2026"):
        call_command(
            "export_report",
            commune="xã Nam Thanh Miện",
            period="2026-Q1",
            format="docx",
            out=str(tmp_path / "x.docx"),
        )


def test_import_annex_creates_the_period_draft(seed_report, tmp_path):
    path = tmp_path / "bc.xlsx"
    call_command(
        "export_report",
        commune="Nam Thanh Miện",
        period="2026-Q2",
        format="xlsx",
        out=str(path),
        stdout=StringIO(),
    )
    out = StringIO()
    call_command(
        "import_annex",
        str(path),
        commune="Nam Thanh Miện",
        period="2026-Q4",
        accept_mismatch=True,  # the file is of Quý II
        stdout=out,
    )
    report = Report.objects.get(commune=seed_report.commune, year=2026, period_kind="Q4")
    assert report.status == "draft"
    assert report_values(report) == report_values(seed_report)
    assert "(báo cáo mới tạo)" in out.getvalue()
    assert "Cảnh báo:" in out.getvalue()  # rule results are shown


def test_failed_import_creates_nothing(demo, tmp_path):
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"not a workbook")
    reports, audit = Report.objects.count(), AuditEntry.objects.count()
    with pytest.raises(CommandError, match="Tệp không phải là tệp Excel .xlsx hợp lệ"):
        call_command("import_annex", str(path), commune="Nam Thanh Miện", period="2026-Q4")
    assert (Report.objects.count(), AuditEntry.objects.count()) == (reports, audit)
