"""Production mode: `check --deploy` is clean, security headers on every page, and gunicorn with
DEBUG=0 serves compressed static files with long cache headers and redirects plain HTTP."""

import http.client
import json
import re
import subprocess
import sys

import pytest

from cchc.middleware import DEFAULT_POLICY
from tests.live import ROOT, free_port, gunicorn, production_env

PORT = free_port()


def test_check_deploy_reports_nothing():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(ALLOWED_HOSTS="cchc.example.gov.vn"),
        capture_output=True,
        text=True,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in result.stdout, output
    assert "?: (security." not in output, output


def test_pages_carry_security_headers(client, db):
    response = client.get("/dang-nhap/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Content-Security-Policy"] == DEFAULT_POLICY
    assert "script-src 'self';" in response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>"), "inline <script>"),
    (re.compile(r"\sstyle=[\"']"), "style attribute"),
    (re.compile(r"<style[\s>]"), "<style> element"),
    (re.compile(r"\son[a-z]+=[\"']"), "event handler attribute"),
    (re.compile(r"href=[\"']javascript:", re.IGNORECASE), "javascript: link"),
]


def test_pages_have_no_inline_scripts_or_styles(
    client, staff, leader, clerk, city_reviewer, seed_report, draft_report
):
    """The policy blocks inline code and styles, so no page the app renders may rely on them."""
    from django.urls import reverse

    from reports import catalogue

    draft, seed = draft_report.pk, seed_report.pk
    pages = {
        None: ["/dang-nhap/"],
        staff: [
            "/",
            reverse("report_list"),
            reverse("report_new"),
            reverse("report_overview", args=[draft]),
            reverse("report_narrative", args=[draft]),
            reverse("report_history", args=[draft]),
            reverse("report_exports", args=[draft]),
            reverse("report_import", args=[draft]),
        ]
        + [reverse("report_section", args=[draft, s.slug]) for s in catalogue.SECTIONS],
        leader: ["/", reverse("report_history", args=[seed])],
        clerk: ["/", reverse("report_issue", args=[seed])],
        city_reviewer: [
            "/",
            reverse("city_grid"),
            reverse("city_report", args=[seed]),
            reverse("city_rollup"),
            reverse("city_trends"),
            reverse("city_deadlines"),
        ],
    }
    found = []
    for user, urls in pages.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            body = response.content.decode()
            found += [f"{url}: {what}" for pattern, what in INLINE if pattern.search(body)]
    assert not found, "\n".join(found)


def _get(path, headers=None, port=PORT):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    static_root = tmp_path_factory.mktemp("static")
    db_path = tmp_path_factory.mktemp("db") / "prod.sqlite3"
    env = production_env(
        STATIC_ROOT=static_root,
        DATABASE_URL=f"sqlite:///{db_path}",
        SECURE_PROXY_SSL_HEADER="1",
    )
    for command in (["collectstatic", "--noinput"], ["migrate", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    with gunicorn(PORT, env):
        yield


def test_production_redirects_plain_http_to_https(production_server):
    response, _ = _get("/dang-nhap/")
    assert response.status == 301
    assert response.getheader("Location") == f"https://127.0.0.1:{PORT}/dang-nhap/"


def test_production_behind_tls_proxy(production_server):
    """Behind the proxy (X-Forwarded-Proto: https): HSTS, secure cookies, the CSP."""
    response, body = _get("/dang-nhap/", {"X-Forwarded-Proto": "https"})
    assert response.status == 200
    assert "Đăng nhập" in body.decode()
    assert response.getheader("Strict-Transport-Security") == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert response.getheader("Content-Security-Policy") == DEFAULT_POLICY
    assert response.getheader("X-Frame-Options") == "DENY"
    cookie = response.getheader("Set-Cookie")
    assert "csrftoken=" in cookie and "Secure" in cookie


def test_production_static_files_hashed_compressed_and_cached(production_server):
    _, body = _get("/dang-nhap/", {"X-Forwarded-Proto": "https"})
    match = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', body.decode())
    assert match, "the page should link the hashed file name from the manifest"
    response, css = _get(match.group(1), {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert "immutable" in response.getheader("Cache-Control")
    assert "max-age=315360000" in response.getheader("Cache-Control")
    assert css[:2] == b"\x1f\x8b"


def test_production_healthz_answers_plain_http(production_server):
    """The load balancer probes each server directly, over HTTP: no redirect, no login."""
    response, body = _get("/healthz")
    assert response.status == 200
    assert json.loads(body)["database"] == "ok"
    assert response.getheader("X-Request-ID")
