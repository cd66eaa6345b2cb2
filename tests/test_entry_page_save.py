"""One Lưu saves everything typed on a page, and a figure shows the previous period's value.

Every POST here is built from the page as rendered (``rendered_form``): the inputs of the form,
and the explanation boxes that belong to it through their ``form`` attribute, then the changes
a user types. Each test checks the response and what the database holds."""

import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports import catalogue
from reports.models import AuditEntry, WarningExplanation
from reports.services import figure_sets

ONLINE = "ii.online_apps_match_b7"  # 5.660 online applications against 907 + 4.501
PUBLIC = "ii.online_eq_public"  # 375 public TTHC against 135 + 220 online


class _Form(HTMLParser):
    """The successful controls of one form of a page, in document order, as a browser sends
    them: inside the form element, or anywhere with form="<id>"."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.depth, self.fields = form_id, 0, []
        self._textarea = self._select = None

    def _mine(self, attrs) -> bool:
        return attrs.get("form") == self.form_id or (self.depth and "form" not in attrs)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.depth = 1 if attrs.get("id") == self.form_id else 0
        elif tag == "input" and self._mine(attrs) and attrs.get("name"):
            if attrs.get("type") not in ("submit", "button", "checkbox", "radio"):
                self.fields.append([attrs["name"], attrs.get("value", "")])
        elif tag == "textarea" and self._mine(attrs) and attrs.get("name"):
            self._textarea = [attrs["name"], ""]
            self.fields.append(self._textarea)
        elif tag == "select" and self._mine(attrs) and attrs.get("name"):
            self._select = [attrs["name"], ""]
            self.fields.append(self._select)
        elif tag == "option" and self._select is not None and "selected" in attrs:
            self._select[1] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.depth = 0
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data.removeprefix("\n") if not self._textarea[1] else data


def rendered_form(html: str, form_id: str) -> dict[str, list[str]]:
    parser = _Form(form_id)
    parser.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    return data


def typed(data: dict, **changes) -> dict:
    """``data`` with single values replaced, as a user types over them."""
    return data | {name: [value] for name, value in changes.items()}


def explained(data: dict, code: str, text: str) -> dict:
    """``data`` with ``text`` typed into the explanation box of ``code``."""
    codes, texts = data["rule_code"], list(data["text"])
    texts[codes.index(code)] = text
    return data | {"text": texts}


def with_two_warnings(report):
    """Section II figures (and Biểu 7's) that raise two warnings on the section II page, as
    the seed raises one: 375 public TTHC against 135 + 220 online; 5.660 online applications
    against 907 + 4.501 in Biểu 7."""
    sets = figure_sets(report)
    ii, b7 = sets["ii"], sets["b7"]
    ii.tthc_published, ii.tthc_public, ii.tthc_online_partial, ii.tthc_online_full = (
        375,
        375,
        135,
        220,
    )
    ii.apps_online = 5660
    ii.save()
    b7.full_service_apps, b7.partial_service_apps = 907, 4501
    b7.save()
    return report


@pytest.fixture
def warned_draft(draft_report):
    return with_two_warnings(draft_report)


def url_of(report, key):
    return reverse("report_section", args=[report.pk, catalogue.SECTION_BY_KEY[key].slug])


# --- the page's Lưu saves figures, notes and explanations together ---------------------------


def test_page_save_writes_figures_and_the_explanation_typed_beside_them(
    client, staff, warned_draft
):
    client.force_login(staff)
    url = url_of(warned_draft, "ii")
    page = client.get(url).content.decode()
    data = rendered_form(page, "section-form")
    assert data["rule_code"] == [PUBLIC, ONLINE]
    data = explained(typed(data, apps_direct="0"), ONLINE, "Khác nguồn số liệu.")
    response = client.post(url, data)
    assert response.status_code == 302
    explanation = WarningExplanation.objects.get(report=warned_draft)
    assert (explanation.rule_code, explanation.text, explanation.author) == (
        ONLINE,
        "Khác nguồn số liệu.",
        staff,
    )
    figures = warned_draft.narrativefigures
    figures.refresh_from_db()
    assert (figures.apps_direct, figures.version) == (0, 1)
    assert list(
        AuditEntry.objects.filter(report=warned_draft)
        .order_by("id")
        .values_list("action", "field", "new_value")
    )[-2:] == [("value", "apps_direct", "0"), ("explain", ONLINE, "Khác nguồn số liệu.")]
    after = client.get(response["Location"]).content.decode()
    assert "Đã lưu Số liệu phần II của báo cáo (1 ô thay đổi, 1 giải trình)." in after
    assert ">\nKhác nguồn số liệu.</textarea>" in after


def test_page_save_of_only_an_explanation(client, staff, warned_draft):
    client.force_login(staff)
    url = url_of(warned_draft, "ii")
    data = rendered_form(client.get(url).content.decode(), "section-form")
    response = client.post(url, explained(data, PUBLIC, "Còn 20 TTHC chưa đủ điều kiện."))
    assert response.status_code == 302
    assert WarningExplanation.objects.get(report=warned_draft).rule_code == PUBLIC
    warned_draft.narrativefigures.refresh_from_db()
    assert warned_draft.narrativefigures.version == 0  # no figure changed, no new version
    page = client.get(response["Location"]).content.decode()
    assert "Đã lưu Số liệu phần II của báo cáo (1 giải trình)." in page


def test_page_as_rendered_saves_nothing(client, staff, warned_draft):
    client.force_login(staff)
    url = url_of(warned_draft, "ii")
    before = AuditEntry.objects.count()
    response = client.post(url, rendered_form(client.get(url).content.decode(), "section-form"))
    assert response.status_code == 302
    assert AuditEntry.objects.count() == before
    page = client.get(response["Location"]).content.decode()
    assert "Số liệu phần II của báo cáo: không có thay đổi nào để lưu." in page


def test_too_long_explanation_refuses_the_whole_page_and_keeps_what_was_typed(
    client, staff, warned_draft
):
    client.force_login(staff)
    url = url_of(warned_draft, "ii")
    data = rendered_form(client.get(url).content.decode(), "section-form")
    long_text = "x" * 4001
    response = client.post(url, explained(typed(data, apps_direct="7"), ONLINE, long_text))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Chưa lưu: có ô nhập chưa đúng" in body
    # The box's own form (crispy) marks it and says why, linked for screen readers.
    box = "explain-ii.online_apps_match_b7-text"
    assert f'is-invalid" aria-invalid="true" aria-describedby="{box}_error">' in body
    assert re.search(
        f'<div id="{box}_error" class="invalid-feedback">\\s*<span[^>]*><strong>'
        "Giải trình dài tối đa 4.000 ký tự \\(hiện có 4.001\\).</strong>",
        body,
    )
    assert f">\n{long_text}</textarea>" in body
    assert 'name="apps_direct" id="f-apps_direct" value="7"' in body
    assert 'id="section-form" class="entry-form" novalidate data-unsaved>' in body
    assert not WarningExplanation.objects.filter(report=warned_draft).exists()
    warned_draft.narrativefigures.refresh_from_db()
    assert warned_draft.narrativefigures.apps_direct is None


def test_stale_page_keeps_the_typed_explanation_and_saves_none_of_it(
    client, staff, leader, warned_draft
):
    client.force_login(staff)
    url = url_of(warned_draft, "ii")
    data = rendered_form(client.get(url).content.decode(), "section-form")
    client.force_login(leader)
    first = rendered_form(client.get(url).content.decode(), "section-form")
    assert client.post(url, typed(first, apps_direct="1")).status_code == 302
    client.force_login(staff)
    response = client.post(url, explained(typed(data, apps_direct="2"), ONLINE, "Giải thích."))
    assert response.status_code == 409
    assert ">\nGiải thích.</textarea>" in response.content.decode()
    assert not WarningExplanation.objects.filter(report=warned_draft).exists()


def test_unknown_rule_code_in_a_page_save_is_refused(client, staff, warned_draft):
    client.force_login(staff)
    url = url_of(warned_draft, "ii")
    data = rendered_form(client.get(url).content.decode(), "section-form")
    data["rule_code"] = ["ii.resolved_parts", ONLINE]  # an error: nothing to explain
    response = client.post(url, typed(data, apps_direct="3"))
    assert response.status_code == 400
    assert "Quy tắc không có hoặc không phải cảnh báo." in response.content.decode()
    warned_draft.narrativefigures.refresh_from_db()
    assert warned_draft.narrativefigures.apps_direct is None


def test_section_page_form_is_marked_unsaved_only_when_refused(client, staff, draft_report):
    client.force_login(staff)
    body = client.get(url_of(draft_report, "b3")).content.decode()
    assert "data-unsaved" not in body
    assert 'data-shortcut="save"' in body


# --- the overview: every explanation box, one "Lưu giải trình" --------------------------------


def test_overview_saves_every_explanation_with_one_button(client, staff, warned_draft):
    client.force_login(staff)
    url = reverse("report_overview", args=[warned_draft.pk])
    page = client.get(url).content.decode()
    assert page.count(">Lưu giải trình</button>") == 1
    data = rendered_form(page, "explain-form")
    assert data["rule_code"] == [PUBLIC, ONLINE]
    data = explained(explained(data, PUBLIC, "Lý do một."), ONLINE, "Lý do hai.")
    response = client.post(reverse("report_explain", args=[warned_draft.pk]), data)
    assert response.status_code == 302 and response["Location"] == url
    assert dict(
        WarningExplanation.objects.filter(report=warned_draft).values_list("rule_code", "text")
    ) == {PUBLIC: "Lý do một.", ONLINE: "Lý do hai."}
    assert "Đã lưu 2 giải trình." in client.get(url).content.decode()


def test_overview_refusal_shows_what_was_typed_next_to_the_box(client, staff, warned_draft):
    client.force_login(staff)
    url = reverse("report_overview", args=[warned_draft.pk])
    data = rendered_form(client.get(url).content.decode(), "explain-form")
    data = explained(explained(data, PUBLIC, "Ngắn."), ONLINE, "y" * 4500)
    response = client.post(reverse("report_explain", args=[warned_draft.pk]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Giải trình dài tối đa 4.000 ký tự (hiện có 4.500)." in body
    assert ">\nNgắn.</textarea>" in body and f">\n{'y' * 4500}</textarea>" in body
    assert 'id="explain-form" class="explain-form" novalidate data-unsaved>' in body
    assert not WarningExplanation.objects.filter(report=warned_draft).exists()
    # Shortened and saved again from the refused page: back to the overview.
    again = explained(rendered_form(body, "explain-form"), ONLINE, "Ngắn hơn.")
    assert again["next"] == [url]
    response = client.post(reverse("report_explain", args=[warned_draft.pk]), again)
    assert response.status_code == 302 and response["Location"] == url
    assert WarningExplanation.objects.filter(report=warned_draft).count() == 2


def test_reader_gets_no_explanation_form(client, leader, seed_report):
    client.force_login(leader)
    body = client.get(reverse("report_overview", args=[seed_report.pk])).content.decode()
    assert 'id="explain-form"' not in body and "Lưu giải trình" not in body


# --- the previous period beside each figure ---------------------------------------------------


def test_each_figure_shows_the_previous_period(client, staff, draft_report):
    client.force_login(staff)
    body = client.get(url_of(draft_report, "b3")).content.decode()
    assert (
        '<div class="previous" id="p-resolved_total" title="Quý II năm 2026">Kỳ trước: 5.650</div>'
    ) in body
    assert 'aria-describedby="p-resolved_total"' in body
    body = client.get(url_of(draft_report, "b1")).content.decode()
    assert "Kỳ trước: 0 – Trực tuyến</div>" in body
    body = client.get(url_of(draft_report, "b6")).content.decode()
    assert "Kỳ trước: 37.094</div>" in body


def test_first_report_shows_no_previous_period(client, staff, seed_report):
    client.force_login(staff)
    assert "Kỳ trước" not in client.get(url_of(seed_report, "b3")).content.decode()


def test_previous_values_cost_one_query_whatever_the_rows(client, staff, draft_report):
    """The previous report's figure set is read once per page, not once per row: every
    Biểu mẫu page of the draft makes the same number of queries, whatever its rows."""
    client.force_login(staff)
    counts = set()
    for section in catalogue.SECTIONS:
        table = f'"reports_{section.model_name.lower()}"'
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url_of(draft_report, section.key)).content.decode()
        assert "Kỳ trước:" in body
        alone = [q["sql"] for q in queries if q["sql"].startswith(f"SELECT {table}.")]
        assert len(alone) == 1, section.key  # the previous figures (the draft's own are joined)
        counts.add(len(queries))
    assert len(counts) == 1


# --- numbers as typed -------------------------------------------------------------------------


def test_ambiguous_money_is_refused_next_to_the_field(client, staff, draft_report):
    client.force_login(staff)
    url = url_of(draft_report, "b6")
    data = rendered_form(client.get(url).content.decode(), "section-form")
    response = client.post(url, typed(data, investment_plan="1,000", investment_disbursed="5 6"))
    assert response.status_code == 400
    body = response.content.decode()
    assert (
        '<div class="invalid-feedback d-block" id="e-investment_plan">'
        "1,000 là 1 hay 1.000? Gõ 1 hoặc 1.000.</div>"
    ) in body
    assert (
        '<div class="invalid-feedback d-block" id="e-investment_disbursed">'
        "5 6 là 56 hay các số 5 và 6? Gõ 56 nếu là một số; mỗi ô chỉ nhập một số.</div>"
    ) in body
    assert 'name="investment_plan" id="f-investment_plan" value="1,000"' in body
    draft_report.financefigures.refresh_from_db()
    assert draft_report.financefigures.investment_plan == 37094  # carried over, unchanged


def test_money_with_three_decimals_is_rendered_to_read_back_the_same(client, staff, draft_report):
    from decimal import Decimal

    figures = draft_report.financefigures
    figures.investment_plan = Decimal("2.125")
    figures.save()
    client.force_login(staff)
    url = url_of(draft_report, "b6")
    page = client.get(url).content.decode()
    assert 'name="investment_plan" id="f-investment_plan" value="2,1250"' in page
    response = client.post(url, rendered_form(page, "section-form"))
    assert response.status_code == 302
    figures.refresh_from_db()
    assert (figures.investment_plan, figures.version) == (Decimal("2.125"), 0)
