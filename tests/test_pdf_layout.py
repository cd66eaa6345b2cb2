"""The Word report as the city receives it: converted to PDF by LibreOffice and read back per
page with pdftotext, and its Info dictionary with pdfinfo. Skipped without LibreOffice, pdftotext
or pdfinfo (a newcomer's machine), failed under CI."""

import os
import re
import shutil
import subprocess

import pytest

from reports.exports import content_for_export, docx_bytes
from reports.exports.builder import identity
from reports.exports.pdf import docx_to_pdf

TOOLS = ("pdftotext", "pdfinfo")
MISSING = not (shutil.which("libreoffice") or shutil.which("soffice")) or not all(
    shutil.which(tool) for tool in TOOLS
)
MIN_ROWS = 5
ROW = re.compile(r"^(\d+\.)+\s")  # a table row's first line starts with its STT code
HEADING = re.compile(r"^Biểu mẫu \d+$")


@pytest.fixture
def need_tools():
    if MISSING:
        if os.environ.get("CI") == "true":
            pytest.fail("CI cần LibreOffice và poppler-utils (pdftotext, pdfinfo)")
        pytest.skip("LibreOffice, pdftotext hoặc pdfinfo chưa được cài trên máy này")


def pdf_pages(data: bytes, tmp_path) -> list[list[str]]:
    """Each page's non-empty lines, as pdftotext lays them out."""
    path = tmp_path / "bc.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, timeout=60
    )
    pages = result.stdout.decode().split("\f")
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in pages[:-1]]


def pdf_info(data: bytes, tmp_path) -> dict[str, str]:
    path = tmp_path / "info.pdf"
    path.write_bytes(data)
    result = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, timeout=60)
    return dict(
        (key.strip(), value.strip())
        for key, _, value in (line.partition(":") for line in result.stdout.decode().splitlines())
    )


def annex_problems(pages: list[list[str]], titles: set[str]) -> list[str]:
    """Pages of Phụ lục III that end with a Biểu mẫu's heading or title, or with fewer than
    MIN_ROWS rows of a table that goes on over the page."""
    start = next(i for i, lines in enumerate(pages) if "Phụ lục III" in lines)
    problems = []
    for number in range(start, len(pages)):
        lines = [line for line in pages[number] if not line.isdigit()]  # the page number
        last = lines[-1]
        if HEADING.match(last) or last in titles:
            problems.append(f"trang {number + 1} kết thúc bằng «{last}»")
            continue
        following = (
            [line for line in pages[number + 1] if not line.isdigit()]
            if (number + 1 < len(pages))
            else []
        )
        # A table goes on over the page when the next page opens with its repeated header.
        continues = any(line.startswith(("STT", "Chỉ tiêu thống kê")) for line in following[:2])
        if continues:
            headings = [i for i, line in enumerate(lines) if HEADING.match(line)]
            rows = [line for line in lines[headings[-1] if headings else 0 :] if ROW.match(line)]
            if len(rows) < MIN_ROWS:
                problems.append(f"trang {number + 1}: bảng sang trang sau chỉ với {len(rows)} dòng")
    return problems


def test_draft_pdf_says_du_thao_on_every_page(need_tools, draft_report, tmp_path):
    pages = pdf_pages(docx_to_pdf(docx_bytes(draft_report)), tmp_path)
    assert len(pages) >= 5
    for number, lines in enumerate(pages, start=1):
        assert "DỰ THẢO" in " ".join(lines), f"trang {number}"


def test_approved_pdf_carries_its_identity_and_flows_well(need_tools, seed_report, tmp_path):
    data = docx_to_pdf(docx_bytes(seed_report))
    pages = pdf_pages(data, tmp_path)
    for number, lines in enumerate(pages, start=1):
        assert "DỰ THẢO" not in " ".join(lines), f"trang {number}"
    # Every page from the second of each part is numbered; the annex from 1 again.
    annex = next(i for i, lines in enumerate(pages) if "Phụ lục III" in lines)
    assert [pages[i][0] for i in range(1, annex)] == [str(n) for n in range(2, annex + 1)]
    assert [pages[i][0] for i in range(annex + 1, len(pages))] == [
        str(n) for n in range(2, len(pages) - annex + 1)
    ]
    content = content_for_export(seed_report)
    titles = {section["title"] for section in content.forms}
    assert annex_problems(pages, titles) == []
    # The annex title is not broken badly, the commune's name not at all.
    first = pages[annex]
    assert "BIỂU MẪU THỐNG KÊ SỐ LIỆU BÁO CÁO" in first
    assert "CẢI CÁCH HÀNH CHÍNH ĐỊNH KỲ" in first
    assert any(line.endswith("Nam Thanh Miện)") for line in first)
    # Biểu 1 item 4.3's unit takes three lines beside its code, "0" at the right.
    unit = next(i for i, line in enumerate(first) if line.startswith("4.3."))
    assert re.search(r"Trực tuyến = 0\s+0$", first[unit])
    assert first[unit + 1 : unit + 3] == ["Phát phiếu = 1", "Kết hợp = 2"]
    info = pdf_info(data, tmp_path)
    assert info["Title"] == "Báo cáo công tác cải cách hành chính Quý II năm 2026"
    assert info["Author"] == "UBND xã Nam Thanh Miện"
    # The identity reaches the PDF's Info dictionary unchanged, for the signature check.
    assert info["Subject"] == identity(content).line


def test_annex_problems_finds_a_bad_page_end():
    pages = [
        ["Phụ lục III", "Biểu mẫu 1", "Công tác", "STT", "1.     a", "2.     b"],
        ["2", "STT", "3.     c", "4.     d", "5.     e", "6.     f", "7.     g", "Biểu mẫu 2"],
        ["3", "Cải cách thể chế", "STT", "1.     x"],
    ]
    assert annex_problems(pages, {"Công tác", "Cải cách thể chế"}) == [
        "trang 1: bảng sang trang sau chỉ với 2 dòng",
        "trang 2 kết thúc bằng «Biểu mẫu 2»",
    ]
