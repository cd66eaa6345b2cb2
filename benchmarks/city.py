"""Benchmark of the city's view at national scale, on PostgreSQL.

    .venv/bin/python benchmarks/city.py           # 3,321 communes × 8 periods; drops its database
    .venv/bin/python benchmarks/city.py --reuse    # keep the database (seeded once) for next time

Creates the database named by --database (default cchc_bench_city), fills it with
``seed_synthetic``: every commune in one city (the worst case for one reviewer's screen) and a
small second city, whose pages must cost the same number of queries. Then it measures, one
round after another (each round runs every measurement once, so the load of a shared machine
falls on all of them alike), the median time of:
- the reviewer's home page and the completeness grid page (Django's test client: middleware
  and templates included), the roll-up, the roll-up and trend pages;
- the city workbook (every commune's column, the section II and explanations sheets), beside
  its floor: XlsxWriter alone writing as many numbers;
- the floor: one hand-written SQL GROUP BY summing the same fields as the roll-up.
It also measures the extra memory (tracemalloc's peak) of the home page and the workbook, and
counts the queries of each page in the small and the large city. Each figure is printed next to
its target. The database is dropped at the end unless --reuse.
"""

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.production import production_settings  # noqa: E402
from benchmarks.timing import interleaved  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/cchc_bench_city"
BIG_CITY = "Dữ liệu tổng hợp"
SMALL_CITY = "Thành phố nhỏ"


def _admin_connection(url: str):
    import psycopg2

    base, _, name = url.rpartition("/")
    conn = psycopg2.connect(base + "/postgres")
    conn.autocommit = True
    return conn, name


def recreate_database(url: str, reuse: bool) -> bool:
    """Drop and create the database; with ``reuse``, keep it if it exists. Returns True when
    the database is new (needs migrating)."""
    conn, name = _admin_connection(url)
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cur.fetchone() is not None
        if exists and reuse:
            conn.close()
            return False
        if exists:
            cur.execute(f'DROP DATABASE "{name}"')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    return True


def drop_database(url: str) -> None:
    conn, name = _admin_connection(url)
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
    conn.close()


def peak_mb(fn) -> float:
    """Extra memory at the peak of ``fn()`` (Python allocations, tracemalloc), in MB."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return (peak - base) / 1024 / 1024


def floor_sql(city_id: int, period) -> tuple[str, list]:
    """One hand-written GROUP BY summing the same fields as the roll-up."""
    from reports.city.rollup import summed_rows
    from reports.models import FIGURE_MODELS, Report

    rows = summed_rows()
    alias = {key: f"f{i}" for i, key in enumerate(FIGURE_MODELS)}
    sums = ", ".join(f"SUM({alias[r.section]}.{r.field})" for r in rows)
    joins = " ".join(
        f"JOIN {model._meta.db_table} {alias[key]} ON {alias[key]}.report_id = r.id"
        for key, model in FIGURE_MODELS.items()
    )
    sql = (
        f"SELECT c.city_id, COUNT(*), {sums} FROM {Report._meta.db_table} r "
        f"JOIN reports_commune c ON c.id = r.commune_id {joins} "
        "WHERE c.city_id = %s AND r.year = %s AND r.period_kind = %s "
        "AND r.status IN ('approved', 'issued') GROUP BY c.city_id"
    )
    return sql, [city_id, period.year, period.kind]


def writer_floor(rows: int, columns: int):
    """XlsxWriter alone writing ``rows`` × ``columns`` numbers with one format: what the
    workbook costs at the least, whatever the code around it."""
    from io import BytesIO

    import xlsxwriter

    def write():
        out = BytesIO()
        book = xlsxwriter.Workbook(out, {"constant_memory": True})
        number = book.add_format({"num_format": "#,##0"})
        sheet = book.add_worksheet()
        for row in range(rows):
            for column in range(columns):
                sheet.write_number(row, column, row + column, number)
        book.close()
        return out.getvalue()

    return write


def verdict(ok: bool) -> str:
    return "ĐẠT" if ok else "CHƯA ĐẠT"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default=DEFAULT_DB)
    parser.add_argument("--communes", type=int, default=3321)
    parser.add_argument("--periods", type=int, default=8)
    parser.add_argument("--small", type=int, default=100, help="communes of the small city")
    parser.add_argument("--last", default="2026-Q2")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--reuse", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    static = tempfile.TemporaryDirectory(prefix="cchc-bench-static-")
    production_settings(args.database, STATIC_ROOT=static.name)
    fresh = recreate_database(args.database, args.reuse)
    try:
        run(args, fresh)
    finally:
        static.cleanup()
        if not args.reuse:
            from django.db import connections

            connections.close_all()
            drop_database(args.database)
            print(f"\nĐã xóa cơ sở dữ liệu {args.database.rpartition('/')[2]}.")


def run(args, fresh: bool) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from reports.city import periods as city_periods
    from reports.city.rollup import city_rollup
    from reports.city.xlsx import city_workbook
    from reports.models import City, Profile, Report, Role
    from reports.periods import Period

    # Pages use the hashed static files, as on a server.
    call_command("collectstatic", interactive=False, verbosity=0)
    if fresh:
        call_command("migrate", verbosity=0)
    started = time.perf_counter()
    for name, communes, count in (
        (BIG_CITY, args.communes, args.periods),
        (SMALL_CITY, args.small, 2),
    ):
        call_command("seed_synthetic", communes=communes, periods=count, last=args.last, city=name)
    print(f"Nạp dữ liệu: {time.perf_counter() - started:.0f} giây")
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    period = Period.parse(args.last)
    # The pages open on the period the data ends with, whatever today's date.
    city_periods.today = lambda: period.end.replace(day=28)

    clients = {}
    for name in (BIG_CITY, SMALL_CITY):
        city = City.objects.get(name=name)
        user, _ = get_user_model().objects.get_or_create(username=f"bench_snv_{city.pk}")
        Profile.objects.update_or_create(
            user=user,
            defaults={"full_name": "Sở Nội vụ (đo)", "role": Role.CITY_REVIEWER, "city": city},
        )
        client = Client()
        client.force_login(user)
        clients[name] = (city, client)
    city, client = clients[BIG_CITY]
    reports = Report.objects.filter(commune__city=city).count()
    print(f"Cơ sở dữ liệu: {args.database.rpartition('/')[2]}")
    print(f"{city.communes.count()} xã, phường × {args.periods} kỳ: {reports} báo cáo")
    print(
        f"Máy dùng chung ({os.cpu_count()} lõi); tải trung bình 1 phút lúc bắt đầu đo: "
        f"{os.getloadavg()[0]:.1f}. Các số đo tuyệt đối chịu tải của máy; "
        "tỷ lệ đo xen kẽ thì ít chịu hơn.\n"
    )

    def page(url, params=None, on=client):
        def get():
            response = on.get(url, params or {})
            assert response.status_code == 200, (url, response.status_code)
            return response

        return get

    ky = {"ky": str(period)}
    grid = {**ky, "so_ky": 8}
    sql, params = floor_sql(city.pk, period)

    def floor():
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()

    measures = {
        "Trang chủ Sở Nội vụ (trang 1/50 xã)": page("/"),
        "Trang chủ, tìm “an binh”": page("/", {"q": "an binh"}),
        "Trang lưới (8 kỳ, trang 1/100 xã)": page("/thanh-pho/", grid),
        "Trang lưới, lọc trễ hạn + sắp theo trạng thái": page(
            "/thanh-pho/", {**grid, "tre": 1, "sap_xep": "trang-thai"}
        ),
        "Trang lưới, trang 20": page("/thanh-pho/", {**grid, "trang": 20}),
        "Tổng hợp Phụ lục III (city_rollup)": lambda: city_rollup(city, period),
        "SQL GROUP BY viết tay (sàn)": floor,
        "Trang tổng hợp Phụ lục III": page("/thanh-pho/tong-hop/", ky),
        "Trang xu hướng toàn thành phố": page("/thanh-pho/xu-huong/", ky),
    }
    timings = interleaved(measures, args.repeat)
    from reports.city.xlsx import workbook_data

    tables = workbook_data(city, period).tables
    columns = len(tables[0].header) - 4  # one per commune counted
    cells = sum(1 for t in tables for _, values in t.rows for v in values[1:] if v is not None)
    workbook = {
        "Tệp XLSX toàn thành phố": lambda: city_workbook(city.pk, str(period)),
        f"XlsxWriter ghi {cells} ô số, không gì khác (sàn)": writer_floor(
            cells // columns, columns
        ),
    }
    timings.update(interleaved(workbook, 3))
    print(f"Tải trung bình 1 phút lúc đo xong: {os.getloadavg()[0]:.1f}")
    rollup = city_rollup(city, period)
    assert floor()[0][1] == rollup.covered, (floor()[0][1], rollup.covered)
    data = city_workbook(city.pk, str(period))
    home_html = page("/")().content

    width = max(len(k) for k in timings)
    print(f"Trung vị của {args.repeat} vòng đo xen kẽ (XLSX: 3 vòng), mili giây:")
    for label, ms in timings.items():
        print(f"  {label:<{width}}  {ms:9.1f}")

    home_ms = timings["Trang chủ Sở Nội vụ (trang 1/50 xã)"]
    grid_ms = timings["Trang lưới (8 kỳ, trang 1/100 xã)"]
    xlsx_ms = timings["Tệp XLSX toàn thành phố"]
    ratio = timings["Tổng hợp Phụ lục III (city_rollup)"] / timings["SQL GROUP BY viết tay (sàn)"]
    home_mb = peak_mb(page("/"))
    xlsx_mb = peak_mb(lambda: city_workbook(city.pk, str(period)))
    print("\nSo với mục tiêu:")
    print(f"  Trang chủ: {home_ms:.1f} ms (mục tiêu < 150 ms) {verdict(home_ms < 150)}")
    print(f"  Trang chủ: bộ nhớ thêm {home_mb:.1f} MB (mục tiêu < 20 MB) {verdict(home_mb < 20)}")
    print(f"  Trang chủ: {len(home_html) / 1024:.0f} KB HTML")
    print(f"  Trang lưới: {grid_ms:.1f} ms (mục tiêu < 300 ms) {verdict(grid_ms < 300)}")
    print(f"  Tổng hợp / sàn SQL: {ratio:.2f}× (mục tiêu ≤ 3×) {verdict(ratio <= 3)}")
    floor_ms = timings[f"XlsxWriter ghi {cells} ô số, không gì khác (sàn)"]
    print(f"  XLSX: {xlsx_ms:.0f} ms (mục tiêu < 1.000 ms) {verdict(xlsx_ms < 1000)}; "
          f"{xlsx_ms / floor_ms:.2f}× sàn XlsxWriter cùng số ô")  # fmt: skip
    print(f"  XLSX: bộ nhớ thêm {xlsx_mb:.1f} MB; {len(data) / 1024:.0f} KB, "
          f"{rollup.covered}/{rollup.expected} xã")  # fmt: skip

    small_city, small_client = clients[SMALL_CITY]
    print(f"\nSố truy vấn: {SMALL_CITY} ({small_city.communes.count()} xã, 2 kỳ) / "
          f"{BIG_CITY} ({city.communes.count()} xã, {args.periods} kỳ):")  # fmt: skip
    for label, url, params in (
        ("Trang chủ", "/", {}),
        ("Trang chủ, tìm kiếm", "/", {"q": "an"}),
        ("Trang lưới", "/thanh-pho/", grid),
        ("Trang tổng hợp", "/thanh-pho/tong-hop/", ky),
        ("Tệp XLSX", "/thanh-pho/tong-hop/xlsx/", ky),
        ("Trang xu hướng", "/thanh-pho/xu-huong/", ky),
    ):
        counts = []
        for on in (small_client, client):
            with CaptureQueriesContext(connection) as ctx:
                page(url, params, on)()
            counts.append(len(ctx.captured_queries))
        print(f"  {label:<22} {counts[0]:3d} / {counts[1]:3d}  {verdict(counts[0] == counts[1])}")


if __name__ == "__main__":
    main()
