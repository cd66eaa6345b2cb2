"""Every form submits as rendered (issue 11, "Done means").

For each person of the demo (and an anonymous visitor) and for three states of the demo data,
every page the URL configuration has (object pages from the access matrix, all Biểu mẫu pages)
is opened; each distinct form on it is submitted with exactly the values the page rendered
(inputs, checked boxes, each select's selected option, textareas), plus the few inputs FILL
gives when the page leaves them blank. The test fails on a 4xx/5xx answer or a message under a
field (is-invalid, errorlist, an error message): a value the page itself rendered (a year
printed "2.026", a figure in a format the parser refuses) would be one. Each submission runs in
a savepoint rolled back afterwards, so every form meets the state its page was rendered in.

Forms also must not trigger the browser's own (English) validation bubbles: each carries
`novalidate` or no constraint attributes.
"""

import io
import re
from datetime import date

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from benchmarks.formparse import forms_of
from reports import catalogue, exports, workflow
from reports.exports.stored import produce_document
from reports.models import Report
from tests.complete import fill_like_seed
from tests.pki import cast
from tests.signed_pdfs import BODY_BOX, sign
from tests.signed_reports import pdfs_by_hand, trust_roots  # noqa: F401 (the fixture)
from tests.test_access_matrix import MATRIX

# Inputs a person types that no page can render for them, filled only when left blank.
FILL = {
    "username": "chuyenvien",
    "password": "Demo@2026",
    "old_password": "Demo@2026",
    "new_password1": "Hoa-sen-Thanh-Mien-26",
    "new_password2": "Hoa-sen-Thanh-Mien-26",
    "comment": "Ý kiến của bộ kiểm thử",
    "number": "1235",
    "issued_on": date.today().strftime("%d/%m/%Y"),
}
# Pages that are not pages: downloads and POST-only addresses (their forms are on other pages).
NOT_PAGES = {
    "logout": "POST only: its form is in every page's navigation bar",
    "report_export_docx": "a download",
    "report_export_xlsx": "a download",
    "report_export_pdf": "a download (and needs LibreOffice)",
    "city_rollup_xlsx": "a download",
    "signed_document_download": "a download",
    "report_submit": "POST only: its form is on the report's pages",
    "report_return": "POST only: its form is on the report's pages",
    "report_approve": "POST only: its form is on the report's pages",
    "report_reopen": "POST only: its form is on the report's pages",
    "report_explain": "POST only: its form is under each warning",
    "report_import_confirm": "POST only: its form is on the import preview, which needs an "
    "upload first (tests/import_flow.py submits it as rendered)",
    "report_import_cancel": "POST only: the same preview's other form",
}
# Forms a page shows to someone who may not use them, refused when submitted: (the URL name
# the form posts to, who), with the reason. Each is a finding for the page's owner; none
# remains (the issue page is 403 for the commune's staff and leader).
REFUSED: dict[tuple[str, str], str] = {}
ERROR_MARKERS = ("is-invalid", 'class="errorlist', "invalid-feedback", 'data-level="error"')
# Who walks in which state of the demo. In every state the seed (Quý II) is approved (issued in
# the last) and the draft (Quý III) complete; "submitted" brings the leader's approve and return
# forms, "issued" the văn thư's signed upload and the city's view of an issued report.
WALKS = [
    *[(person, "draft") for person in ("anonymous", "chuyenvien", "lanhdao", "vanthu")],
    *[(person, "draft") for person in ("sonoivu", "quantri")],
    ("chuyenvien", "submitted"),
    ("lanhdao", "submitted"),
    ("vanthu", "issued"),
    ("sonoivu", "issued"),
]


def _walk(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from _walk(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern.name, "<" in str(pattern.pattern)


def page_urls(draft: Report, seed: Report) -> list[str]:
    urls = []
    for name, has_converter in _walk(get_resolver().url_patterns):
        if name in NOT_PAGES:
            continue
        if name == "report_section":
            urls += [reverse(name, args=[draft.pk, s.slug]) for s in catalogue.SECTIONS]
            urls.append(reverse(name, args=[seed.pk, catalogue.SECTIONS[0].slug]))
        elif has_converter:
            for entry in MATRIX:
                if entry["name"] == name and entry["method"] == "get":
                    report = seed if entry.get("target") == "seed" else draft
                    urls.append(reverse(name, kwargs=entry["kwargs"](report)))
        else:
            urls.append(reverse(name))
    return list(dict.fromkeys(urls))


def test_every_url_is_walked_or_explained(draft_report, seed_report):
    walked = {resolve(url.split("?")[0]).url_name for url in page_urls(draft_report, seed_report)}
    names = {name for name, _ in _walk(get_resolver().url_patterns)}
    missing = names - walked - set(NOT_PAGES)
    assert not missing, "Trang chưa được kiểm tra biểu mẫu: " + ", ".join(sorted(missing))


def arrange(state, seed, draft, users):
    fill_like_seed(draft)
    if state == "submitted":
        workflow.report_submit(draft, user=users["chuyenvien"])
    elif state == "issued":
        workflow.report_issue(seed, user=users["vanthu"], number="1234", issued_on=date.today())


def _upload(action):
    """The file a file input asks for: the report's own Excel annex for the import; for the
    signed copy, the report's issued PDF as the application keeps it (a hand-written PDF
    standing in for LibreOffice) signed by the leader and the UBND, whose CA the deployment
    trusts (``trust_roots``)."""
    match = resolve(action.split("?")[0])
    report = Report.objects.get(pk=match.kwargs["pk"])
    if match.url_name == "report_import":
        upload = io.BytesIO(exports.xlsx_bytes(report))
        upload.name = "bao-cao.xlsx"
    else:
        with pdfs_by_hand():
            pdf = bytes(produce_document(report, "pdf").content)
        leader_signed = sign(pdf, cast().leader, "LanhDao")
        upload = io.BytesIO(sign(leader_signed, cast().body, "CoQuan", box=BODY_BOX))
        upload.name = "bao-cao-da-ky.pdf"
    return upload


def _submission(form, page_url):
    """What a browser sends: the rendered values, the blanks FILL knows filled in."""
    data = {
        name: FILL[name] if name in FILL and value == "" else value
        for name, value in form.as_dict().items()
    }
    return form.action or page_url, data


def _problems(response) -> list[str]:
    if response.status_code >= 400:
        return [f"trả về {response.status_code}"]
    body = response.content.decode(errors="replace")
    found = [marker for marker in ERROR_MARKERS if marker in body]
    if found:
        messages = re.findall(r'data-level="error">([^<]*)<', body)
        fields = re.findall(r'class="invalid-feedback[^"]*"[^>]*>(?:<strong>)?([^<]*)<', body)
        return [f"có thông báo lỗi {found}: {messages + fields}"]
    return []


@pytest.mark.usefixtures("trust_roots")
@pytest.mark.parametrize(("person", "state"), WALKS, ids=[f"{p}-{s}" for p, s in WALKS])
def test_every_form_submits_as_rendered(
    client, demo, seed_report, draft_report, django_user_model, person, state
):
    users = {u.username: u for u in django_user_model.objects.all()}
    arrange(state, seed_report, draft_report, users)

    def log_in():
        client.logout()
        if person != "anonymous":
            client.force_login(users[person])

    failures, seen, submitted = [], set(), 0
    for url in page_urls(draft_report, seed_report):
        log_in()
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for form in forms_of(response.content.decode()):
            action, data = _submission(form, url)
            action_name = resolve(action.split("?")[0]).url_name
            signature = (action_name, form.method, tuple(sorted(data)))
            if form.constrained and not form.novalidate:
                failures.append(f"{url}: {action} có {form.constrained} mà thiếu novalidate")
            if signature in seen or not form.submittable:
                continue  # a form without a submit button or a field is never sent
            if (action_name, person) in REFUSED:
                continue
            seen.add(signature)
            with transaction.atomic():
                log_in()
                if form.method == "get":
                    answer = client.get(action, data, follow=True)
                else:
                    data |= {name: _upload(action) for name in form.files}
                    answer = client.post(action, data, follow=True)
                submitted += 1
                failures += [f"{url} → {form.method} {action}: {p}" for p in _problems(answer)]
                transaction.set_rollback(True)
    assert submitted, "no form found: the walk proves nothing"
    assert not failures, "\n".join(failures)
