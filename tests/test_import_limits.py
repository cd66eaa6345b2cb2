"""Bounded import (issue 12): each hostile file is refused at once with one Vietnamese message,
in under 2 s and under 50 MB of extra memory (Python allocations, traced with tracemalloc while
the importer reads the file), and the page that says so stays small."""

import time
import tracemalloc

import pytest
from django.urls import reverse

from reports.exports import xlsx_bytes, xlsxread
from reports.exports.importer import import_preview
from tests import hostile_xlsx
from tests.hostile import figures_state
from tests.import_flow import upload

SECONDS = 2.0
MEGABYTES = 50
SHEET_3 = (
    "Trang tính «Biểu mẫu 3» lớn hơn nhiều so với Biểu mẫu 3 (nhận tối đa 40 dòng, 640 ô, "
    "2 MB): tệp không được nhận. Hãy nhập vào tệp xuất từ hệ thống."
)
STRINGS = (
    "Tệp chứa quá nhiều chữ so với mọi Biểu mẫu (bảng chuỗi dùng chung vượt 1 MB hoặc 20.000 "
    "chuỗi): tệp không được nhận. Hãy nhập vào tệp xuất từ hệ thống."
)
EXPECTED = {
    "million_rows": SHEET_3,
    "many_rows": SHEET_3,
    "huge_shared_strings": STRINGS,
    "many_shared_strings": STRINGS,
    "huge_cell": SHEET_3,
    "long_cell": (
        "Trang tính «Biểu mẫu 3», ô E12: nội dung dài hơn 32.767 ký tự, giới hạn của Excel: "
        "tệp không được nhận."
    ),
    "many_sheets": (
        "Tệp có 10.000 trang tính, nhiều hơn hẳn mẫu (9 trang tính; nhận tối đa 24): tệp không "
        "được nhận."
    ),
    "many_parts": (
        "Tệp có quá nhiều thành phần so với một tệp Biểu mẫu (tối đa 1.000): tệp không được nhận."
    ),
}


def measure(fn):
    """(result, seconds, peak MB): the time of an untraced run, the memory of a traced one."""
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    try:
        fn()
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()
    return result, seconds, peak


@pytest.fixture
def exported(draft_report) -> bytes:
    return xlsx_bytes(draft_report)


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_hostile_file_refused_fast_and_small(kind, exported, draft_report):
    data = getattr(hostile_xlsx, kind)(exported)
    before = figures_state(draft_report)
    outcome, seconds, peak = measure(lambda: import_preview(draft_report, data))
    assert outcome.problems == [EXPECTED[kind]]
    assert outcome.change_set is None
    assert seconds < SECONDS, f"{kind}: {seconds:.2f} s"
    assert peak < MEGABYTES, f"{kind}: {peak:.1f} MB"
    assert figures_state(draft_report) == before


def test_row_budget_alone_stops_a_million_rows(exported, draft_report, monkeypatch):
    """Without the size bound of a sheet part, the streaming read still stops at the first row
    beyond the budget: neither the time nor the memory grows with the file."""
    monkeypatch.setattr(xlsxread, "MAX_SHEET_PART", 10**9)
    data = hostile_xlsx.million_rows(exported)
    outcome, seconds, peak = measure(lambda: import_preview(draft_report, data))
    (problem,) = outcome.problems
    assert problem.startswith(
        "Trang tính «Biểu mẫu 3» lớn hơn nhiều so với Biểu mẫu 3 (nhận tối đa 40 dòng"
    )
    assert seconds < SECONDS and peak < MEGABYTES, (seconds, peak)


def test_exported_file_is_well_within_the_limits(exported, draft_report):
    outcome, seconds, peak = measure(lambda: import_preview(draft_report, exported))
    assert outcome.problems == []
    assert seconds < SECONDS and peak < MEGABYTES, (seconds, peak)


def test_refusal_page_is_one_message(client, staff, exported, draft_report):
    """The attack file once produced a 106 MB page listing a million problems."""
    client.force_login(staff)
    response = upload(client, draft_report, hostile_xlsx.million_rows(exported))
    assert response.status_code == 400
    body = response.content.decode()
    problems = body.split('class="mb-0 import-problems">')[1].split("</ul>")[0]
    assert problems.count("<li>") == 1
    assert "Biểu mẫu 3» lớn hơn nhiều so với Biểu mẫu 3" in problems
    assert len(response.content) < 30_000
    assert client.get(reverse("report_import_preview", args=[draft_report.pk])).status_code == 302
