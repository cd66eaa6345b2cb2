"""Server time of the entry pages, against Django's default form rendering of the same fields.

    .venv/bin/python benchmarks/entry_pages.py [--runs 200]

Sets Django up by itself on a temporary SQLite database with the demo data (nothing else is
touched), then, for each Biểu mẫu page (and the section II page) of the Quý III draft:

- page: the whole GET through the test client (middleware, session, access, queries, rules,
  template), median and p95 over ``--runs`` requests;
- {{ form }}: Django's default rendering of the same form (value and note fields), bound to the
  same data, through ``Template("{{ form }}")``, median and p95 in the same run;
- ×: how many times faster the whole page is than the default form rendering alone.

Then the save: a POST that changes one value of Biểu mẫu 3 (parse, lock, version check, write,
audit, rules on the redirected page not included) and the rules run on the saved report.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(tmp: Path):
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    # The test client's host; setup_test_environment() is not used because it instruments
    # every template render (copies each context), which is not what a server does.
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)


def timed(fn, runs: int) -> list[float]:
    for _ in range(min(10, runs)):  # warm caches (templates, queries' first compile)
        fn()
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p95(samples: list[float]) -> float:
    return sorted(samples)[max(0, int(len(samples) * 0.95) - 1)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp))
        run(args.runs)


def run(runs: int):
    from django.contrib.auth import get_user_model
    from django.template import Context, Template
    from django.test import Client
    from django.urls import reverse

    from reports import catalogue, rules
    from reports.entry.forms import note_name, section_form_class
    from reports.entry.render import table_body
    from reports.entry.saving import section_save
    from reports.entry.table import display_value, section_table
    from reports.models import ProcedureFigures, Report
    from reports.services import figure_sets, report_values

    staff = get_user_model().objects.get(username="chuyenvien")
    client = Client()
    client.force_login(staff)
    seed = Report.objects.get(year=2026, period_kind="Q2")
    draft = Report.objects.get(year=2026, period_kind="Q3")
    # Fill the draft with the seed's figures so the pages show real numbers.
    for key, figures in figure_sets(draft).items():
        source = figure_sets(seed)[key]
        for row in catalogue.SECTION_BY_KEY[key].input_rows:
            setattr(figures, row.field, getattr(source, row.field))
        figures.save()
    default_template = Template("{{ form }}")

    print(f"Trang nhập liệu (báo cáo Quý III/2026, số liệu mẫu), {runs} lần mỗi phép đo, ms")
    print(
        f"{'trang':<18}{'cả trang':>10}{'p95':>8} | {'bảng ô nhập':>12}{'p95':>7} | "
        f"{'{{ form }}':>10}{'p95':>7} | {'bảng/{{form}}':>13} {'trang/{{form}}':>14}"
    )
    worst_table = worst_page = None
    for section in catalogue.SECTIONS:
        url = reverse("report_section", args=[draft.pk, section.slug])
        assert client.get(url).status_code == 200
        page = timed(lambda url=url: client.get(url), runs)
        report = Report.objects.get(pk=draft.pk)
        values = report_values(report)
        figures = figure_sets(report)[section.key]
        results = rules.for_section(rules.check_values(values), section.key)
        table = timed(
            lambda section=section, figures=figures, results=results, values=values: str(
                table_body(
                    section_table(section, values, figures.notes, results=results),
                    can_edit=True,
                )
            ),
            runs,
        )
        data = {"version": figures.version}
        for row in section.input_rows:
            data[row.field] = display_value(row, getattr(figures, row.field))
            data[note_name(row)] = figures.notes.get(row.field, "")
        form = section_form_class(section)(data)
        form.is_valid()
        default = timed(lambda form=form: default_template.render(Context({"form": form})), runs)
        by_table = statistics.median(default) / statistics.median(table)
        by_page = statistics.median(default) / statistics.median(page)
        worst_table = by_table if worst_table is None else min(worst_table, by_table)
        worst_page = by_page if worst_page is None else min(worst_page, by_page)
        name = section.heading or "Số liệu phần II"
        print(
            f"{name:<18}{statistics.median(page):>10.2f}{p95(page):>8.2f} | "
            f"{statistics.median(table):>12.3f}{p95(table):>7.3f} | "
            f"{statistics.median(default):>10.2f}{p95(default):>7.2f} | "
            f"{by_table:>12.1f}× {by_page:>13.1f}×"
        )

    b3 = catalogue.SECTION_BY_KEY["b3"]
    url = reverse("report_section", args=[draft.pk, b3.slug])
    counter = iter(range(10**9))

    def post_data():
        figures = ProcedureFigures.objects.get(report=draft)
        data = {"version": figures.version}
        for row in b3.input_rows:
            data[row.field] = display_value(row, getattr(figures, row.field))
            data[note_name(row)] = figures.notes.get(row.field, "")
        data["pakn_resolved"] = str(next(counter) % 11)
        return data

    def timed_post(n):
        out = []
        for i in range(n + 10):
            data = post_data()  # what the browser holds: not server time
            start = time.perf_counter()
            response = client.post(url, data)
            elapsed = (time.perf_counter() - start) * 1000
            assert response.status_code == 302, response.status_code
            if i >= 10:
                out.append(elapsed)
        return out

    def save_with_rules():
        figures = ProcedureFigures.objects.get(report=draft)
        values = {row.field: getattr(figures, row.field) for row in b3.input_rows}
        values["pakn_resolved"] = next(counter) % 11
        report = Report.objects.get(pk=draft.pk)
        section_save(
            report=report,
            section=b3,
            values=values,
            notes=figures.notes,
            version=figures.version,
            user=staff,
        )
        return rules.check_report(Report.objects.get(pk=draft.pk))

    posts = timed_post(runs)
    saves = timed(save_with_rules, runs)
    rules_only = timed(lambda: rules.check_report(Report.objects.get(pk=draft.pk)), runs)
    print()
    print(
        f"Lưu Biểu mẫu 3 qua trang (POST: phiên, kiểm tra quyền, đọc số, khóa, ghi, nhật ký, "
        f"thông báo): median {statistics.median(posts):.2f} ms, p95 {p95(posts):.2f} ms"
    )
    print(
        f"Lưu + kiểm tra quy tắc (section_save + check_report): median "
        f"{statistics.median(saves):.2f} ms, p95 {p95(saves):.2f} ms (mục tiêu < 50 ms)"
    )
    print(
        f"Chỉ kiểm tra quy tắc cả báo cáo ({len(rules.RULES)} quy tắc, đọc 8 biểu): median "
        f"{statistics.median(rules_only):.2f} ms, p95 {p95(rules_only):.2f} ms"
    )
    print(
        f"Bảng ô nhập so với {{{{ form }}}} cùng các ô: chậm nhất vẫn nhanh hơn {worst_table:.1f}× "
        f"(mục tiêu ≥ 4×); cả trang (gồm middleware, truy vấn, quy tắc, khung trang) so với "
        f"{{{{ form }}}}: {worst_page:.1f}×"
    )


if __name__ == "__main__":
    main()
