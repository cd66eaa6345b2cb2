"""Hostile input to every entry form: never a 500, always a Vietnamese message when refused,
and nothing saved that should not be (a refused save leaves the whole report as it was; an
accepted one stores exactly what the parser or form makes of the text)."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.formparse import post_forms
from reports import catalogue
from reports.content import TEXT_FIELDS
from reports.entry.forms import NarrativeForm
from reports.models import FIGURE_MODELS, Report, Status, WarningExplanation
from reports.parsing import parse_value
from reports.texts import normalise_newlines
from tests.hostile import NASTY, hostile_text

HYPOTHESIS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
REFUSED = "Chưa lưu: có ô nhập chưa đúng"
INPUT_ROWS = [row for section in catalogue.SECTIONS for row in section.input_rows]


def _form_data(client, url) -> dict:
    """What the browser would send back for the page's main form, unchanged."""
    page = client.get(url)
    assert page.status_code == 200
    form = next(f for f in post_forms(page.content.decode()) if "version" in f.names())
    return dict(form.data())


def _figures(report, section) -> tuple:
    figures = FIGURE_MODELS[section.key].objects.get(report=report)
    return tuple(getattr(figures, r.field) for r in section.input_rows), dict(figures.notes)


def _body(response) -> str:
    return response.content.decode()


def _escaped_in(text: str, body: str) -> bool:
    return escape(text) in body


VIETNAMESE = re.compile(r"[ăâđêôơưàáạảãèéẹẻẽìíịỉĩòóọỏõùúụủũ]", re.IGNORECASE)


@pytest.fixture
def editor(client, staff, draft_report):
    client.force_login(staff)
    return client


@HYPOTHESIS
@given(row=st.sampled_from(INPUT_ROWS), text=hostile_text, note=hostile_text)
def test_section_form_refuses_or_stores_exactly(editor, draft_report, row, text, note):
    section = catalogue.SECTION_BY_KEY[row.section]
    url = reverse("report_section", args=[draft_report.pk, section.slug])
    data = _form_data(editor, url)
    data[row.field] = text
    data["note__" + row.field] = note
    before = _figures(draft_report, section)

    response = editor.post(url, data)

    assert response.status_code in (302, 400), response.status_code
    try:
        expected = parse_value(text, row)
    except ValidationError as error:
        expected = error
    note_ok = len(note.strip()) <= 500 and "\x00" not in note
    if isinstance(expected, ValidationError) or not note_ok:
        assert response.status_code == 400
        body = _body(response)
        assert REFUSED in body
        shown = re.search(rf'id="e-{row.field}">([^<]*)<', body)
        if isinstance(expected, ValidationError):
            assert shown, "the message belongs next to the field"
            assert VIETNAMESE.search(shown.group(1)), shown.group(1)
            if len(text) <= 40 and "\x00" not in text:  # else the field's own check speaks
                assert shown.group(1) == escape(expected.messages[0])
        assert _figures(draft_report, section) == before
    else:
        assert response.status_code == 302
        values, notes = _figures(draft_report, section)
        assert values[section.input_rows.index(row)] == expected
        assert notes.get(row.field, "") == note.strip()


@HYPOTHESIS
@given(field=st.sampled_from(TEXT_FIELDS), text=hostile_text)
def test_narrative_form_refuses_or_stores_exactly(editor, draft_report, field, text):
    url = reverse("report_narrative", args=[draft_report.pk])
    data = _form_data(editor, url)
    data[field] = text
    before = Report.objects.values(*TEXT_FIELDS, "narrative_version").get(pk=draft_report.pk)

    response = editor.post(url, data)

    assert response.status_code in (302, 400)
    try:
        expected, valid = NarrativeForm.base_fields[field].clean(text), True
    except ValidationError:
        valid = False
    after = Report.objects.values(*TEXT_FIELDS, "narrative_version").get(pk=draft_report.pk)
    if valid:
        assert response.status_code == 302
        assert after[field] == expected
    else:
        assert response.status_code == 400
        assert REFUSED in _body(response)
        assert after == before


@HYPOTHESIS
@given(
    rule_code=st.one_of(st.sampled_from(["ii.online_apps_match_b7", "b3.nope", ""]), hostile_text),
    text=hostile_text,
)
def test_explanation_form_never_breaks(editor, draft_report, rule_code, text):
    from reports.rules import RULE_BY_CODE, WARNING

    url = reverse("report_explain", args=[draft_report.pk])
    response = editor.post(url, {"rule_code": rule_code, "text": text}, follow=True)
    assert response.status_code in (200, 400)  # 400: refused, shown again with the typed text
    rule = RULE_BY_CODE.get(rule_code)
    saved = {e.rule_code: e for e in WarningExplanation.objects.filter(report=draft_report)}.get(
        rule_code
    )
    if rule is None or rule.severity != WARNING:
        assert saved is None
        assert "Không lưu được giải trình" in _body(response)
    elif "\x00" not in text and len(text) <= 4000 and text.strip():
        assert saved is not None and saved.text == text.strip()


@pytest.mark.parametrize("text", NASTY)
def test_workflow_return_reason(client, leader, draft_report, text):
    Report.objects.filter(pk=draft_report.pk).update(status=Status.SUBMITTED)
    client.force_login(leader)
    response = client.post(
        reverse("report_return", args=[draft_report.pk]), {"comment": text}, follow=True
    )
    assert response.status_code in (200, 400)
    draft_report.refresh_from_db()
    if draft_report.status == Status.RETURNED:
        comment = draft_report.audit_entries.last().comment
        assert comment == normalise_newlines(text.strip())  # one kind of line ending
        assert "\x00" not in comment
        first_line = comment.splitlines()[0][:60]
        assert escape(first_line) in _body(response), "the reason is shown, as text"
    else:
        # Refused next to the reason's field, in Vietnamese, with what was typed.
        assert draft_report.status == Status.SUBMITTED
        assert response.status_code == 400
        errors = re.findall(r'class="invalid-feedback[^"]*"[^>]*>(.*?)</', _body(response), re.S)
        assert errors and all(VIETNAMESE.search(e) for e in errors)


@pytest.mark.parametrize("number", ["", "0", "-1", "abc", "9" * 30, "12/34", NASTY[31], "١٢"])
@pytest.mark.parametrize("issued_on", ["", "32/13/2026", "2026-02-30", "hôm nay", "\x00", "1/1/1"])
def test_issue_form_refuses_bad_number_or_date(client, clerk, seed_report, number, issued_on):
    client.force_login(clerk)
    response = client.post(
        reverse("report_issue", args=[seed_report.pk]),
        {"number": number, "issued_on": issued_on},
    )
    assert response.status_code in (200, 400)
    assert "is-invalid" in _body(response) or "invalid-feedback" in _body(response)
    seed_report.refresh_from_db()
    assert seed_report.status == Status.APPROVED
    assert seed_report.number in (None, "", 0)
