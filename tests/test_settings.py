"""Settings come from the environment and fail loudly on bad values."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent


def _check(env):
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cchc.settings", **env},
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG='maybe' không hợp lệ"),
        ({"DEBUG": "0", "SECRET_KEY": "short", "ALLOWED_HOSTS": "x"}, "SECRET_KEY phải có"),
        ({"DATABASE_URL": "mysql://x/y"}, "DATABASE_URL phải bắt đầu bằng"),
        ({"TRUSTED_PROXY_COUNT": "-1"}, "TRUSTED_PROXY_COUNT phải là số nguyên không âm"),
        ({"TRUSTED_PROXY_COUNT": "nginx"}, "TRUSTED_PROXY_COUNT='nginx' không phải số nguyên"),
        ({"LOGIN_FAILURES_PER_ADDRESS": "x"}, "LOGIN_FAILURES_PER_ADDRESS='x' không phải"),
    ],
)
def test_bad_environment_stops_startup(env, message):
    result = _check(env)
    assert result.returncode != 0
    assert message in result.stderr


def test_vietnamese_locale_and_time_zone():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


def test_digits_are_grouped_only_by_the_formatter():
    """A year or a number printed as such stays "2026"; figures go through |vn_number."""
    with translation.override("vi"):
        out = Template("{% load vn %}{{ year }}|{{ b }}|{{ a|vn_number }}").render(
            Context({"year": 2026, "a": 5650, "b": 53.6})
        )
    assert out == "2026|53,6|5.650"


def test_sqlite_is_configured_for_a_web_server(tmp_path):
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "from django.db import connection; connection.ensure_connection(); "
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); "
        "print(json.dumps([settings.DATABASES['default']['OPTIONS'], c.fetchone()[0]]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cchc.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    options, journal = json.loads(result.stdout)
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 10
    assert journal == "wal"
