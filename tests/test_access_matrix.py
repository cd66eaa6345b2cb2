"""Access matrix: every URL that carries an object id, tried by the wrong people.

- a user of another commune (and a city reviewer of another city) gets 404 and changes nothing;
- the city reviewer of the report's city can read (GET) but every write is refused (403) and
  changes nothing;
- the report's own commune gets exactly the answer the entry names (by default 200 for a read
  and a redirect, not to the login page, for a write): an entry that 404s or 403s for
  everyone would prove nothing;
- a walk over the URL configuration fails when a URL with a converter is missing from MATRIX.

HOW TO ADD YOUR URL (every helper does this for their own object-id URLs): append one dict to
MATRIX:

    {
        "name": "report_export_docx",          # the URL name (with namespace if any)
        "kwargs": lambda report: {"pk": report.pk},   # builds reverse() kwargs from a report
        "method": "get",                       # "get" = a read, "post" = a write
        "data": {...},                         # optional POST data (a valid-looking request)
        "target": "draft",                     # optional: "draft" (Q3, default) or "seed" (Q2,
                                               #   approved) – which demo report is attacked
        "city_status": 200,                    # optional: expected status for the city reviewer
                                               #   (default 200 for get, 403 for post)
        "own_user": "staff",                   # optional: who of the commune may reach it
                                               #   (staff/leader/clerk; default leader)
        "own_status": 403,                     # optional: the exact status own_user gets
                                               #   (default 200 for get, 302 for post)
    }

``kwargs`` may create what the URL needs (e.g. a SignedDocument) and return its id. A URL with
a converter that is not about one object (none yet) goes into NOT_OBJECT_URLS with a reason.
"""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from reports.content import report_content
from reports.models import (
    AuditEntry,
    Report,
    ReportSnapshot,
    SignedDocument,
    WarningExplanation,
)


def _pk(report):
    return {"pk": report.pk}


def _signed_document(report):
    """A signed PDF on file for the report (the signed download URL needs one)."""
    from django.core.files.base import ContentFile

    document = SignedDocument(
        report=report,
        original_name="bao-cao-da-ky.pdf",
        sha256="0" * 64,
        size=9,
        uploaded_by=report.approved_by or report.prepared_by,
    )
    document.file.save("matrix.pdf", ContentFile(b"%PDF-1.7\n"), save=True)
    return document


def _prepared_file(report):
    """A PDF of the report prepared by a task, ready (the file URLs need one)."""
    from reports.models import PreparedFile

    prepared = PreparedFile.objects.create(
        kind=PreparedFile.Kind.PDF,
        report=report,
        requested_by=report.approved_by or report.prepared_by,
        state=PreparedFile.State.READY,
        filename="bao-cao.pdf",
        content=b"%PDF-1.7\n",
    )
    return {"file_id": prepared.pk}


MATRIX: list[dict] = [
    # --- workflow, history --------------------------------------------------------------
    {"name": "report_history", "kwargs": _pk, "method": "get"},
    # A saved version: the demo's seed has its approval snapshot.
    {
        "name": "report_version",
        "kwargs": lambda report: {"pk": report.pk, "snapshot_pk": report.snapshots.first().pk},
        "method": "get",
        "target": "seed",
    },
    {"name": "report_submit", "kwargs": _pk, "method": "post", "data": {"comment": "Gửi"}},
    {
        "name": "report_return",
        "kwargs": _pk,
        "method": "post",
        "data": {"comment": "Sửa lại số liệu"},
    },
    {"name": "report_approve", "kwargs": _pk, "method": "post", "data": {"comment": ""}},
    {
        "name": "report_reopen",
        "kwargs": _pk,
        "method": "post",
        "data": {"comment": "Mở lại"},
        "target": "seed",
    },
    {
        "name": "report_issue",
        "kwargs": _pk,
        "method": "get",
        "target": "seed",
        "own_user": "clerk",
        "city_status": 403,  # the issue form is an action, not a read
    },
    {
        "name": "report_issue",
        "kwargs": _pk,
        "method": "post",
        "data": {"number": "123", "issued_on": "15/07/2026"},
        "target": "seed",
        "own_user": "clerk",
    },
    # --- data entry ---------------------------------------------------------------------
    {"name": "report_overview", "kwargs": _pk, "method": "get"},
    {"name": "report_overview", "kwargs": _pk, "method": "get", "target": "seed"},
    {
        "name": "report_section",
        "kwargs": lambda r: {"pk": r.pk, "slug": "thu-tuc-hanh-chinh"},
        "method": "get",
    },
    {
        "name": "report_section",
        "kwargs": lambda r: {"pk": r.pk, "slug": "so-lieu-phan-ii"},
        "method": "get",
        "target": "seed",
    },
    {
        "name": "report_section",
        "kwargs": lambda r: {"pk": r.pk, "slug": "thu-tuc-hanh-chinh"},
        "method": "post",
        "data": {"version": "0", "resolved_total": "9", "note__resolved_total": "x"},
        "own_user": "staff",
    },
    {"name": "report_narrative", "kwargs": _pk, "method": "get"},
    {
        "name": "report_narrative",
        "kwargs": _pk,
        "method": "post",
        "data": {"version": "0", "section_3": "Sửa trái phép"},
        "own_user": "staff",
    },
    {
        "name": "report_explain",
        "kwargs": _pk,
        "method": "post",
        "data": {"rule_code": "ii.online_apps_match_b7", "text": "Giải trình", "next": "/"},
        "own_user": "staff",
    },
    # --- exports, import, signed upload -------------------------------------------------
    {"name": "report_exports", "kwargs": _pk, "method": "get"},
    {"name": "report_export_docx", "kwargs": _pk, "method": "get", "target": "seed"},
    {"name": "report_export_xlsx", "kwargs": _pk, "method": "get"},
    {"name": "report_export_pdf", "kwargs": _pk, "method": "get", "target": "seed"},
    {"name": "report_export_zip", "kwargs": _pk, "method": "get"},
    # A file prepared by a task: anyone who may read the report may fetch it.
    {"name": "prepared_file", "kwargs": _prepared_file, "method": "get", "target": "seed"},
    {"name": "prepared_file_status", "kwargs": _prepared_file, "method": "get"},
    # The import writes: the city reviewer may not even see the form.
    {
        "name": "report_import",
        "kwargs": _pk,
        "method": "get",
        "city_status": 403,
        "own_user": "staff",
    },
    # Posted without a file: the form's message, 400.
    {
        "name": "report_import",
        "kwargs": _pk,
        "method": "post",
        "own_user": "staff",
        "own_status": 400,
    },
    # The import's preview, confirm and cancel: the same contract as the upload (the preview
    # shows what would be written, so it is part of the write, not a read).
    # Without an upload in the session the preview sends back to the upload form.
    {
        "name": "report_import_preview",
        "kwargs": _pk,
        "method": "get",
        "city_status": 403,
        "own_user": "staff",
        "own_status": 302,
    },
    {
        "name": "report_import_confirm",
        "kwargs": _pk,
        "method": "post",
        "data": {"token": "x", "accept_mismatch": "on"},
        "own_user": "staff",
    },
    {"name": "report_import_cancel", "kwargs": _pk, "method": "post", "own_user": "staff"},
    # Only the commune's văn thư uploads the signed PDF (of an issued report: 403 before, and
    # the seed is approved, not issued).
    {
        "name": "report_signed_upload",
        "kwargs": _pk,
        "method": "get",
        "target": "seed",
        "city_status": 403,
        "own_user": "clerk",
        "own_status": 403,
    },
    {
        "name": "report_signed_upload",
        "kwargs": _pk,
        "method": "post",
        "target": "seed",
        "own_user": "clerk",
        "own_status": 403,
    },
    {
        "name": "signed_document_download",
        "kwargs": lambda report: {"pk": report.pk, "document_pk": _signed_document(report).pk},
        "method": "get",
        "target": "seed",
    },
    # --- city ------------------------------------------------------------------------------
    # Read-only city pages: the report's own commune gets 403 (city pages are not theirs).
    {"name": "city_report", "kwargs": _pk, "method": "get", "target": "seed", "own_status": 403},
    {
        "name": "commune_trends",
        "kwargs": lambda report: {"pk": report.commune_id},
        "method": "get",
        "own_status": 403,
    },
]

# URL names with a converter that do not address one report-scoped object, with the reason.
NOT_OBJECT_URLS: dict[str, str] = {}

# Namespaces outside the matrix: the Django admin is for administrators only and is frozen
# separately (tests/test_workflow_frozen.py).
IGNORED_NAMESPACES = {"admin"}


def database_state() -> dict:
    """Everything a wrong request could change, comparable with ==."""
    reports = {
        report.pk: (
            report.status,
            report.number,
            report.issued_on,
            report.approved_by_id,
            report.narrative_version,
            report_content(report).to_json(),
        )
        for report in Report.objects.all()
    }
    return {
        "reports": reports,
        "audit": AuditEntry.objects.count(),
        "snapshots": ReportSnapshot.objects.count(),
        # A wrong upload must neither add a copy nor change which one is current.
        "signed": list(SignedDocument.objects.values_list("pk", "is_current", "verdict")),
        "explanations": list(WarningExplanation.objects.values_list("rule_code", "text")),
    }


def _url(entry, report) -> str:
    """Built before the database is fingerprinted: builders may create objects."""
    return reverse(entry["name"], kwargs=entry["kwargs"](report))


def _request(client, entry, url):
    if entry["method"] == "get":
        return client.get(url)
    return client.post(url, entry.get("data", {}))


def _target(entry, seed_report, draft_report):
    return seed_report if entry.get("target") == "seed" else draft_report


def _ids(entry):
    return f"{entry['method']}:{entry['name']}"


@pytest.mark.parametrize("entry", MATRIX, ids=_ids)
@pytest.mark.parametrize("stranger", ["other_staff", "other_city_reviewer"])
def test_other_commune_gets_404_and_changes_nothing(
    client, request, entry, stranger, seed_report, draft_report
):
    report = _target(entry, seed_report, draft_report)
    client.force_login(request.getfixturevalue(stranger))
    url = _url(entry, report)
    before = database_state()
    response = _request(client, entry, url)
    assert response.status_code == 404
    assert database_state() == before


@pytest.mark.parametrize("entry", MATRIX, ids=_ids)
def test_city_reviewer_reads_but_never_writes(
    client, entry, city_reviewer, seed_report, draft_report
):
    report = _target(entry, seed_report, draft_report)
    client.force_login(city_reviewer)
    url = _url(entry, report)
    before = database_state()
    response = _request(client, entry, url)
    expected = 200 if entry["method"] == "get" else 403
    assert response.status_code == entry.get("city_status", expected)
    assert database_state() == before


@pytest.mark.parametrize("entry", MATRIX, ids=_ids)
def test_own_commune_gets_the_exact_answer(client, request, entry, seed_report, draft_report):
    """Guards the matrix itself: an entry whose URL 404s (or 403s) for everyone would prove
    nothing, so the report's own commune must get exactly the entry's status."""
    report = _target(entry, seed_report, draft_report)
    client.force_login(request.getfixturevalue(entry.get("own_user", "leader")))
    response = _request(client, entry, _url(entry, report))
    expected = entry.get("own_status", 200 if entry["method"] == "get" else 302)
    assert response.status_code == expected
    if expected == 302:
        assert not response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            if ns in IGNORED_NAMESPACES:
                continue
            child_ns = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), child_ns)
        elif isinstance(pattern, URLPattern):
            full = prefix + str(pattern.pattern)
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield full, name


def _has_converter(route: str) -> bool:
    return "<" in route or "(?P" in route


def test_every_object_url_is_in_the_matrix():
    listed = {entry["name"] for entry in MATRIX} | set(NOT_OBJECT_URLS)
    missing = [
        f"{route} (name={name})"
        for route, name in _walk(get_resolver().url_patterns)
        if _has_converter(route) and name not in listed
    ]
    assert not missing, "URL có mã đối tượng chưa có trong MATRIX: " + ", ".join(missing)
