"""Import an Excel annex (the export's layout) into a commune's report for a period, creating
the period's draft when there is none yet. Prints every cell that changes, as the preview page
lists them; ``--dry-run`` prints and saves nothing. On any problem nothing is saved (exit 1)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from reports.exports.commands import find_commune, find_report, parse_period
from reports.exports.importer import (
    ImportRefused,
    change_lines,
    import_apply,
    import_preview,
    rule_results,
)
from reports.services import report_create


class Command(BaseCommand):
    help = "Nhập số liệu từ tệp Excel (theo mẫu xuất từ hệ thống) vào báo cáo dự thảo của một xã."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .xlsx")
        parser.add_argument("--commune", required=True, help='Tên xã, ví dụ "Nam Thanh Miện".')
        parser.add_argument("--city", default="", help="Tên thành phố (khi trùng tên xã).")
        parser.add_argument("--period", required=True, help="Kỳ báo cáo, ví dụ 2026-Q3.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Chỉ liệt kê các ô sẽ thay đổi và kết quả kiểm tra, không lưu gì.",
        )
        parser.add_argument(
            "--accept-mismatch",
            action="store_true",
            help="Vẫn nhập khi tiêu đề tệp ghi kỳ hoặc xã khác với báo cáo đích.",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        commune = find_commune(options["commune"], options["city"])
        period = parse_period(options["period"])
        with transaction.atomic():  # a failed import (or a dry run) leaves no new report behind
            report = find_report(commune, period)
            created = report is None
            if created:
                report = report_create(commune=commune, period=period)
            outcome = import_preview(report, path.read_bytes(), filename=path.name)
            if outcome.problems:
                raise CommandError(
                    "Không nhập được, chưa lưu số liệu nào:\n" + "\n".join(outcome.problems)
                )
            change_set = outcome.change_set
            for warning in change_set.mismatches:
                self.stdout.write(self.style.WARNING(f"CHÚ Ý: {warning}"))
            lines = change_lines(report, change_set)
            self.stdout.write(f"{len(lines)} ô thay đổi trong {report}:")
            for line in lines:
                self.stdout.write(f"  {line}")
            self._rules(report, change_set)
            if options["dry_run"]:
                transaction.set_rollback(True)
                self.stdout.write("Chạy thử (--dry-run): chưa lưu số liệu nào.")
                return
            try:
                saved = import_apply(
                    report, change_set, user=None, accept_mismatch=options["accept_mismatch"]
                )
            except ImportRefused as refused:
                hint = " Thêm --accept-mismatch nếu vẫn muốn nhập." if change_set.mismatches else ""
                raise CommandError(refused.message + hint) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nhập {saved} ô thay đổi vào {report}"
                + (" (báo cáo mới tạo)." if created else ".")
            )
        )

    def _rules(self, report, change_set) -> None:
        for result in rule_results(report, change_set):
            label = "Lỗi" if result.is_error else "Cảnh báo"
            self.stdout.write(f"{label}: {result.message}")
