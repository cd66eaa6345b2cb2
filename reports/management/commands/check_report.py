"""Print the rule results of reports and exit non-zero when any has errors.

    python manage.py check_report --commune "Nam Thanh Miện" --period 2026-Q2
    python manage.py check_report --period 2026-Q2 --city "Hải Phòng"   # every commune

The same rules as the entry pages (``reports.rules``); exit status 1 when a report has errors,
2 when the commune or period is not found, 0 otherwise (warnings alone do not fail).
"""

from django.core.management.base import BaseCommand, CommandError

from reports import rules
from reports.models import Report
from reports.periods import Period, PeriodError
from reports.services import with_figures


class Command(BaseCommand):
    help = "Kiểm tra số liệu báo cáo theo các quy tắc; trả mã lỗi khác 0 khi có lỗi."
    requires_system_checks = []  # a batch check of data; model checks belong to `manage.py check`

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="kỳ báo cáo, ví dụ 2026-Q2")
        parser.add_argument(
            "--commune",
            action="append",
            default=[],
            help="tên xã, phường (có thể lặp lại); bỏ trống: mọi xã có báo cáo kỳ này",
        )
        parser.add_argument("--city", help="tên thành phố, để chọn đúng xã hoặc lọc")

    def handle(self, *args, **options):
        try:
            period = Period.parse(options["period"])
        except PeriodError as error:
            raise CommandError(str(error), returncode=2) from None
        reports = with_figures(Report.objects.filter(year=period.year, period_kind=period.kind))
        if options["city"]:
            reports = reports.filter(commune__city__name__iexact=options["city"])
        found = []
        for name in options["commune"]:
            match = list(reports.filter(commune__name__iexact=name.strip()))
            if not match:
                raise CommandError(f"Không có báo cáo {period.label} của “{name}”.", returncode=2)
            if len(match) > 1:
                raise CommandError(f"Có nhiều xã tên “{name}”: thêm --city để chọn.", returncode=2)
            found.extend(match)
        if not options["commune"]:
            found = list(reports.order_by("commune__city__name", "commune__sort_key"))
            if not found:
                raise CommandError(f"Không có báo cáo nào kỳ {period.label}.", returncode=2)
        with_errors = 0
        for report in found:
            with_errors += self.print_report(report)
        if with_errors:
            raise CommandError(
                f"{with_errors}/{len(found)} báo cáo có lỗi phải sửa trước khi gửi duyệt.",
                returncode=1,
            )

    def print_report(self, report) -> bool:
        results = rules.check_report(report)
        explained = rules.explanations_of(report)
        errors = [r for r in results if r.is_error]
        warnings = [r for r in results if not r.is_error]
        self.stdout.write(
            f"{report.commune.people_committee} – {report.period.label} "
            f"({report.get_status_display()}): {len(errors)} lỗi, {len(warnings)} cảnh báo"
        )
        for result in errors:
            self.stdout.write(f"  LỖI [{result.code}] {result.message}")
        for result in warnings:
            state = "đã giải trình" if result.code in explained else "chưa giải trình"
            self.stdout.write(f"  CẢNH BÁO [{result.code}] {result.message} ({state})")
        return bool(errors)
