"""Chromium driven by Playwright against pytest-django's live server.

Debian's Chromium (/usr/bin/chromium), never a downloaded one. Without it the browser tests
are skipped with the reason, except under CI (CI=true), where a missing browser fails them.
Screenshots go to test-artifacts/browser/<test name>/ (printed by each test). Every page must
load without a console error or a Content-Security-Policy violation.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


@pytest.fixture(autouse=True)
def _orm_beside_playwright(monkeypatch):
    """Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    (arranging data, checking the database) are ordinary synchronous code all the same.
    Set per test, so it never leaks into other tests or the servers they start."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _missing_browser(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but the browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture
def chromium():
    """Per test: Playwright's event loop must be gone before the database is flushed."""
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        _missing_browser(f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing_browser("the python package playwright is not installed")
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Exception as error:  # noqa: BLE001 - any launch failure means no browser
            _missing_browser(f"Chromium did not start: {error}")
        yield browser
        browser.close()


class Shots:
    """Numbered screenshots of one test, in a folder named after it."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0

    def __call__(self, page, name: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.call_failed = report.failed
    return report


@pytest.fixture
def shots(request):
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    print(f"\nscreenshots: {folder}")
    return Shots(folder)


@pytest.fixture
def browser_context(chromium, request):
    """A fresh context (its own cookies) per person; console errors and CSP reports collected
    on every page opened from it, checked when the test ends."""
    contexts, problems = [], []

    def new_context():
        # Reduced motion: Bootstrap scrolls smoothly to an anchor otherwise, and a test that
        # looks where the page landed would catch the scroll half-way on a loaded machine.
        context = chromium.new_context(
            locale="vi-VN",
            viewport={"width": 1366, "height": 900},
            accept_downloads=True,
            reduced_motion="reduce",
        )
        context.set_default_timeout(10_000)

        def on_console(page, msg):
            # A refused form answers 400 on purpose; broken responses are caught below.
            if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
                problems.append(f"{page.url}: {msg.text}")

        def on_response(response):
            missing = response.status == 404 and response.request.resource_type != "document"
            if (response.status >= 500 or missing) and not response.url.endswith("/favicon.ico"):
                problems.append(f"{response.status} {response.url}")

        def watch(page):
            page.on("console", lambda msg: on_console(page, msg))
            page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
            page.on("response", on_response)

        context.on("page", watch)
        contexts.append(context)
        return context

    yield new_context
    failed_folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    for number, context in enumerate(contexts, 1):
        if getattr(request.node, "call_failed", False):
            failed_folder.mkdir(parents=True, exist_ok=True)
            for index, page in enumerate(context.pages, 1):
                page.screenshot(path=str(failed_folder / f"failed-{number}-{index}.png"))
        context.close()
    assert not problems, "console errors or CSP violations:\n" + "\n".join(problems)


@pytest.fixture(scope="session", autouse=True)
def _no_connection_left_behind(django_db_setup, django_db_blocker):
    """On PostgreSQL, close every other session on the test database before it is dropped.
    The live server answers each browser connection in a daemon thread, and the thread of a
    connection the browser keeps alive keeps its database connection until the process exits:
    dropping the database then fails ("is being accessed by other users") and leaves it."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
