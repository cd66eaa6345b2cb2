"""Import an Excel annex (the export's layout) into a commune's report for a period, creating
the period's draft when there is none yet. On any problem nothing is saved."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from reports import rules
from reports.exports.commands import find_commune, find_report, parse_period
from reports.exports.importer import import_annex
from reports.services import report_create


class Command(BaseCommand):
    help = "Nhập số liệu từ tệp Excel (theo mẫu xuất từ hệ thống) vào báo cáo dự thảo của một xã."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .xlsx")
        parser.add_argument("--commune", required=True, help='Tên xã, ví dụ "Nam Thanh Miện".')
        parser.add_argument("--city", default="", help="Tên thành phố (khi trùng tên xã).")
        parser.add_argument("--period", required=True, help="Kỳ báo cáo, ví dụ 2026-Q3.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        commune = find_commune(options["commune"], options["city"])
        period = parse_period(options["period"])
        with transaction.atomic():  # a failed import leaves no new report behind
            report = find_report(commune, period)
            created = report is None
            if created:
                report = report_create(commune=commune, period=period)
            outcome = import_annex(report, path.read_bytes(), user=None, filename=path.name)
            if outcome.problems:
                raise CommandError(
                    "Không nhập được, chưa lưu số liệu nào:\n" + "\n".join(outcome.problems)
                )
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nhập {len(outcome.changes)} số liệu vào {report}"
                + (" (báo cáo mới tạo)." if created else ".")
            )
        )
        for result in rules.check_report(report):
            label = "Lỗi" if result.is_error else "Cảnh báo"
            self.stdout.write(f"{label}: {result.message}")
