"""The seed's Word report converted to PDF by LibreOffice, read back with pdftotext."""

import os
import shutil
import subprocess

import pytest

from reports.exports import pdf_bytes
from reports.exports.pdf import MISSING_MESSAGE, PdfError, docx_to_pdf

MISSING = not (shutil.which("libreoffice") or shutil.which("soffice")) or not shutil.which(
    "pdftotext"
)


@pytest.fixture
def need_libreoffice():
    if MISSING:
        if os.environ.get("CI") == "true":
            pytest.fail(
                "CI cần LibreOffice và pdftotext (apt-get install libreoffice-writer poppler-utils)"
            )
        pytest.skip("LibreOffice hoặc pdftotext chưa được cài trên máy này: bỏ qua kiểm tra PDF")


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "bc.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, timeout=60
    )
    return " ".join(result.stdout.decode("utf-8").split())


def test_seed_pdf_has_header_title_signer_and_figures(need_libreoffice, seed_report, tmp_path):
    data = pdf_bytes(seed_report)
    assert data.startswith(b"%PDF-")
    text = pdf_text(data, tmp_path)
    for expected in (
        "ỦY BAN NHÂN DÂN",
        "XÃ NAM THANH MIỆN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO",
        "Công tác cải cách hành chính Quý II năm 2026",
        "Vũ Văn Nguyễn",
        "Tổng số hồ sơ tiếp nhận: 5.683 hồ sơ.",
        "Đã giải quyết: 5.650 hồ sơ.",
        "Kế hoạch vốn đầu tư công được giao: 37.094 triệu đồng.",
        "Tỷ lệ giải ngân đạt: 53,6%.",
        "Phụ lục III",
        "99,33",  # Biểu 3 item 2.1 (the unit column says %)
        "4.501",
    ):
        assert expected in text, expected


def test_a_failed_conversion_gives_the_vietnamese_message(monkeypatch):
    from reports.exports import pdf

    def crash(*args, **kwargs):
        raise subprocess.TimeoutExpired(args[0], 1)

    monkeypatch.setattr(pdf, "libreoffice_binary", lambda: "/usr/bin/libreoffice")
    monkeypatch.setattr(pdf.subprocess, "run", crash)
    with pytest.raises(PdfError, match="Không chuyển được báo cáo sang PDF"):
        docx_to_pdf(b"PK")


def test_missing_libreoffice_message(monkeypatch):
    from reports.exports import pdf

    monkeypatch.setattr(pdf, "libreoffice_binary", lambda: None)
    with pytest.raises(PdfError, match="chưa cài LibreOffice"):
        docx_to_pdf(b"PK")
    assert "fonts-liberation2" in MISSING_MESSAGE
