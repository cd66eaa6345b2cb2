"""An approved report cannot be changed, whatever the path: the entry pages (figures,
narrative, explanations), the Excel import (page and command), the admin, and code calling the
models directly. After every attempt its content is exactly the approved snapshot."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from reports import catalogue, workflow
from reports.content import report_content
from reports.entry.forms import note_name, section_form_class
from reports.models import AuditEntry, Report, ReportFrozen, Status, WarningExplanation
from reports.numbers import format_value
from reports.services import figure_sets


def content(report) -> dict:
    report = Report.objects.get(pk=report.pk)
    data = report_content(report).to_json()
    return {key: data[key] for key in ("texts", "values", "notes", "explanations", "signer_name")}


def approved_content(report) -> dict:
    data = report.snapshots.filter(reason="approved").latest("pk").data
    return {key: data[key] for key in ("texts", "values", "notes", "explanations", "signer_name")}


@pytest.fixture
def frozen(seed_report):
    """The seed report (approved by lanhdao), its content, and its value audit count."""
    assert seed_report.status == Status.APPROVED
    before = content(seed_report)
    assert before == approved_content(seed_report)
    return seed_report, before


def assert_unchanged(report, before):
    assert content(report) == before == approved_content(report)
    assert Report.objects.get(pk=report.pk).status in (Status.APPROVED, Status.ISSUED)
    assert not AuditEntry.objects.filter(
        report=report,
        action__in=[AuditEntry.Action.VALUE, AuditEntry.Action.TEXT, AuditEntry.Action.IMPORT],
    ).exists()


def _section_posts(section, report) -> dict:
    """Two tampering posts of a section page, in the names its form reads: every value
    changed, and only the notes changed (the values as saved)."""
    figures = figure_sets(report)[section.key]
    values, notes = {"version": figures.version}, {"version": figures.version}
    for row in section.input_rows:
        value = getattr(figures, row.field)
        saved = format_value(row.kind, value)  # as the page shows it, so the form accepts it
        if row.kind in (catalogue.Kind.CODE, catalogue.Kind.YESNO):
            values[row.field] = saved
        else:
            values[row.field] = str((value or 0) + 1)
        notes[row.field] = saved
        notes[note_name(row)] = "sửa sau khi duyệt"
    fields = set(section_form_class(section).base_fields)
    assert set(values) < fields and set(notes) == fields  # the form reads every name posted
    return {"values": values, "notes": notes}


@pytest.mark.parametrize("who", ["staff", "leader", "clerk"])
def test_entry_pages_refuse(client, request, frozen, who):
    report, before = frozen
    client.force_login(request.getfixturevalue(who))
    for section in catalogue.SECTIONS:
        url = reverse("report_section", kwargs={"pk": report.pk, "slug": section.slug})
        for what, data in _section_posts(section, report).items():
            response = client.post(url, data)
            assert response.status_code == 403, (section.key, what)
    url = reverse("report_narrative", kwargs={"pk": report.pk})
    texts = {name: "Viết lại" for name in before["texts"]}
    assert client.post(url, {**texts, "version": report.narrative_version}).status_code == 403
    url = reverse("report_explain", kwargs={"pk": report.pk})
    for code in list(before["explanations"]) or ["any"]:
        response = client.post(url, {"rule_code": code, "text": "Giải trình khác"})
        assert response.status_code == 403
    assert_unchanged(report, before)


def _export_with_a_changed_value(client, report) -> bytes:
    response = client.get(reverse("report_export_xlsx", kwargs={"pk": report.pk}))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    target = max(v for v in content(report)["values"].values() if isinstance(v, int))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == target:
                    cell.value = target + 1
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_import_page_and_command_refuse(client, leader, frozen, tmp_path):
    report, before = frozen
    client.force_login(leader)
    data = _export_with_a_changed_value(client, report)
    upload = io.BytesIO(data)
    upload.name = "sua.xlsx"
    response = client.post(reverse("report_import", kwargs={"pk": report.pk}), {"file": upload})
    assert response.status_code == 403
    for name in ("report_import_preview", "report_import_confirm", "report_import_cancel"):
        url = reverse(name, kwargs={"pk": report.pk})
        response = client.get(url) if name.endswith("preview") else client.post(url, {})
        assert response.status_code == 403, name
    path = tmp_path / "sua.xlsx"
    path.write_bytes(data)
    for dry_run in (False, True):
        with pytest.raises(CommandError):
            call_command(
                "import_annex", str(path), commune="Nam Thanh Miện", period="2026-Q2",
                dry_run=dry_run, accept_mismatch=True, verbosity=0, stdout=io.StringIO(),
            )  # fmt: skip
    assert_unchanged(report, before)


@pytest.mark.parametrize("who", ["leader", None])
def test_importer_save_is_refused_by_the_model_guard(client, request, frozen, monkeypatch, who):
    """With the importer's own status check removed, its save still goes through the one save
    service, whose lock is the model guard (``Report.refuse_if_frozen``): refused, nothing
    written. ``None`` is the command line, where no role check stands in between."""
    from reports.exports import importer

    report, before = frozen
    user = request.getfixturevalue(who) if who else None
    client.force_login(request.getfixturevalue("leader"))
    data = _export_with_a_changed_value(client, report)
    monkeypatch.setattr(importer, "IMPORTABLE_STATUSES", tuple(Status))
    outcome = importer.import_preview(report, data)
    assert outcome.problems == [] and outcome.change_set.count == 1
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_apply(report, outcome.change_set, user=user, accept_mismatch=True)
    assert refused.value.message == str(ReportFrozen().args[0])
    assert_unchanged(report, before)


def test_admin_refuses(client, frozen, django_user_model):
    report, before = frozen
    client.force_login(django_user_model.objects.get(username="quantri"))
    url = reverse("admin:reports_report_change", args=[report.pk])
    page = client.get(url)
    assert page.status_code == 200  # can look
    assert 'name="section_3"' not in page.content.decode()  # but no inputs
    response = client.post(url, {"section_3": "Sửa trong trang quản trị"})
    assert response.status_code == 403
    delete = client.post(reverse("admin:reports_report_delete", args=[report.pk]), {"post": "yes"})
    assert delete.status_code == 403
    explanation = report.explanations.first()
    if explanation is not None:
        url = reverse("admin:reports_warningexplanation_change", args=[explanation.pk])
        assert client.post(url, {"text": "khác"}).status_code == 403
    assert Report.objects.filter(pk=report.pk).exists()
    assert_unchanged(report, before)


def test_models_refuse_direct_saves(frozen, staff):
    report, before = frozen
    figures = figure_sets(report)["b3"]
    figures.resolved_total = (figures.resolved_total or 0) + 1
    with pytest.raises(ReportFrozen):
        figures.save()
    with pytest.raises(ReportFrozen):
        figures.delete()
    live = Report.objects.get(pk=report.pk)
    live.section_3 = "Sửa thẳng trong mã"
    with pytest.raises(ReportFrozen):
        live.save()
    with pytest.raises(ReportFrozen):
        live.save(update_fields=["section_3"])
    with pytest.raises(ReportFrozen):
        WarningExplanation.objects.create(report=report, rule_code="x", text="y", author=staff)
    assert_unchanged(report, before)


def test_workflow_cannot_resubmit_an_approved_report(frozen, staff, leader):
    report, before = frozen
    for action in (workflow.report_submit, workflow.report_approve):
        with pytest.raises(workflow.TransitionError):
            action(report, user=leader)
    with pytest.raises(workflow.TransitionError):
        workflow.report_return(report, user=leader, comment="x")
    assert_unchanged(report, before)


def test_issued_report_is_frozen_too(frozen, clerk):
    from django.utils import timezone

    report, before = frozen
    workflow.report_issue(report, user=clerk, number="9", issued_on=timezone.localdate())
    figures = figure_sets(Report.objects.get(pk=report.pk))["b1"]
    with pytest.raises(ReportFrozen):
        figures.save()
    assert content(report) == before


def test_reopened_report_can_be_edited_again(frozen, leader, staff):
    report, before = frozen
    workflow.report_reopen(report, user=leader, comment="Sửa Biểu 3")
    figures = figure_sets(Report.objects.get(pk=report.pk))["b3"]
    figures.resolved_total = 1
    figures.save()
    assert content(report)["values"]["b3.resolved_total"] == 1
    # The approved version stays on file, unchanged.
    assert approved_content(report) == before
