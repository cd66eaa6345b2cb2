"""Settings come from the environment and fail loudly on bad values."""

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
    ],
)
def test_bad_environment_stops_startup(env, message):
    result = _check(env)
    assert result.returncode != 0
    assert message in result.stderr


def test_vietnamese_locale_and_time_zone():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


def test_format_module_groups_thousands():
    with translation.override("vi"):
        out = Template("{% load l10n %}{{ a }}|{{ b }}").render(Context({"a": 5650, "b": 53.6}))
    assert out == "5.650|53,6"
