"""The server side of the load benchmarks: a fresh PostgreSQL database with the demo data
and the simulated users, sessions made for them, and what `make serve` starts (manage.py
serve, in its own session), stopped and dropped afterwards."""

import http.client
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent

PASSWORD = "Tai-Thu@2026"
SECRET_KEY = "load-test-only!Qz8vR2m@Lp9$wX4nT7&bY1cF6hJ3sD0gA5eU8iO2yPk"


def server_env(database_url: str, static_root: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cchc.settings",
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": static_root,
        # Plain HTTP on loopback: no redirect to https (the cookies stay Secure; the client
        # below keeps them itself).
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "ERROR",
        "REQUEST_LOG_LEVEL": "WARNING",  # no line per request: the run makes thousands
        "TASKS_BACKEND": "database",
    }


def makefile_workers() -> int:
    """The gunicorn worker count `make serve` uses (WORKERS ?= N in the Makefile)."""
    match = re.search(r"^WORKERS \?= (\d+)$", (ROOT / "Makefile").read_text(), re.M)
    return int(match.group(1))


def _pg_env(database: str, env: dict) -> dict:
    pg = urlsplit(database)
    pg_env = {**env, "PGHOST": pg.hostname or "127.0.0.1", "PGPORT": str(pg.port or 5432)}
    pg_env["PGUSER"] = pg.username or "postgres"
    if pg.password:
        pg_env["PGPASSWORD"] = pg.password
    return pg_env


def prepare(args, env) -> list[tuple[str, int]]:
    """A fresh database with the demo data, one commune, staff member and draft report per
    simulated user, and --city-users city reviewers. Returns (username, report id) pairs,
    report id None for a city reviewer."""
    name = args.database.rpartition("/")[2]
    pg_env = _pg_env(args.database, env)
    subprocess.run(["dropdb", "--if-exists", "--force", name], env=pg_env, check=True)
    subprocess.run(["createdb", "--encoding=UTF8", name], env=pg_env, check=True)
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["load_demo"]):
        subprocess.run(manage + command + ["--verbosity", "0"], cwd=ROOT, env=env, check=True)

    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from reports.models import Commune, Profile, Role
    from reports.periods import Period
    from reports.services import report_create

    demo = Commune.objects.get(name="Nam Thanh Miện")
    password = make_password(PASSWORD)
    pairs = []
    for number in range(1, args.users + 1):
        commune = Commune.objects.create(
            city=demo.city, name=f"Thử Tải {number:03d}", kind=Commune.Kind.COMMUNE
        )
        user = get_user_model().objects.create(username=f"tai{number:03d}", password=password)
        Profile.objects.create(
            user=user,
            full_name=f"Cán bộ {number}",
            role=Role.STAFF,
            commune=commune,
            city=demo.city,
        )
        report = report_create(commune=commune, period=Period(2026, "Q3"), user=user)
        pairs.append((user.username, report.pk))
    for number in range(1, args.city_users + 1):
        user = get_user_model().objects.create(username=f"tp{number:03d}", password=password)
        Profile.objects.create(
            user=user, full_name=f"Sở Nội vụ {number}", role=Role.CITY_REVIEWER, city=demo.city
        )
        pairs.append((user.username, None))
    return pairs


def session_cookie(username: str) -> dict[str, str]:
    """A logged-in session made directly in the database: a login hashes the password
    (PBKDF2, about 0,3 s of CPU), so 50 logins would be most of a one-minute run; only
    --logins users log in through the form."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return {settings.SESSION_COOKIE_NAME: session.session_key}


def drop_database(args, env) -> None:
    from django.db import connections

    connections.close_all()
    name = args.database.rpartition("/")[2]
    subprocess.run(
        ["dropdb", "--if-exists", "--force", name], env=_pg_env(args.database, env), check=False
    )


def start_server(args, env):
    """What `make serve` runs, in its own session: stopping it stops its children."""
    return subprocess.Popen(
        [
            sys.executable, "manage.py", "serve", "--host", "127.0.0.1",
            "--port", str(args.port), "--workers", str(args.workers),
        ],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(args.server_log, "wb"),
        start_new_session=True,
    )  # fmt: skip


def stop_server(server) -> None:
    server.send_signal(signal.SIGINT)  # the supervisor's Ctrl+C
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def wait_ready(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/dang-nhap/", headers={"Host": f"127.0.0.1:{port}"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not answer in time")
