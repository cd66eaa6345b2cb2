"""Three PDFs asked at once while another user reads pages: do the pages stay fast?

Against what `make serve` starts (gunicorn with the Makefile's worker count, the task worker,
the resident LibreOffice), production mode, PostgreSQL, loopback only. One staff member reads
pages one after another (home, the report, Biểu mẫu 3, the narrative, the exports page);
the run alternates quiet windows and burst windows, in which three other staff members each
ask for their draft's PDF at the same moment and wait for it. Quiet and burst windows are
interleaved, so both see the same machine. Prints the reader's p95 in each kind of window and
the PDFs' time to ready; the target is the pages' p95 under 100 ms during bursts.

    .venv/bin/python benchmarks/pdf_burst.py               # 4 + 4 windows of 6 s, about 60 s

Uses the database cchc_load_tasks (dropped, created, dropped at the end), like load.py.
"""

import argparse
import os
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.load import Browser, Stats, fetch_pdf, journey_pages, percentile  # noqa: E402
from benchmarks.loadserver import (  # noqa: E402
    drop_database,
    makefile_workers,
    prepare,
    server_env,
    session_cookie,
    start_server,
    stop_server,
    wait_ready,
)

READER_PAGES = ("trang chủ", "báo cáo", "biểu b3", "nội dung", "xuất tệp")


def read_pages(browser, pages, stop: threading.Event, pause: float):
    while not stop.is_set():
        for _, path in pages:
            if stop.is_set():
                return
            browser.request("trang", "GET", path)
            time.sleep(pause)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--windows", type=int, default=4, help="quiet and burst windows each")
    parser.add_argument("--window", type=float, default=6.0, help="seconds per window")
    parser.add_argument("--pause", type=float, default=0.05, help="reader's pause between pages")
    parser.add_argument("--workers", type=int, default=makefile_workers())
    parser.add_argument("--port", type=int, default=8108)
    parser.add_argument(
        "--server-log", default=str(Path(tempfile.gettempdir()) / "cchc-burst-server.log")
    )
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/cchc_load_tasks")
    args = parser.parse_args()
    args.users, args.city_users = 4, 0
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    began, loadavg = time.monotonic(), os.getloadavg()[0]
    static_root = tempfile.mkdtemp(prefix="cchc-burst-static-")
    env = server_env(args.database, static_root)
    server = None
    try:
        (reader, reader_report), *askers = prepare(args, env)
        server = start_server(args, env)
        wait_ready(args.port)
        time.sleep(8)  # the resident LibreOffice takes a few seconds to start
        pages = [p for p in journey_pages(reader_report) if p[0] in READER_PAGES]
        warm = Browser(args.port, Stats())
        warm.cookies.update(session_cookie(reader))
        for _ in range(2 * args.workers):
            for _, path in pages:
                warm.request("", "GET", path)

        stats, pdf_stats = Stats(), Stats()
        browser = Browser(args.port, stats)
        browser.cookies.update(session_cookie(reader))
        stop = threading.Event()
        reading = threading.Thread(target=read_pages, args=(browser, pages, stop, args.pause))
        start = time.monotonic()
        reading.start()
        windows = []  # (kind, start, end)
        for _ in range(args.windows):
            for kind in ("quiet", "burst"):
                opened = time.monotonic()
                if kind == "burst":
                    threads = []
                    for username, report_pk in askers:
                        asker = Browser(args.port, pdf_stats)
                        asker.cookies.update(session_cookie(username))
                        thread = threading.Thread(
                            target=fetch_pdf, args=(asker, report_pk, 30.0), daemon=True
                        )
                        thread.start()
                        threads.append(thread)
                    for thread in threads:
                        thread.join(30)
                time.sleep(max(0.0, opened + args.window - time.monotonic()))
                windows.append((kind, opened, time.monotonic()))
        stop.set()
        reading.join(10)
    finally:
        if server is not None:
            stop_server(server)
        drop_database(args, env)
        shutil.rmtree(static_root, ignore_errors=True)

    def in_windows(kind):
        return [
            seconds * 1000
            for _, at, seconds, _ in stats.records
            if any(k == kind and a <= at < b for k, a, b in windows)
        ]

    print(f"\nload average before the run {loadavg:.2f}; {args.workers} gunicorn workers")
    print(f"{'reader pages':<22}{'requests':>9}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}")
    result = {}
    for kind in ("quiet", "burst"):
        times = in_windows(kind)
        result[kind] = percentile(times, 0.95)
        print(
            f"{'while ' + kind:<22}{len(times):>9}{statistics.median(times):>11.0f}"
            f"{result[kind]:>9.0f}{max(times):>9.0f}"
        )
    ready = [s * 1000 for page, _, s, e in pdf_stats.records if page == "pdf sẵn sàng" and not e]
    failed = sum(e for page, _, _, e in pdf_stats.records if page == "pdf sẵn sàng")
    print(
        f"PDFs ready: {len(ready)} (failed {failed}), median {statistics.median(ready):.0f} ms, "
        f"max {max(ready):.0f} ms from asking to ready"
    )
    ok = result["burst"] < 100 and failed == 0
    print(f"target: pages' p95 < 100 ms while 3 PDFs are made: {'MET' if ok else 'NOT MET'}")
    print(f"{time.monotonic() - began:.0f}s in all, {time.monotonic() - start:.0f}s measured")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
