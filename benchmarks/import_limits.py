"""Benchmark of the import's limits: hostile Excel files against the seed's own exported file.

    .venv/bin/python benchmarks/import_limits.py [--repeat 5]

Loads the demo data into a fresh SQLite database in a temporary folder, exports the seed report
(Quý II/2026) as the annex XLSX, builds each hostile file of ``tests/hostile_xlsx.py`` from it,
and prints for each the size of the upload, the median time of the importer's first step
(``import_preview`` into the Quý III draft: read, check, list the changes), the peak of Python
memory while it runs (tracemalloc, in a run of its own), and its answer. The seed file, which
is read whole and compared with the draft, is the floor. Target: every hostile file refused in
under 2 s and 50 MB.
"""

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.entry_pages import setup  # noqa: E402

SECONDS, MEGABYTES = 2.0, 50


def median_seconds(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_megabytes(fn) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup(Path(tempfile.mkdtemp(prefix="cchc-bench-")))  # a fresh SQLite with the demo data
    from reports.exports import xlsx_bytes
    from reports.exports.importer import import_preview
    from reports.models import Report
    from tests.hostile_xlsx import HOSTILE

    seed = Report.objects.get(commune__name="Nam Thanh Miện", year=2026, period_kind="Q2")
    draft = Report.objects.get(commune__name="Nam Thanh Miện", year=2026, period_kind="Q3")
    exported = xlsx_bytes(seed)
    files = {"tệp xuất của báo cáo mẫu (sàn)": exported}
    files.update({name: build(exported) for name, build in HOSTILE.items()})

    print(f"{'tệp':40} {'tải lên':>10} {'thời gian':>11} {'bộ nhớ đỉnh':>12}  kết quả")
    worst_seconds = worst_peak = 0.0
    for name, data in files.items():
        outcome = import_preview(draft, data)
        seconds = median_seconds(lambda data=data: import_preview(draft, data), args.repeat)
        peak = peak_megabytes(lambda data=data: import_preview(draft, data))
        if outcome.problems:
            answer = "từ chối: " + outcome.problems[0][:60] + "…"
            worst_seconds, worst_peak = max(worst_seconds, seconds), max(worst_peak, peak)
        else:
            answer = f"đọc được: {outcome.change_set.count} ô sẽ thay đổi"
        size = len(data) / 1024
        print(f"{name:40} {size:8.0f} KB {seconds * 1000:8.1f} ms {peak:9.2f} MB  {answer}")
    ok = worst_seconds < SECONDS and worst_peak < MEGABYTES
    print(
        f"Tệp độc hại chậm nhất {worst_seconds * 1000:.1f} ms, tốn nhất {worst_peak:.2f} MB "
        f"(mục tiêu < {SECONDS:.0f} s, < {MEGABYTES} MB): {'đạt' if ok else 'KHÔNG ĐẠT'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
