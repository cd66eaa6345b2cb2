"""The database in trouble, against a real gunicorn:

- SQLite (the default) under two users: two saves of the same Biểu mẫu at the same moment, 12
  rounds, never a 500 "database is locked": one is saved, the other waits and gets the normal
  409 conflict page.
- PostgreSQL unreachable: pages answer the Vietnamese 500 page (rendered without a database
  query), in production and in development mode, and the same server serves normally again as
  soon as the database is back.
"""

import http.client
import re
import socket
import subprocess
import sys
import threading
from urllib.parse import urlencode

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from benchmarks.formparse import post_forms
from reports import catalogue
from tests.live import ROOT, TEST_SECRET_KEY, free_port, gunicorn, production_env

B3 = catalogue.SECTION_BY_KEY["b3"]
ROUNDS = 12


class Browser:
    """Cookies and the CSRF token of one person talking to the server over HTTP."""

    def __init__(self, port):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method, path, data=None, headers=None):
        connection_ = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} | (
            headers or {}
        )
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection_.request(method, path, body=body, headers=headers)
        response = connection_.getresponse()
        content = response.read().decode("utf-8", "replace")
        for header in response.msg.get_all("Set-Cookie") or []:
            name, _, value = header.split(";")[0].partition("=")
            self.cookies[name] = value
        connection_.close()
        return response.status, content


def _at_once(people, data, path) -> list[int]:
    """Each person posts their data to path, released at the same instant."""
    start, answers = threading.Barrier(len(people)), [None] * len(people)

    def save(index):
        start.wait()
        answers[index] = people[index].request("POST", path, data[index])[0]

    threads = [threading.Thread(target=save, args=(i,)) for i in range(len(people))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    return answers


def _manage(env, *command):
    subprocess.run(
        [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
    )


def test_two_saves_at_once_on_sqlite_never_fail(tmp_path):
    """Two gunicorn workers, one SQLite file, the same page saved by two people at once."""
    env = production_env(
        DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'cchc.sqlite3'}", LOG_LEVEL="ERROR"
    )
    _manage(env, "migrate", "--noinput")
    _manage(env, "load_demo")
    port = free_port()
    with gunicorn(port, env, workers=2) as server:
        people = [Browser(port), Browser(port)]
        for person in people:
            status, page = person.request("GET", "/dang-nhap/")
            (login,) = post_forms(page)
            status, _ = person.request(
                "POST",
                "/dang-nhap/",
                login.data(username="chuyenvien", password="Demo@2026"),
            )
            assert status == 302, server.log_text()
        _, listing = people[0].request("GET", "/bao-cao/")
        draft = re.search(r'href="/bao-cao/(\d+)/"[^>]*>Quý III năm 2026', listing).group(1)
        path = f"/bao-cao/{draft}/bieu/{B3.slug}/"
        statuses = []
        for round_ in range(ROUNDS):
            forms = []
            for person in people:
                status, page = person.request("GET", path)
                assert status == 200, server.log_text()
                forms.append(next(f for f in post_forms(page) if "version" in f.names()))
            data = [
                form.data(resolved_total=str(6000 + 10 * round_ + index))
                for index, form in enumerate(forms)
            ]
            answers = _at_once(people, data, path)
            statuses.append(tuple(sorted(answers)))
        log = server.log_text()
    assert "database is locked" not in log, log
    assert all(pair == (302, 409) for pair in statuses), statuses


class Relay:
    """A TCP relay in front of PostgreSQL that can be switched off and on: the database
    "goes away" for the server without touching the real one."""

    def __init__(self, target_port):
        self.target = ("127.0.0.1", target_port)
        self.port = free_port()
        self.up = False
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.listener.settimeout(0.2)
        self.stopping = False
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while not self.stopping:
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            if not self.up:
                client.close()  # the database is down: the connection is refused at once
                continue
            server = socket.create_connection(self.target)
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self):
        self.stopping = True
        self.thread.join(2)
        self.listener.close()


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    _manage(production_env(STATIC_ROOT=root), "collectstatic", "--noinput")
    return root


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("debug", ["0", "1"], ids=["production", "debug"])
def test_postgresql_down_gives_the_vietnamese_page_then_recovers(
    debug, staff, static_root, settings
):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL unreachable: needs DATABASE_URL=postgres://…")
    settings.SECRET_KEY = TEST_SECRET_KEY  # the server's: it signs the session
    session = SessionStore()
    session.update(
        {
            SESSION_KEY: str(staff.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: staff.get_session_auth_hash(),
        }
    )
    session.create()
    db = connection.settings_dict
    relay = Relay(int(db["PORT"] or 5432))
    url = f"postgres://{db['USER']}@127.0.0.1:{relay.port}/{db['NAME']}"
    env = production_env(
        DEBUG=debug, DATABASE_URL=url, STATIC_ROOT=static_root, SECURE_SSL_REDIRECT="0"
    )
    port = free_port()
    try:
        with gunicorn(port, env) as server:
            person = Browser(port)
            person.cookies["sessionid"] = session.session_key
            status, page = person.request("GET", "/")
            assert status == 500, server.log_text()
            assert "Lỗi hệ thống" in page and '<html lang="vi">' in page
            assert "Traceback" not in page and "OperationalError" not in page
            assert "OperationalError" in server.log_text()  # the traceback is in the log
            status, page = Browser(port).request("GET", "/dang-nhap/")  # no session, no query
            assert status == 200
            relay.up = True
            status, page = person.request("GET", "/")
            assert status == 200, server.log_text()
            assert "Nguyễn Thị Thu Hà" in page
    finally:
        relay.close()
