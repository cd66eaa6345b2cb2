"""Server time of the Biểu mẫu pages, whole, next to a logged-in hello-world view.

    .venv/bin/python benchmarks/entry_pages.py [--runs 100]

Sets Django up by itself in production mode (DEBUG=0, collected static files) on a temporary
SQLite database with the demo data, in a temporary folder removed at the end: nothing else is
touched, nothing is left behind. The Quý III draft is filled with the seed's figures, so the
pages show real numbers, the previous period's values and the seed's warning.

For each Biểu mẫu page (and the section II page), every run, interleaved:

- xin chào: GET of a view that only says hello, behind ``login_required``: the same process,
  middleware, session and user lookup; the floor of any page of the application;
- GET: the whole page through the test client (access, queries, rules, previous period,
  template);
- POST: the page's Lưu as a browser sends it (every figure, note and explanation box), one
  value changed: parse, lock, version check, write, audit, then the 302 (the browser then loads
  the page: the GET column).

Printed: median and p95 of each, in ms, and how many times the hello-world view each page
takes. Run it on an idle machine, or read the ratios: the three are measured side by side.

Then, for each page, the table alone: ``reports.entry.render.table_body`` (the Biểu mẫu table as
the page shows it, written in Python) against the same section's form rendered by Django
(``{{ form }}``) and by django-crispy-forms (``{{ form|crispy }}``), interleaved: why the
Biểu mẫu tables stay hand-rendered while every other form goes through crispy.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.production import production_settings  # noqa: E402
from benchmarks.timing import interleaved  # noqa: E402


def setup(tmp: Path):
    production_settings(
        f"sqlite:///{tmp / 'bench.sqlite3'}",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
    )
    # setup_test_environment() is not used: it instruments every template render (copies each
    # context), which is not what a server does.
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.decorators import login_required
    from django.core.management import call_command
    from django.http import HttpResponse
    from django.urls import clear_url_caches, include, path

    @login_required
    def hello(request):
        return HttpResponse("Xin chào")

    urls = types.ModuleType("bench_urls")
    urls.urlpatterns = [path("xin-chao/", hello), path("", include(settings.ROOT_URLCONF))]
    settings.ROOT_URLCONF = urls
    clear_url_caches()
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)


def p95(samples: list[float]) -> float:
    return sorted(samples)[max(0, int(len(samples) * 0.95) - 1)]


def ms(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as tmp:
        setup(Path(tmp))
        run(args.runs)
        table_against_forms(args.runs)
    print("Đã xóa thư mục tạm (cơ sở dữ liệu, tệp tĩnh) của phép đo.")


def run(runs: int):
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from reports import catalogue, rules
    from reports.entry.forms import note_name
    from reports.models import Report
    from reports.numbers import format_value
    from reports.parsing import unambiguous_text
    from reports.services import figure_sets

    client = Client()
    client.force_login(get_user_model().objects.get(username="chuyenvien"))
    seed = Report.objects.get(year=2026, period_kind="Q2")
    draft = Report.objects.get(year=2026, period_kind="Q3")
    for key, figures in figure_sets(draft).items():
        source = figure_sets(seed)[key]
        for row in catalogue.SECTION_BY_KEY[key].input_rows:
            setattr(figures, row.field, getattr(source, row.field))
        figures.save()

    def post_data(section, flip: int) -> dict:
        """What the page's form holds, as the browser sends it, with one count changed."""
        report = Report.objects.get(pk=draft.pk)
        figures = figure_sets(report)[section.key]
        data = {"version": figures.version}
        for row in section.input_rows:
            data[row.field] = unambiguous_text(format_value(row.kind, getattr(figures, row.field)))
            data[note_name(row)] = figures.notes.get(row.field, "")
        changed = next(r for r in section.input_rows if r.kind == catalogue.Kind.COUNT)
        data[changed.field] = str((getattr(figures, changed.field) or 0) + flip)
        shown = rules.for_section(rules.check_report(report), section.key)
        explained = rules.explanations_of(report)
        warnings = [r.code for r in shown if not r.is_error]
        data["rule_code"] = warnings
        data["text"] = [explained.get(code, "") for code in warnings]
        return data

    def timed(call) -> float:
        start = time.perf_counter()
        response = call()
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code in (200, 302), response.status_code
        return elapsed

    hello_url = "/xin-chao/"
    pages = [(s, reverse("report_section", args=[draft.pk, s.slug])) for s in catalogue.SECTIONS]
    samples = {s.key: {"hello": [], "get": [], "post": []} for s, _ in pages}
    for number in range(runs + 10):  # the first ten warm caches and are not counted
        for section, url in pages:
            data = post_data(section, -1 if number % 2 else 1)  # the browser's work: not timed
            hello_get, page_get = (
                timed(lambda: client.get(hello_url)),
                timed(lambda url=url: client.get(url)),
            )
            hello_post, page_post = (
                timed(lambda: client.get(hello_url)),
                timed(lambda url=url, data=data: client.post(url, data)),
            )
            if number >= 10:
                own = samples[section.key]
                own["hello"] += [hello_get, hello_post]
                own["get"].append(page_get)
                own["post"].append(page_post)

    print(
        f"Trang Biểu mẫu, cả trang, so với trang “xin chào” có đăng nhập (cùng tiến trình, "
        f"DEBUG=0, SQLite tạm, số liệu mẫu); {runs} lượt xen kẽ, ms (trung vị, p95)"
    )
    print(
        f"{'trang':<18}{'xin chào':>9}{'p95':>7} | {'GET':>7}{'p95':>7}{'×':>7} | "
        f"{'POST':>7}{'p95':>7}{'×':>7}"
    )
    all_hello, all_get, all_post = [], [], []
    for section, _ in pages:
        own = samples[section.key]
        hello = statistics.median(own["hello"])
        get, post = statistics.median(own["get"]), statistics.median(own["post"])
        all_hello += own["hello"]
        all_get += own["get"]
        all_post += own["post"]
        print(
            f"{section.heading or 'Số liệu phần II':<18}{ms(hello):>9}{ms(p95(own['hello'])):>7} | "
            f"{ms(get):>7}{ms(p95(own['get'])):>7}{ms(get / hello) + '×':>7} | "
            f"{ms(post):>7}{ms(p95(own['post'])):>7}{ms(post / hello) + '×':>7}"
        )
    hello = statistics.median(all_hello)
    print(
        f"Cả tám trang: xin chào {ms(hello)} ms; GET {ms(statistics.median(all_get))} ms "
        f"(p95 {ms(p95(all_get))}, {ms(statistics.median(all_get) / hello)}× xin chào); "
        f"POST {ms(statistics.median(all_post))} ms (p95 {ms(p95(all_post))}, "
        f"{ms(statistics.median(all_post) / hello)}× xin chào)."
    )


def table_against_forms(runs: int):
    from django.template import engines

    from reports import catalogue
    from reports.entry.forms import section_form_class
    from reports.entry.render import table_body
    from reports.entry.table import section_table
    from reports.models import Report
    from reports.services import figure_sets, report_values

    draft = Report.objects.get(year=2026, period_kind="Q3")
    values, sets = report_values(draft), figure_sets(draft)
    engine = engines["django"]
    renderers = {
        "{{ form }}": engine.from_string("{{ form }}"),
        "|crispy": engine.from_string("{% load crispy_forms_tags %}{{ form|crispy }}"),
    }
    print(
        f"\nBảng Biểu mẫu (table_body) so với cùng biểu mẫu vẽ bằng Django và crispy; {runs} "
        "lượt xen kẽ, ms (trung vị)"
    )
    print(f"{'trang':<18}{'table_body':>11} | {'{{ form }}':>10}{'×':>7} | {'|crispy':>8}{'×':>7}")
    for section in catalogue.SECTIONS:
        form_class = section_form_class(section)
        initial = {row.field: values.get(row.ref) for row in section.input_rows}
        calls = {
            "table_body": lambda s=section: table_body(
                section_table(s, values, sets[s.key].notes), can_edit=True
            ),
            **{
                name: lambda t=template, f=form_class, i=initial: t.render({"form": f(initial=i)})
                for name, template in renderers.items()
            },
        }
        ours, plain, crispy = interleaved(calls, runs).values()
        print(
            f"{section.heading or 'Số liệu phần II':<18}{ms(ours):>11} | {ms(plain):>10}"
            f"{ms(plain / ours) + '×':>7} | {ms(crispy):>8}{ms(crispy / ours) + '×':>7}"
        )
    print(f"Tải máy (1, 5, 15 phút): {', '.join(ms(x) for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
