"""Two app servers (two gunicorn instances on two ports) sharing one PostgreSQL and one task
worker behave as one application: a signed file uploaded through one is downloaded through the
other, a PDF asked of one is prepared by the worker and fetched through the other, the kept
documents are the same bytes from both processes, a lockout made on one holds on the other,
one page saved through both at once has one winner, and /healthz answers on both.
PostgreSQL only (SQLite is one machine's database)."""

import contextlib
import hashlib
import http.client
import json
import re
import subprocess
import sys
import threading
import time
import uuid
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from benchmarks.formparse import post_forms
from reports.models import SignedDocument
from tests.live import (
    ROOT,
    TEST_SECRET_KEY,
    database_url,
    free_port,
    gunicorn,
    production_env,
    session_cookie,
)
from tests.signed_pdfs import sign_as_the_commune
from tests.signed_reports import keep_pdfs
from tests.test_pdf import MISSING as NO_LIBREOFFICE

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def running(django_db_setup, tmp_path_factory):
    """The two servers and the worker, started once for the module (the test database
    exists by then; each test loads its own data)."""
    if connection.vendor != "postgresql":
        pytest.skip("two app servers share one PostgreSQL: run with DATABASE_URL=postgres://…")
    env = production_env(
        DATABASE_URL=database_url(),
        STATIC_ROOT=tmp_path_factory.mktemp("static"),
        SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback; cookies are sent by hand below
        TASKS_BACKEND="database",
        LOG_LEVEL="WARNING",
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "task_worker", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    first, second = free_port(), free_port()
    try:
        with gunicorn(first, env), gunicorn(second, env):
            yield first, second
    finally:
        worker.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.wait(10)
        worker.kill()
        worker.wait()


@pytest.fixture
def servers(running, demo):
    return running


def _session(user) -> str:
    return session_cookie(user, secret_key=TEST_SECRET_KEY)


def _request(port, method, path, cookie="", body=None, headers=None):
    connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection_.request(method, path, body=body, headers={"Cookie": cookie, **(headers or {})})
    response = connection_.getresponse()
    content = response.read()
    cookies = {}
    for header in response.msg.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        cookies[name] = rest.split(";", 1)[0]
    connection_.close()
    return response, content, cookies


def _csrf(port, path, cookie) -> tuple[str, str]:
    """A page's CSRF cookie and form token, for a POST the way a browser sends it."""
    response, html, cookies = _request(port, "GET", path, cookie)
    assert response.status == 200, (response.status, html[:300])
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()
    return f"{cookie}; csrftoken={cookies['csrftoken']}".lstrip("; "), token


def _multipart(fields: dict, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"'
        "\r\nContent-Type: application/pdf\r\n\r\n".encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def test_signed_file_uploaded_through_one_server_is_downloaded_through_the_other(
    servers, seed_report, clerk, city_reviewer
):
    first, second = servers
    # The report's PDF for signing kept (by hand: the servers read it from the database), the
    # report issued, the PDF signed by the leader and the UBND.
    signed = sign_as_the_commune(keep_pdfs(seed_report, clerk)["approved"])
    upload = reverse("report_signed_upload", args=[seed_report.pk])
    cookie, token = _csrf(first, upload, _session(clerk))
    body, content_type = _multipart({"csrfmiddlewaretoken": token}, "BC 45.pdf", signed)
    response, _, _ = _request(first, "POST", upload, cookie, body, {"Content-Type": content_type})
    assert response.status == 302
    document = SignedDocument.objects.get(report=seed_report)
    # The servers trust no root (CCHC_TRUST_ROOTS unset): stored, marked as not validated.
    assert (document.is_current, document.verdict) == (True, "untrusted")

    path = reverse("signed_document_download", args=[seed_report.pk, document.pk])
    response, data, _ = _request(second, "GET", path, _session(city_reviewer))
    assert response.status == 200
    assert data == signed
    assert response.getheader("X-Content-SHA256") == hashlib.sha256(signed).hexdigest()


def test_kept_documents_are_the_same_bytes_from_both_processes(servers, seed_report, leader):
    first, second = servers
    cookie = _session(leader)
    for name in ("report_export_docx", "report_export_xlsx"):
        path = reverse(name, args=[seed_report.pk])
        _, from_first, _ = _request(first, "GET", path, cookie)
        _, from_second, _ = _request(second, "GET", path, cookie)
        assert from_first == from_second and from_first.startswith(b"PK")


@pytest.mark.skipif(NO_LIBREOFFICE, reason="LibreOffice hoặc pdftotext chưa được cài")
def test_pdf_asked_of_one_server_is_prepared_by_the_worker_and_fetched_from_the_other(
    servers, seed_report, leader
):
    first, second = servers
    cookie = _session(leader)
    path = reverse("report_export_pdf", args=[seed_report.pk])
    response, page, _ = _request(first, "GET", path, cookie)
    assert "Đang chuẩn bị tệp…" in page.decode()
    status_url = re.search(rb'data-prepared-status="([^"]+)"', page).group(1).decode()
    deadline = time.monotonic() + 30
    while True:
        _, body, _ = _request(second, "GET", status_url, cookie)
        status = json.loads(body)
        if status["state"] != "pending" or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert status["state"] == "ready", status
    _, pdf, _ = _request(second, "GET", status["url"], cookie)
    assert pdf.startswith(b"%PDF-")
    _, again, _ = _request(first, "GET", path, cookie)  # the kept PDF, at once
    assert again == pdf


def test_a_lockout_made_on_one_server_holds_on_the_other(servers, demo):
    first, second = servers
    for _ in range(settings.AXES_FAILURE_LIMIT):
        cookie, token = _csrf(first, "/dang-nhap/", "")
        body = f"csrfmiddlewaretoken={token}&username=lanhdao&password=sai-mat-khau"
        _request(
            first, "POST", "/dang-nhap/", cookie, body,
            {"Content-Type": "application/x-www-form-urlencoded"},
        )  # fmt: skip
    cookie, token = _csrf(second, "/dang-nhap/", "")
    body = f"csrfmiddlewaretoken={token}&username=lanhdao&password=Demo%402026"
    response, page, _ = _request(
        second, "POST", "/dang-nhap/", cookie, body,
        {"Content-Type": "application/x-www-form-urlencoded"},
    )  # fmt: skip
    assert response.status != 302  # the right password, but locked out everywhere
    assert "Tài khoản tạm thời bị khóa" in page.decode()


def test_healthz_on_both_servers(servers):
    deadline = time.monotonic() + 15  # the worker writes its first heartbeat as it starts
    for port in servers:
        while True:
            response, body, _ = _request(port, "GET", "/healthz")
            answer = json.loads(body)
            if answer["worker"] == "ok" or time.monotonic() > deadline:
                break
            time.sleep(0.3)
        assert response.status == 200
        assert answer["database"] == "ok" and answer["worker"] == "ok", answer
        assert answer["converter"] == ("fail" if NO_LIBREOFFICE else "ok")
        assert response.getheader("X-Request-ID")


def test_one_page_saved_through_both_servers_at_once_has_one_winner(servers, draft_report, staff):
    """The row lock and the version check hold across processes: the same Biểu mẫu page,
    opened once and saved through both servers at the same moment, is saved once; the other
    save gets the 409 page with the other version shown."""
    first, second = servers
    path = reverse("report_section", args=[draft_report.pk, "thu-tuc-hanh-chinh"])
    cookie, _ = _csrf(first, path, _session(staff))
    _, html, _ = _request(first, "GET", path, cookie)
    form = next(f for f in post_forms(html.decode()) if "version" in f.names())
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()
    statuses = {}

    def save(port, total):
        body = urlencode(form.data(csrfmiddlewaretoken=token, resolved_total=total))
        response, _, _ = _request(
            port, "POST", path, cookie, body,
            {"Content-Type": "application/x-www-form-urlencoded"},
        )  # fmt: skip
        statuses[port] = response.status

    threads = [
        threading.Thread(target=save, args=(first, "5.001")),
        threading.Thread(target=save, args=(second, "5.002")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(statuses.values()) == [302, 409], statuses
    draft_report.procedurefigures.refresh_from_db()
    winner = next(port for port, status in statuses.items() if status == 302)
    expected = 5001 if winner == first else 5002
    assert draft_report.procedurefigures.resolved_total == expected
