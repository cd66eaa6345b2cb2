"""`manage.py check_report`: prints the rule results and fails on errors."""

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from reports.models import NarrativeFigures

SEED_LINE = (
    "  CẢNH BÁO [ii.online_apps_match_b7] Hồ sơ tiếp nhận trực tuyến ở phần II (5.660) khác "
    "Biểu 7 mục 1.3.1 + 1.4.1 (5.408): lệch 252. (đã giải trình)"
)


def run(*args):
    out = StringIO()
    call_command("check_report", *args, stdout=out)
    return out.getvalue()


def test_seed_report_passes_with_its_explained_warning(seed_report):
    output = run("--commune", "Nam Thanh Miện", "--period", "2026-Q2")
    assert output.splitlines() == [
        "UBND xã Nam Thanh Miện – Quý II năm 2026 (Đã duyệt): 0 lỗi, 1 cảnh báo",
        SEED_LINE,
    ]


def test_errors_fail_the_command(seed_report):
    # A queryset update: the approved report's figures refuse a model save.
    NarrativeFigures.objects.filter(report=seed_report).update(apps_late=2)
    out = StringIO()
    with pytest.raises(CommandError) as info:
        call_command(
            "check_report", "--commune", "nam thanh miện", "--period", "2026-Q2", stdout=out
        )
    assert info.value.returncode == 1
    assert str(info.value) == "1/1 báo cáo có lỗi phải sửa trước khi gửi duyệt."
    assert (
        "  LỖI [ii.resolved_parts] Số hồ sơ đã giải quyết ở phần II (5.650) khác tổng phần II mục "
        "C.1.1 + C.1.2 + C.1.3 + C.1.4 (5.651): lệch 1."
    ) in out.getvalue().splitlines()


def test_every_commune_of_the_period(seed_report, other_report):
    output = run("--period", "2026-Q2")
    assert "UBND xã Nam Thanh Miện – Quý II năm 2026 (Đã duyệt): 0 lỗi, 1 cảnh báo" in output
    assert "UBND xã Tân Kỳ – Quý II năm 2026 (Dự thảo): 0 lỗi, 0 cảnh báo" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--commune", "Không Có", "--period", "2026-Q2"),
            "Không có báo cáo Quý II năm 2026 của “Không Có”.",
        ),
        (("--period", "2030-Q1"), "Không có báo cáo nào kỳ Quý I năm 2030."),
        (
            ("--period", "quý 2"),
            "Kỳ báo cáo 'quý 2' không hợp lệ: dùng dạng 2026-Q2, 2026-H1 hoặc 2026-Y.",
        ),
    ],
)
def test_not_found_exits_with_2(seed_report, args, message):
    with pytest.raises(CommandError) as info:
        run(*args)
    assert info.value.returncode == 2
    assert str(info.value) == message


def test_exit_status_from_the_shell(tmp_path):
    """The real command line: status 0 on the seed (the city scripts rely on the status)."""
    root = Path(__file__).resolve().parent.parent
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PATH": "/usr/bin:/bin",
        "DEBUG": "1",  # a development machine; DEBUG is off unless asked for
    }
    manage = [sys.executable, str(root / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=root)
    subprocess.run([*manage, "load_demo", "-v0"], env=env, check=True, cwd=root)
    done = subprocess.run(
        [*manage, "check_report", "--commune", "Nam Thanh Miện", "--period", "2026-Q2"],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "0 lỗi, 1 cảnh báo" in done.stdout
