"""The server dies in the middle of saving a Biểu mẫu (power cut, OOM killer): the database
holds the old version of the whole Biểu mẫu or the new one, never a mix.

A real gunicorn on PostgreSQL, with a test-only hook (tests/fault_hook.py) that holds the save
open right after its first write; the test SIGKILLs the server's whole process group there.
"""

import http.client
import os
import signal
import threading
import time
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.urls import reverse

from benchmarks.formparse import post_forms
from reports import catalogue
from reports.models import AuditEntry
from tests.live import database_url, free_port, gunicorn, session_cookie

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PORT = free_port()
B3 = catalogue.SECTION_BY_KEY["b3"]
NEW = {
    "resolved_total": "6.001",
    "resolved_on_time": "5.990",
    "pakn_received": "12",
    "pakn_resolved": "12",
    "note__resolved_total": "Số mới sau khi đối chiếu",
}


def _server_env(**extra):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings_fault",
        "DEBUG": "1",
        "DATABASE_URL": database_url(),
        **extra,
    }


def _request(method, path, cookie, data=None, timeout=10):
    connection_ = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
    headers = {"Cookie": cookie}
    body = None
    if data is not None:
        body = urlencode(data)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection_.request(method, path, body=body, headers=headers)
    response = connection_.getresponse()
    content = response.read().decode()
    csrf = [h for h in response.msg.get_all("Set-Cookie") or [] if h.startswith("csrftoken=")]
    connection_.close()
    return response.status, content, csrf[0].split(";")[0] if csrf else None


def _open_form(server, path, cookie):
    status, html, csrf = _request("GET", path, cookie)
    assert status == 200, server.log_text()
    cookie = f"{cookie}; {csrf}"
    form = next(f for f in post_forms(html) if "version" in f.names())
    token = csrf.split("=", 1)[1]
    return cookie, form.data(csrfmiddlewaretoken=token, **NEW)


def _state(report):
    figures = type(report.procedurefigures).objects.get(report=report)
    values = {row.field: getattr(figures, row.field) for row in B3.input_rows}
    audit = AuditEntry.objects.filter(report=report, section="b3").count()
    return values, dict(figures.notes), figures.version, audit


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the kill test runs the server on PostgreSQL: DATABASE_URL=postgres://…")


def test_kill_during_save_keeps_the_old_version_whole(postgres_only, draft_report, staff, tmp_path):
    before = _state(draft_report)
    cookie = session_cookie(staff)
    path = reverse("report_section", args=[draft_report.pk, B3.slug])
    marker = tmp_path / "inside-transaction"
    env = _server_env(FAULT_MARKER=str(marker), FAULT_DELAY="60")
    with gunicorn(PORT, env, timeout=120) as server:
        cookie, data = _open_form(server, path, cookie)
        saving = threading.Thread(
            target=lambda: pytest.raises(OSError, _request, "POST", path, cookie, data, 90),
            daemon=True,
        )
        saving.start()
        deadline = time.monotonic() + 20
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the save never reached the database"
        # The figures are written, the audit rows not yet: kill everything, no clean-up.
        assert marker.read_text().startswith("in_atomic_block=True")
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(10)
        saving.join(10)

    time.sleep(0.5)  # PostgreSQL sees the closed socket and rolls back
    assert _state(draft_report) == before

    # The same save on a server left alone: the new version, whole, with its audit rows.
    with gunicorn(PORT, _server_env()) as server:
        cookie, data = _open_form(server, path, session_cookie(staff))
        status, _, _ = _request("POST", path, cookie, data)
        assert status == 302, server.log_text()
    values, notes, version, audit = _state(draft_report)
    assert (values["resolved_total"], values["resolved_on_time"]) == (6001, 5990)
    assert (values["pakn_received"], values["pakn_resolved"]) == (12, 12)
    assert notes["resolved_total"] == "Số mới sau khi đối chiếu"
    assert version == before[2] + 1
    changed = sum(before[0][field] != values[field] for field in values) + 1  # + the note
    assert audit == before[3] + changed
