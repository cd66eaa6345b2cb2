"""Export one report as Word, Excel or PDF, for the city's batch work and for scripts."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports import exports
from reports.exports.commands import find_commune, find_report, parse_period
from reports.exports.pdf import PdfError

PRODUCERS = {"docx": exports.docx_bytes, "xlsx": exports.xlsx_bytes, "pdf": exports.pdf_bytes}


class Command(BaseCommand):
    help = "Xuất báo cáo CCHC của một xã ra tệp Word (docx), Excel (xlsx) hoặc PDF."

    def add_arguments(self, parser):
        parser.add_argument("--commune", required=True, help='Tên xã, ví dụ "Nam Thanh Miện".')
        parser.add_argument("--city", default="", help="Tên thành phố (khi trùng tên xã).")
        parser.add_argument("--period", required=True, help="Kỳ báo cáo, ví dụ 2026-Q2.")
        parser.add_argument("--format", required=True, choices=sorted(PRODUCERS))
        parser.add_argument("--out", required=True, help="Đường dẫn tệp kết quả.")

    def handle(self, *args, **options):
        commune = find_commune(options["commune"], options["city"])
        period = parse_period(options["period"])
        report = find_report(commune, period)
        if report is None:
            raise CommandError(f"{commune.people_committee} chưa có báo cáo {period.label}.")
        try:
            data = PRODUCERS[options["format"]](report)
        except PdfError as error:
            raise CommandError(str(error)) from None
        out = Path(options["out"])
        out.write_bytes(data)
        self.stdout.write(
            self.style.SUCCESS(f"Đã ghi {out} ({len(data):,} byte): {report}".replace(",", "."))
        )
