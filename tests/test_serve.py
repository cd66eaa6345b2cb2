"""Production start-up (`make serve` → manage.py serve): DEBUG is off unless asked for, SQLite
is refused with one line, an unreachable database gives one line, not a traceback."""

import os
import re
import subprocess
import sys

from tests.live import ROOT, production_env


def _run(args, env, timeout=60):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_debug_is_off_unless_asked_for():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cchc.settings"}
    for name in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"):
        env.pop(name, None)
    result = _run(["check"], env)
    assert result.returncode != 0
    # One line that says what to do, no traceback through the settings module.
    assert result.stderr.strip().splitlines() == [
        "Cấu hình chưa đúng: SECRET_KEY là bắt buộc khi DEBUG=0 (mặc định). Chạy thử trên máy "
        "mình: make run, hoặc đặt DEBUG=1; máy chủ thật: xem README, mục Deploying with "
        "PostgreSQL."
    ]
    result = _run(
        ["shell", "-c", "from django.conf import settings; print(settings.DEBUG)"],
        production_env(DEBUG="1"),
    )
    assert result.stdout.strip().splitlines()[-1] == "True"


def test_make_run_turns_debug_on_and_does_tasks_at_once():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^run demo migrate lint: export DEBUG = 1$", makefile, re.M)
    assert re.search(r"^run: export TASKS_BACKEND = immediate$", makefile, re.M)


def test_serve_refuses_sqlite_with_one_line(tmp_path):
    result = _run(["serve"], production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "CommandError: make serve cần PostgreSQL: đặt DATABASE_URL=postgres://… "
        "(SQLite chỉ dùng để chạy thử trên một máy, với make run)."
    ]
    assert not (tmp_path / "x.db").exists() or (tmp_path / "x.db").stat().st_size == 0


def test_serve_with_the_database_unreachable_prints_one_line():
    # Port 1 on loopback: nothing listens, the connection is refused at once.
    result = _run(["serve"], production_env(DATABASE_URL="postgres://cchc:pw@127.0.0.1:1/cchc"))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [
        "CommandError: Không kết nối được cơ sở dữ liệu cchc tại 127.0.0.1:1: "
        "PostgreSQL chưa chạy, hoặc DATABASE_URL sai."
    ]
    assert "pw" not in result.stderr
