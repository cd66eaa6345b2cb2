"""/healthz: no login, each component "ok" or "fail" and nothing else, 503 only when this
server cannot reach its database. And the request id on every response and log line."""

import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from reports.exports import pdf as pdf_module
from reports.models import WorkerHeartbeat
from reports.views import health
from tests.tasks_helpers import database_queue  # noqa: F401


def test_healthz_needs_no_login_and_says_only_ok_or_fail(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    body = response.json()
    assert set(body) == {"database", "worker", "converter"}
    assert set(body.values()) <= {"ok", "fail"}
    assert body["database"] == "ok"
    assert body["worker"] == "ok"  # the immediate backend: every request does its own work


@pytest.mark.usefixtures("database_queue")
def test_worker_is_alive_while_it_writes_heartbeats(client, db, settings):
    assert client.get("/healthz").json()["worker"] == "fail"  # no worker ever started
    beat = WorkerHeartbeat.objects.create(worker_id="may-1-42", seen_at=timezone.now())
    assert client.get("/healthz").json()["worker"] == "ok"
    beat.seen_at -= timedelta(seconds=3 * settings.WORKER_HEARTBEAT_SECONDS + 1)
    beat.save()
    response = client.get("/healthz")
    assert response.json()["worker"] == "fail"
    assert response.status_code == 200  # PDFs wait; pages do not: stay in the balancer


def test_database_failure_is_503_without_details(client, db, monkeypatch):
    def down():
        raise RuntimeError("could not connect to server at 10.0.0.5 password=secret")

    monkeypatch.setattr(health, "_database", down)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "fail"
    assert b"10.0.0.5" not in response.content and b"secret" not in response.content


def test_converter(client, db, settings, monkeypatch):
    settings.PDF_CONVERTER_URL = "http://127.0.0.1:1"  # nothing listens there
    monkeypatch.setattr(pdf_module, "libreoffice_binary", lambda: None)
    monkeypatch.setattr(health, "libreoffice_binary", lambda: None)
    assert client.get("/healthz").json()["converter"] == "fail"
    monkeypatch.setattr(health, "libreoffice_binary", lambda: "/usr/bin/soffice")
    assert client.get("/healthz").json()["converter"] == "ok"  # one process per conversion


def test_healthz_is_read_only(client, db):
    assert client.post("/healthz").status_code == 405


@pytest.mark.parametrize(
    ("given", "kept"),
    [("proxy-7f3a9c01", True), ("<script>alert(1)</script>", False), ("short", False)],
)
def test_request_id_from_the_proxy_or_made(client, db, caplog, given, kept):
    with caplog.at_level(logging.INFO, logger="cchc.requests"):
        response = client.get("/dang-nhap/", headers={"X-Request-ID": given})
    ident = response["X-Request-ID"]
    assert (ident == given) is kept
    if not kept:
        assert len(ident) == 32 and int(ident, 16) >= 0
    lines = [r for r in caplog.records if r.name == "cchc.requests"]
    assert len(lines) == 1  # one line per request
    assert lines[0].request_id == ident
    assert lines[0].getMessage().startswith("GET /dang-nhap/ 200 ")
