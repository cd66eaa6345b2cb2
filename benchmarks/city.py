"""Benchmark of the city's view at national scale, on PostgreSQL.

    .venv/bin/python benchmarks/city.py                  # 3,321 communes × 8 periods
    .venv/bin/python benchmarks/city.py --reuse          # keep an already seeded database

Creates the database named by --database (default cchc_bench; dropped and created afresh
unless --reuse finds it seeded), fills it with ``seed_synthetic`` (every commune in one city:
the worst case for one reviewer's screen), then prints the median time of:
- the completeness grid page (GET through Django's test client, all middleware and the
  template; 8 periods, 100 communes a page, counts over all communes), plain and filtered;
- the city-wide roll-up (``city_rollup``) and the roll-up page;
- the city XLSX (one column per commune);
- the floor: one hand-written SQL GROUP BY summing the same fields over the same reports.
Targets: roll-up within 3× of the floor; the grid page under 300 ms.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/cchc_bench"


def recreate_database(url: str, reuse: bool) -> bool:
    """Drop and create the database; with ``reuse``, keep it if it exists. Returns True when
    the database is new (needs migrating and seeding)."""
    import psycopg2

    base, _, name = url.rpartition("/")
    conn = psycopg2.connect(base + "/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cur.fetchone() is not None
        if exists and reuse:
            return False
        if exists:
            cur.execute(f'DROP DATABASE "{name}"')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    return True


def median_ms(fn, repeat: int) -> tuple[float, object]:
    result = fn()  # warm-up (and the value returned)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default=DEFAULT_DB)
    parser.add_argument("--communes", type=int, default=3321)
    parser.add_argument("--periods", type=int, default=8)
    parser.add_argument("--last", default="2026-Q2")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = args.database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    fresh = recreate_database(args.database, args.reuse)

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from reports.city.rollup import city_rollup
    from reports.city.xlsx import city_workbook
    from reports.models import City, Profile, Report, Role
    from reports.periods import Period

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    if fresh:
        call_command("migrate", verbosity=0)
    call_command(
        "seed_synthetic",
        communes=args.communes,
        periods=args.periods,
        last=args.last,
        city="Dữ liệu tổng hợp",
    )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    city = City.objects.get(name="Dữ liệu tổng hợp")
    user, _ = get_user_model().objects.get_or_create(username="bench_snv")
    Profile.objects.update_or_create(
        user=user,
        defaults={"full_name": "Sở Nội vụ (đo)", "role": Role.CITY_REVIEWER, "city": city},
    )
    client = Client()
    client.force_login(user)
    period = Period.parse(args.last)
    reports = Report.objects.filter(commune__city=city).count()
    print(f"Cơ sở dữ liệu: {args.database}")
    print(f"{city.communes.count()} xã, phường × {args.periods} kỳ: {reports} báo cáo\n")

    def page(url, params):
        def get():
            response = client.get(url, params)
            assert response.status_code == 200, response.status_code

        return get

    grid = {"ky": str(period), "so_ky": 8}
    results = [
        ("Trang lưới (8 kỳ, trang 1/100 xã)", page("/thanh-pho/", grid)),
        (
            "Trang lưới, lọc trễ hạn + sắp theo trạng thái",
            page("/thanh-pho/", {**grid, "tre": 1, "sap_xep": "trang-thai"}),
        ),  # fmt: skip
        ("Trang lưới, trang 20", page("/thanh-pho/", {**grid, "trang": 20})),
        ("Tổng hợp Phụ lục III (city_rollup)", lambda: city_rollup(city, period)),
        ("Trang tổng hợp Phụ lục III", page("/thanh-pho/tong-hop/", {"ky": str(period)})),
        ("Trang xu hướng toàn thành phố", page("/thanh-pho/xu-huong/", {"ky": str(period)})),
    ]
    sql, params = floor_sql(city.pk, period)

    def floor():
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()

    timings = {}
    for label, fn in results:
        timings[label], _ = median_ms(fn, args.repeat)
    timings["SQL GROUP BY viết tay (sàn)"], floor_rows = median_ms(floor, args.repeat)
    rollup = city_rollup(city, period)
    assert floor_rows[0][1] == rollup.covered, (floor_rows[0][1], rollup.covered)
    xlsx_ms, data = median_ms(lambda: city_workbook(city_rollup(city, period)), 3)
    timings[f"Tệp XLSX toàn thành phố ({rollup.covered} cột xã)"] = xlsx_ms

    width = max(len(k) for k in timings)
    print(f"Trung vị của {args.repeat} lần đo (XLSX: 3 lần), mili giây:")
    for label, ms in timings.items():
        print(f"  {label:<{width}}  {ms:9.1f}")
    ratio = timings["Tổng hợp Phụ lục III (city_rollup)"] / timings["SQL GROUP BY viết tay (sàn)"]
    grid_ms = timings["Trang lưới (8 kỳ, trang 1/100 xã)"]
    print(
        f"\nTổng hợp / sàn SQL: {ratio:.2f}× (mục tiêu ≤ 3×) {'ĐẠT' if ratio <= 3 else 'CHƯA ĐẠT'}"
    )
    print(
        f"Trang lưới: {grid_ms:.1f} ms (mục tiêu < 300 ms) {'ĐẠT' if grid_ms < 300 else 'CHƯA ĐẠT'}"
    )
    print(f"XLSX: {len(data) / 1024:.0f} KB, tổng hợp {rollup.covered}/{rollup.expected} xã")


if __name__ == "__main__":
    main()
