"""Write the city-wide Phụ lục III of one period, with its explanations, to an XLSX file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.city.xlsx import workbook_data, write_workbook
from reports.models import City
from reports.periods import Period, PeriodError


class Command(BaseCommand):
    help = (
        "Xuất Phụ lục III tổng hợp toàn thành phố của một kỳ ra tệp XLSX (các Biểu mẫu, số liệu "
        "phần II và giải trình cảnh báo)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="kỳ báo cáo, ví dụ 2026-Q2")
        parser.add_argument("--out", required=True, help="tệp XLSX cần ghi")
        parser.add_argument("--city", help="tên thành phố (bắt buộc khi có nhiều thành phố)")

    def handle(self, *args, **options):
        try:
            period = Period.parse(options["period"])
        except PeriodError as error:
            raise CommandError(str(error)) from error
        cities = City.objects.all()
        if options["city"]:
            cities = cities.filter(name=options["city"])
        cities = list(cities[:2])
        if not cities:
            raise CommandError("Không tìm thấy thành phố " + (options["city"] or "nào") + ".")
        if len(cities) > 1:
            raise CommandError("Có nhiều thành phố: chọn một bằng --city.")
        data = workbook_data(cities[0], period)
        Path(options["out"]).write_bytes(write_workbook(data))
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã ghi {options['out']}: {cities[0]}, {period.label}, tổng hợp "
                f"{data.covered}/{data.expected} xã, phường; {len(data.explanations)} cảnh báo."
            )
        )
