"""A real server in a subprocess (gunicorn), for tests that need production mode or must kill
the process. Each test asks ``free_port()`` for its port, so several runs of the suite on one
machine never collide."""

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Long enough (50+ characters, varied) for `check --deploy`; used only by tests.
TEST_SECRET_KEY = "t3st-only!Qz8vR2m@Lp9$wX4nT7&bY1cF6hJ3sD0gA5eU8iO2yPk"


def production_env(**extra) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cchc.settings",
        "DEBUG": "0",
        "SECRET_KEY": TEST_SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # `check --deploy` rightly refuses it
    env.update({key: str(value) for key, value in extra.items()})
    return env


def free_port() -> int:
    """A TCP port no one listens on now (the kernel's choice)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, timeout: float = 20.0, process=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited: {getattr(process, 'log_text', lambda: '')()}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.1)
    raise TimeoutError(f"server on port {port} did not start")


@contextlib.contextmanager
def gunicorn(port: int, env: dict, *, workers: int = 1, timeout: int = 30):
    """Run gunicorn on 127.0.0.1:port until the block ends; yields the Popen, whose
    ``log_text()`` returns what the server wrote to stderr (tracebacks of a 500)."""
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "cchc.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            str(timeout),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,
    )

    def log_text() -> str:
        log.seek(0)
        return log.read().decode("utf-8", "replace")[-5000:]

    process.log_text = log_text
    try:
        wait_for_port(port, process=process)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


def database_url() -> str:
    """The test database as a DATABASE_URL, for a server process to use the same one."""
    from django.db import connection

    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def session_cookie(user, *, secret_key: str | None = None) -> str:
    """A logged-in session for ``user`` in the shared database, as a Cookie header value.
    A server with another SECRET_KEY (production_env's) needs the session signed with it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import override_settings

    with override_settings(SECRET_KEY=secret_key or settings.SECRET_KEY):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
