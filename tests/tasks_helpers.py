"""Running the database task queue inside a test: the backend switched to the database queue,
and django-tasks-db's own worker command run once over what is queued."""

import hashlib
import signal

import pytest
from django.core.management import call_command

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_queue(settings):
    """Tasks wait in the database for a worker, as in production."""
    settings.TASKS = DATABASE_TASKS


def run_worker() -> None:
    """`db_worker --batch`: run every queued task, then return. The worker installs its own
    SIGINT/SIGTERM handlers; pytest's are put back."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command(
            "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
        )
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def fake_pdf(data: bytes) -> bytes:
    """A stand-in for LibreOffice where the test is about storing, not converting: the same
    DOCX gives the same 'PDF', a different one a different 'PDF'."""
    return b"%PDF-1.7\n% " + hashlib.sha256(data).hexdigest().encode() + b"\n%%EOF\n"
