"""`make serve`: start the application for production, every part of it, until one Ctrl+C.

Refuses SQLite, and a database it cannot reach, with one line each (no traceback). Then
`check --deploy`, `collectstatic`, `migrate` and `files_to_database`; then, as child
processes: gunicorn, the task worker and, when LibreOffice and a python with its `uno` module
are there (Debian: python3-uno), the resident LibreOffice (unoserver) the worker converts
with. Ctrl+C (SIGINT) or SIGTERM stops them all; one that dies on its own stops the others.
"""

import contextlib
import importlib.metadata
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.utils import OperationalError

from reports.exports.pdf import libreoffice_binary

ROOT = Path(settings.BASE_DIR)
STOP_WAIT = 15  # seconds the children get to finish what they are doing
CONVERTER = "LibreOffice thường trú"
WEB = "gunicorn"
BACKGROUND_NICENESS = 10


class _Stop(Exception):
    pass


def _raise_stop(signum, frame):
    raise _Stop()


def database_problem() -> str:
    """One line saying why this database cannot serve production, or ""."""
    if connection.vendor == "sqlite":
        return (
            "make serve cần PostgreSQL: đặt DATABASE_URL=postgres://… "
            "(SQLite chỉ dùng để chạy thử trên một máy, với make run)."
        )
    try:
        connection.ensure_connection()
    except OperationalError:
        db = connection.settings_dict
        return (
            f"Không kết nối được cơ sở dữ liệu {db['NAME']} tại {db['HOST'] or 'localhost'}:"
            f"{db['PORT'] or 5432}: PostgreSQL chưa chạy, hoặc DATABASE_URL sai."
        )
    return ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def python_with_uno() -> str | None:
    """This python if it can import LibreOffice's `uno`, else Debian's /usr/bin/python3."""
    for candidate in (sys.executable, "/usr/bin/python3"):
        if Path(candidate).exists():
            probe = subprocess.run([candidate, "-c", "import uno"], capture_output=True)
            if probe.returncode == 0:
                return candidate
    return None


def converter_command(folder: Path, port: int) -> list[str] | None:
    """unoserver, run by the python that has `uno`, seeing only the unoserver package."""
    binary, python = libreoffice_binary(), python_with_uno()
    spec = importlib.util.find_spec("unoserver")
    if binary is None or python is None or spec is None:
        return None
    (folder / "lib").mkdir()
    (folder / "lib" / "unoserver").symlink_to(spec.submodule_search_locations[0])
    # unoserver reads its own version from its package metadata.
    dist = importlib.metadata.distribution("unoserver")
    info = f"unoserver-{dist.version}.dist-info"
    (folder / "lib" / info).symlink_to(Path(dist.locate_file(info)))
    return [
        python, "-m", "unoserver.server",
        "--interface", "127.0.0.1", "--port", str(port), "--uno-port", str(free_port()),
        "--user-installation", str(folder / "profile"),
        "--conversion-timeout", str(settings.PDF_CONVERSION_TIMEOUT),
        "--executable", binary,
    ]  # fmt: skip


class Command(BaseCommand):
    help = "Chạy ứng dụng cho môi trường thật: gunicorn, tiến trình nền và LibreOffice thường trú."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=3, help="số tiến trình gunicorn")

    def handle(self, *args, host, port, workers, **options):
        problem = database_problem()
        if problem:
            raise CommandError(problem)
        call_command("check", deploy=True)
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("files_to_database", verbosity=0)
        connection.close()  # the children open their own
        folder = Path(tempfile.mkdtemp(prefix="cchc-serve-"))
        try:
            return self._supervise(folder, host, port, workers)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _supervise(self, folder, host, port, workers):
        env = dict(os.environ)
        commands = {}
        converter_port = free_port()
        converter = converter_command(folder, converter_port)
        if converter is not None:
            commands[CONVERTER] = (converter, {"PYTHONPATH": str(folder / "lib")})
            env["PDF_CONVERTER_URL"] = f"http://127.0.0.1:{converter_port}"
        python = sys.executable
        commands["tiến trình nền"] = ([python, "manage.py", "task_worker"], {})
        commands[WEB] = (
            [
                python, "-m", "gunicorn", "cchc.wsgi:application",
                "--bind", f"{host}:{port}", "--workers", str(workers),
                "--timeout", str(settings.GUNICORN_TIMEOUT), "--graceful-timeout", "10",
                "--error-logfile", "-",
            ],
            {},
        )  # fmt: skip
        signal.signal(signal.SIGINT, _raise_stop)
        signal.signal(signal.SIGTERM, _raise_stop)
        children = {}
        code = 0
        try:
            for name, (command, extra) in commands.items():
                # A session of its own: Ctrl+C reaches this supervisor only, which stops the
                # children in order instead of every process getting the signal at once.
                # Background work yields the CPU to the pages: a PDF may take a little
                # longer, a page should not.
                children[name] = subprocess.Popen(
                    command,
                    cwd=ROOT,
                    env={**env, **extra},
                    start_new_session=True,
                    preexec_fn=None if name == WEB else _lower_priority,
                )
            self.stdout.write(
                f"Đang chạy tại http://{host}:{port}/ ({', '.join(children)}); Ctrl+C để dừng."
            )
            while True:
                for name, child in list(children.items()):
                    if child.poll() is None:
                        continue
                    if name == CONVERTER:
                        # PDFs still work without it, one LibreOffice process each.
                        self.stderr.write(f"{name} đã dừng (mã {child.returncode}).")
                        del children[name]
                        continue
                    self.stderr.write(f"{name} đã dừng (mã {child.returncode}): dừng tất cả.")
                    code = 1
                    raise _Stop()
                time.sleep(0.5)
        except _Stop:
            pass
        finally:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            _stop_all(children)
        if code:
            sys.exit(code)


def _lower_priority() -> None:
    os.nice(BACKGROUND_NICENESS)


def _stop_all(children: dict) -> None:
    """SIGTERM to each child (gunicorn lets its workers finish their requests, the task
    worker its task), then SIGKILL to whatever is left in their process groups (LibreOffice)."""
    for child in children.values():
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_WAIT
    for name, child in children.items():
        # The resident LibreOffice holds nothing worth waiting for.
        wait = 3 if name == CONVERTER else max(0.1, deadline - time.monotonic())
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(wait)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()
