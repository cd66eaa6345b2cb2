"""Load test: the commune staff's journey, for many simultaneous users, against gunicorn in
production mode (DEBUG=0) and PostgreSQL, on loopback only. Bounded in time; stops by itself.

    .venv/bin/python benchmarks/load.py                    # 50 users, 60 s, 4 workers
    .venv/bin/python benchmarks/load.py --users 20 --duration 30 --think 0

Each simulated user is a staff member of their own commune (so saves do not collide on one
report): logs in once (users start one after another over --ramp seconds, as a morning would),
then repeats the journey: home page, the report, each Biểu mẫu page, save one Biểu mẫu (the
form posted back as shown, with a note changed), waiting --think seconds (random around the
value) between pages as a person reading would. It prints requests/s, median and p95 latency
per page and the error count (any status other than the expected one, or a failed request).

The database named by --database (default cchc_load) is dropped and created afresh.
"""

import argparse
import http.client
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.formparse import post_forms  # noqa: E402

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
    }


def prepare(args, env) -> list[tuple[str, int]]:
    """A fresh database with the demo data and one commune, staff member and draft report per
    simulated user. Returns (username, report id) pairs."""
    name = args.database.rpartition("/")[2]
    pg = urlsplit(args.database)
    pg_env = {**env, "PGHOST": pg.hostname or "127.0.0.1", "PGPORT": str(pg.port or 5432)}
    pg_env["PGUSER"] = pg.username or "postgres"
    if pg.password:
        pg_env["PGPASSWORD"] = pg.password
    subprocess.run(["dropdb", "--if-exists", name], env=pg_env, check=True)
    subprocess.run(["createdb", "--encoding=UTF8", name], env=pg_env, check=True)
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_demo"]):
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
    return pairs


def journey_pages(report_pk: int) -> list[tuple[str, str]]:
    """(page name, path) of the pages a staff member opens, from the app's URL names."""
    from django.urls import reverse

    from reports import catalogue

    pages = [
        ("trang chủ", reverse("home")),
        ("báo cáo", reverse("report_overview", args=[report_pk])),
    ]
    for section in catalogue.SECTIONS:
        pages.append(
            (f"biểu {section.key}", reverse("report_section", args=[report_pk, section.slug]))
        )
    return pages


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.records: list[tuple[str, float, float, bool]] = []  # page, start, seconds, error
        self.samples: list[str] = []

    def add(self, page: str, seconds: float, error: str | None):
        with self.lock:
            self.records.append((page, time.monotonic() - seconds, seconds, bool(error)))
            if error and len(self.samples) < 10:
                self.samples.append(f"{page}: {error}")


class Browser:
    """One person's HTTP client: its own cookies, CSRF token taken from the cookie."""

    def __init__(self, port: int, stats: Stats):
        self.port, self.stats = port, stats
        self.cookies: dict[str, str] = {}

    def request(self, page, method, path, data=None, expect=200):
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode("utf-8", "replace")
            connection.close()
        except OSError as error:
            self.stats.add(page, time.perf_counter() - start, f"{type(error).__name__} {error}")
            return None, ""
        elapsed = time.perf_counter() - start
        for header in response.msg.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        error = None if response.status == expect else f"HTTP {response.status} {path}"
        self.stats.add(page, elapsed, error)
        return response, content


def simulate(browser: Browser, username, report_pk, pages, deadline, think, start_at):
    time.sleep(max(0.0, start_at - time.monotonic()))
    browser.request("đăng nhập (mở)", "GET", "/dang-nhap/")
    response, _ = browser.request(
        "đăng nhập (gửi)",
        "POST",
        "/dang-nhap/",
        {
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": browser.cookies.get("csrftoken", ""),
        },
        expect=302,
    )
    if response is None or response.status != 302:
        return
    round_number = 0
    while time.monotonic() < deadline:
        round_number += 1
        for page, path in pages:
            if time.monotonic() >= deadline:
                return
            _, html = browser.request(page, "GET", path)
            if page == "biểu b3":
                save_path, save_html = path, html
            time.sleep(random.uniform(0.5, 1.5) * think)
        forms = [f for f in post_forms(save_html) if "version" in f.names()]
        if not forms:
            browser.stats.add("lưu biểu b3", 0.0, "no entry form on the page")
            continue
        form = forms[0]
        note = next((n for n in form.names() if n.startswith("note__")), None)
        overrides = {note: f"Lượt lưu {round_number} của {username}"} if note else {}
        browser.request(
            "lưu biểu b3", "POST", form.action or save_path, form.data(**overrides), expect=302
        )
        time.sleep(random.uniform(0.5, 1.5) * think)


def start_gunicorn(args, env):
    return subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "cchc.wsgi:application",
            "--bind", f"127.0.0.1:{args.port}", "--workers", str(args.workers),
            "--timeout", "60",
        ],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(args.server_log, "wb"),
        start_new_session=True,
    )  # fmt: skip


def wait_ready(port, timeout=30):
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
    raise SystemExit("gunicorn did not answer in time")


def warm_up(args, pairs):
    """Unmeasured: let every worker import its code and open its database connection."""
    scratch = Stats()
    for _ in range(3 * args.workers):
        Browser(args.port, scratch).request("", "GET", "/dang-nhap/")
    username, report_pk = pairs[0]
    for _ in range(args.workers):
        browser = Browser(args.port, scratch)
        browser.request("", "GET", "/dang-nhap/")
        browser.request(
            "",
            "POST",
            "/dang-nhap/",
            {"username": username, "password": PASSWORD,
             "csrfmiddlewaretoken": browser.cookies.get("csrftoken", "")},
            expect=302,
        )  # fmt: skip
        for _, path in journey_pages(report_pk):
            browser.request("", "GET", path)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _table(records) -> tuple[float, int]:
    """Print one table; return the worst p95 (ms) and the error count."""
    pages: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for page, _, seconds, error in records:
        pages[page].append((seconds, error))
    print(f"{'page':<18}{'requests':>9}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}{'errors':>8}")
    worst = 0.0
    rows = list(pages.items()) + [("all", [(r[2], r[3]) for r in records])]
    for page, items in rows:
        times = [seconds for seconds, _ in items]
        p95 = percentile(times, 0.95) * 1000
        if page != "all":
            worst = max(worst, p95)
        print(
            f"{page:<18}{len(times):>9}{statistics.median(times) * 1000:>11.0f}"
            f"{p95:>9.0f}{max(times) * 1000:>9.0f}{sum(e for _, e in items):>8}"
        )
    return worst, sum(r[3] for r in records)


def report(stats: Stats, start: float, end: float, args) -> int:
    records = stats.records
    print(
        f"\n{args.users} users, {args.workers} gunicorn workers, think time ~{args.think}s, "
        f"logins spread over {args.ramp:.0f}s, {end - start:.1f}s in all; "
        f"load average before the run {args.loadavg:.2f}"
    )
    print("\nWhole run (logins included):")
    worst, errors = _table(records)
    steady = [r for r in records if r[1] >= start + args.ramp]
    if steady:
        print(f"\nSteady state (after {args.ramp:.0f}s, everyone logged in):")
        _table(steady)
        print(f"steady requests/s: {len(steady) / max(0.001, end - start - args.ramp):.1f}")
    print(f"\nrequests/s: {len(records) / (end - start):.1f}   errors: {errors}")
    if errors:
        print("server log:", args.server_log)
    for sample in stats.samples:
        print("  error:", sample)
    ok = errors == 0 and worst < 500
    print(f"target p95 < 500 ms on every page, zero errors: {'MET' if ok else 'NOT MET'}")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds of load")
    parser.add_argument("--ramp", type=float, default=25, help="seconds over which users start")
    parser.add_argument("--think", type=float, default=1.0, help="seconds between pages")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8107)
    parser.add_argument(
        "--server-log", default=str(Path(tempfile.gettempdir()) / "cchc-load-gunicorn.log"),
        help="where gunicorn's errors go",
    )  # fmt: skip
    parser.add_argument(
        "--database", default="postgres://postgres@127.0.0.1:5432/cchc_load",
        help="PostgreSQL URL; the database is dropped and recreated",
    )  # fmt: skip
    args = parser.parse_args()

    # Stopped from outside (timeout, Ctrl-C): still stop the server it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    args.loadavg = os.getloadavg()[0]
    static_root = tempfile.mkdtemp(prefix="cchc-load-static-")
    env = server_env(args.database, static_root)
    print("preparing the database and", args.users, "users…", flush=True)
    pairs = prepare(args, env)
    server = start_gunicorn(args, env)
    try:
        wait_ready(args.port)
        warm_up(args, pairs)
        stats = Stats()
        start = time.monotonic()
        deadline = start + args.ramp + args.duration
        threads = []
        for index, (username, report_pk) in enumerate(pairs):
            start_at = start + args.ramp * index / max(1, len(pairs))
            thread = threading.Thread(
                target=simulate,
                args=(
                    Browser(args.port, stats), username, report_pk, journey_pages(report_pk),
                    deadline, args.think, start_at,
                ),
                daemon=True,
            )  # fmt: skip
            thread.start()
            threads.append(thread)
        for thread in threads:
            thread.join(timeout=max(0.1, deadline + 35 - time.monotonic()))
        return report(stats, start, time.monotonic(), args)
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
