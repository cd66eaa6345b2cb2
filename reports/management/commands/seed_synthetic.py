"""Fill the database with synthetic communes and rule-respecting reports (load tests)."""

import time

from django.core.management.base import BaseCommand, CommandError

from reports.city.grid import period_run
from reports.city.seeding import ensure_communes, seed
from reports.models import City
from reports.periods import Period, PeriodError


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu tổng hợp: N xã, phường và báo cáo của P kỳ gần nhất cho mỗi xã "
        "(số liệu hợp lệ theo các quy tắc kiểm tra)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--communes", type=int, default=3321)
        parser.add_argument("--periods", type=int, default=8)
        parser.add_argument("--last", default="2026-Q2", help="kỳ cuối cùng, ví dụ 2026-Q2")
        parser.add_argument("--city", default="Dữ liệu tổng hợp", help="tên thành phố")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **options):
        if options["communes"] < 1 or not 1 <= options["periods"] <= 40:
            raise CommandError("--communes phải ≥ 1 và --periods từ 1 đến 40.")
        try:
            last = Period.parse(options["last"])
        except PeriodError as error:
            raise CommandError(str(error)) from error
        started = time.perf_counter()
        city, _ = City.objects.get_or_create(name=options["city"])
        communes = ensure_communes(city, options["communes"])
        periods = period_run(last, options["periods"])
        created = seed(city, communes, periods, seed=options["seed"])
        self.stdout.write(
            self.style.SUCCESS(
                f"{city}: {len(communes)} xã, phường; đã tạo {created} báo cáo "
                f"({periods[0].label} – {periods[-1].label}) trong "
                f"{time.perf_counter() - started:.1f} giây."
            )
        )
