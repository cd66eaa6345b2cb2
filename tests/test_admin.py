"""The admin, in Vietnamese: communes and people are managed there; a report's records are read
only. The audit trail, snapshots, signed documents, explanations and the reports with their
figures can be read but never added, changed or deleted (status code AND database state), so
the admin cannot forge an approval, a signed file or an unaudited figure."""

import json

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from reports import catalogue
from reports.content import TEXT_FIELDS, report_content
from reports.models import (
    FIGURE_MODELS,
    AuditEntry,
    Report,
    ReportSnapshot,
    SignedDocument,
    Status,
    WarningExplanation,
)
from reports.services import figure_sets


@pytest.fixture
def admin_client_vi(client, demo, django_user_model):
    client.force_login(django_user_model.objects.get(username="quantri"))
    return client


def test_admin_lists_communes_and_reports(admin_client_vi, seed_report):
    body = admin_client_vi.get(reverse("admin:reports_report_changelist")).content.decode()
    assert "Nam Thanh Miện" in body
    body = admin_client_vi.get(reverse("admin:reports_commune_changelist")).content.decode()
    assert "Nam Thanh Miện" in body


@pytest.mark.parametrize("term", ["thanh mien", "Thanh Miện", "NAM THANH MIEN", "xã nam"])
def test_admin_finds_communes_and_reports_without_diacritics(
    admin_client_vi, seed_report, other_report, term
):
    """Searched on the stored search keys, the term folded alike; another commune is not
    found. The results are the changelists' own (``cl.result_list``)."""
    for model in ("commune", "report"):
        url = reverse(f"admin:reports_{model}_changelist")
        found = admin_client_vi.get(url, {"q": term}).context["cl"].result_list
        names = {getattr(obj, "commune", obj).name for obj in found}
        assert names == {"Nam Thanh Miện"}, (model, term)


def test_admin_lists_communes_in_vietnamese_order(admin_client_vi, demo):
    from reports.models import Commune

    for name in ("Yên Mỹ", "Đông Hưng", "Ái Quốc", "An Bình"):
        Commune.objects.create(city=demo.city, name=name, kind=Commune.Kind.COMMUNE)
    response = admin_client_vi.get(reverse("admin:reports_commune_changelist"))
    names = [c.name for c in response.context["cl"].result_list]
    assert names == ["Ái Quốc", "An Bình", "Đông Hưng", "Nam Thanh Miện", "Yên Mỹ"]


def test_admin_report_page_shows_the_seven_forms_read_only(admin_client_vi, draft_report):
    response = admin_client_vi.get(reverse("admin:reports_report_change", args=[draft_report.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    for number in range(1, 8):
        assert f"Biểu mẫu {number}" in body
    assert "2.1.1. Tổng số hồ sơ TTHC đã giải quyết xong" in body
    # Read, not edited: no figure or text input, no save button.
    assert 'name="_save"' not in body
    assert 'name="section_3"' not in body and "resolved_total" not in _input_names(body)


def _input_names(body: str) -> str:
    import re

    return " ".join(re.findall(r'<(?:input|textarea|select)[^>]*name="([^"]+)"', body))


def test_admin_is_in_vietnamese(admin_client_vi):
    body = admin_client_vi.get(reverse("admin:index")).content.decode()
    assert "Quản trị hệ thống báo cáo CCHC" in body
    assert "Báo cáo cải cách hành chính" in body


# --- records: read, never written --------------------------------------------------------------


def _signed(report, user):
    document = SignedDocument(
        report=report,
        original_name="bao-cao-da-ky.pdf",
        sha256="a" * 64,
        size=9,
        uploaded_by=user,
    )
    document.file.save("ky.pdf", ContentFile(b"%PDF-1.7\n"), save=True)
    return document


def _record(kind, seed_report, staff):
    if kind == "auditentry":
        return seed_report.audit_entries.first()
    if kind == "reportsnapshot":
        return seed_report.snapshots.first()
    if kind == "signeddocument":
        return _signed(seed_report, staff)
    if kind == "warningexplanation":
        return seed_report.explanations.first()
    return seed_report


def _state(record) -> tuple:
    model = type(record)
    fields = [f.attname for f in model._meta.concrete_fields]
    return model.objects.count(), model.objects.filter(pk=record.pk).values(*fields).first()


FORGED = {
    # What an attacker would post: an approval by the leader that never happened, a signed
    # file replaced by an HTML page with a made-up hash, a snapshot's content, an explanation.
    "auditentry": {"action": "transition", "from_status": "submitted", "to_status": "approved"},
    "reportsnapshot": {"reason": "approved", "data": "{}"},
    "signeddocument": {"original_name": "x.html", "sha256": "0" * 64, "size": "1"},
    "warningexplanation": {"rule_code": "ii.online_apps_match_b7", "text": "Giả mạo"},
    "report": {"section_3": "Sửa trái phép", "recipients": "- Nơi khác."},
}


@pytest.mark.parametrize("kind", list(FORGED))
def test_records_cannot_be_added(admin_client_vi, seed_report, staff, leader, kind):
    record = _record(kind, seed_report, staff)
    before = _state(record)
    url = reverse(f"admin:reports_{kind}_add")
    assert admin_client_vi.get(url).status_code == 403
    data = {"report": seed_report.pk, "user": leader.pk, **FORGED[kind]}
    assert admin_client_vi.post(url, data).status_code == 403
    assert _state(record) == before


@pytest.mark.parametrize("kind", list(FORGED))
def test_records_can_be_read_but_not_changed(admin_client_vi, seed_report, staff, kind):
    record = _record(kind, seed_report, staff)
    before = _state(record)
    url = reverse(f"admin:reports_{kind}_change", args=[record.pk])
    response = admin_client_vi.get(url)
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    assert admin_client_vi.post(url, {"report": seed_report.pk, **FORGED[kind]}).status_code == 403
    assert _state(record) == before


@pytest.mark.parametrize("kind", list(FORGED))
def test_records_cannot_be_deleted(admin_client_vi, seed_report, staff, kind):
    record = _record(kind, seed_report, staff)
    before = _state(record)
    url = reverse(f"admin:reports_{kind}_delete", args=[record.pk])
    assert admin_client_vi.get(url).status_code == 403
    assert admin_client_vi.post(url, {"post": "yes"}).status_code == 403
    # Nor in bulk from the list.
    response = admin_client_vi.post(
        reverse(f"admin:reports_{kind}_changelist"),
        {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    assert _state(record) == before


# --- figures: only the entry pages' save service writes them -----------------------------------


def _figure_post(report) -> dict:
    """What the admin's change form of a report would send, every field as it stands, with
    one Biểu 3 figure changed: the post that an editable admin accepted."""
    data = {name: getattr(report, name) for name in TEXT_FIELDS}
    data |= {"commune": report.commune_id, "year": report.year, "period_kind": report.period_kind}
    data["narrative_version"] = report.narrative_version
    for key, figures in figure_sets(report).items():
        prefix = FIGURE_MODELS[key].__name__.lower()
        data |= {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "1",
            f"{prefix}-0-id": figures.pk,
            f"{prefix}-0-report": report.pk,
        }
        for field in type(figures)._meta.concrete_fields:
            if field.editable and field.name not in ("id", "report", "version"):
                value = field.value_from_object(figures)
                if field.name == "notes":
                    value = json.dumps(value)
                data[f"{prefix}-0-{field.name}"] = "" if value is None else value
    data["procedurefigures-0-resolved_total"] = "9999"
    return data


def test_the_admin_cannot_edit_a_drafts_figures_and_a_clerks_page_saves_as_usual(
    admin_client_vi, client, staff, draft_report, django_user_model
):
    """The admin offers no figure editing (see ReportAdmin): a forged post is refused and
    changes nothing, so the staff member's page, opened before it, saves without conflict and
    the audit trail names the staff member only."""
    section = catalogue.SECTION_BY_KEY["b3"]
    staff_client = type(client)()
    staff_client.force_login(staff)
    page_url = reverse("report_section", args=[draft_report.pk, section.slug])
    page = staff_client.get(page_url).content.decode()
    version = figure_sets(draft_report)["b3"].version
    assert f'name="version" value="{version}"' in page
    content, audit = report_content(draft_report).to_json(), AuditEntry.objects.count()

    url = reverse("admin:reports_report_change", args=[draft_report.pk])
    assert admin_client_vi.post(url, _figure_post(draft_report)).status_code == 403
    assert report_content(Report.objects.get(pk=draft_report.pk)).to_json() == content
    assert figure_sets(draft_report)["b3"].version == version
    assert AuditEntry.objects.count() == audit

    response = staff_client.post(page_url, {"version": version, "resolved_total": "5.650"})
    assert response.status_code == 302
    figures = figure_sets(Report.objects.get(pk=draft_report.pk))["b3"]
    assert (figures.resolved_total, figures.version) == (5650, version + 1)
    assert list(AuditEntry.objects.filter(action="value").values_list("user__username", flat=True))[
        -1:
    ] == ["chuyenvien"]


def test_reports_are_created_by_the_application_not_the_admin(admin_client_vi, demo):
    count = Report.objects.count()
    url = reverse("admin:reports_report_add")
    response = admin_client_vi.post(url, {"commune": demo.pk, "year": 2027, "period_kind": "Q1"})
    assert response.status_code == 403
    assert Report.objects.count() == count


def test_an_approved_report_keeps_its_records(admin_client_vi, seed_report):
    assert seed_report.status == Status.APPROVED
    assert ReportSnapshot.objects.filter(report=seed_report).exists()
    assert WarningExplanation.objects.filter(report=seed_report).exists()
