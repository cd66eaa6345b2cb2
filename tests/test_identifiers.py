"""Years, document numbers ("Số: 1234/BC-UBND") and codes are never digit-grouped, on any page
a person of the demo opens, in the admin (lists and change pages) and in the exports; figures
still are (5.650)."""

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from docx import Document

from reports import exports, workflow
from reports.models import Report
from tests.test_forms_as_rendered import page_urls

IDENTIFIERS = ["2025", "2026", "2027", "1234", "10528"]
GROUPED = re.compile(
    r"(?<![\d.,])(" + "|".join(f"{i[:-3]}\\.{i[-3:]}" for i in IDENTIFIERS) + r")(?!\d)"
)


@pytest.fixture
def issued(demo, seed_report, clerk):
    demo.code = "10528"
    demo.save()
    workflow.report_issue(seed_report, user=clerk, number="1234", issued_on=date(2026, 7, 15))
    return Report.objects.get(pk=seed_report.pk)


def _grouped(text: str) -> list[str]:
    return sorted(set(GROUPED.findall(text)))


@pytest.mark.parametrize("username", ["chuyenvien", "lanhdao", "vanthu", "sonoivu", "quantri"])
def test_pages_never_group_identifiers(client, issued, draft_report, django_user_model, username):
    client.force_login(django_user_model.objects.get(username=username))
    shown, found = set(), []
    for url in page_urls(draft_report, issued):
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        body = response.content.decode()
        found += [f"{url}: {value}" for value in _grouped(body)]
        shown |= {value for value in ("2026", "Số: 1234/BC-UBND") if value in body}
    assert not found, found
    assert shown == {"2026", "Số: 1234/BC-UBND"}  # the pages do show them


def test_admin_never_groups_identifiers(admin_client, issued):
    index = admin_client.get("/quan-tri/").content.decode()
    lists = sorted(set(re.findall(r'href="(/quan-tri/\w+/\w+/)"', index)))
    assert "/quan-tri/reports/report/" in lists
    found, pages = [], 0
    for url in lists:
        body = admin_client.get(url).content.decode()
        change = re.search(r'href="(' + re.escape(url) + r"\d+/change/)", body)
        pages += 1
        if change:  # the first object's change page too
            body += admin_client.get(change.group(1)).content.decode()
            pages += 1
        found += [f"{url}: {value}" for value in _grouped(body)]
    assert not found, found
    report_list = admin_client.get("/quan-tri/reports/report/").content.decode()
    assert ">2026<" in report_list
    assert "10528" in admin_client.get("/quan-tri/reports/commune/").content.decode()
    assert pages > len(lists)


def test_exports_never_group_identifiers(issued):
    document = Document(io.BytesIO(exports.docx_bytes(issued)))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "Số: 1234/BC-UBND" in text and "năm 2026" in text
    assert "5.650" in text  # figures are grouped
    assert not _grouped(text)


def test_messages_never_group_identifiers(client, staff, draft_report):
    client.force_login(staff)
    data = {"year": "2026", "period_kind": "Q4"}
    response = client.post(reverse("report_new"), data, follow=True)
    body = response.content.decode()
    assert "Đã tạo báo cáo Quý IV năm 2026." in body
    assert not _grouped(body)
