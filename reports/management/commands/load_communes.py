"""Load a city's communes and accounts from a CSV file (see reports.city.csvload)."""

import csv
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.city.csvload import COLUMNS, load_communes


class Command(BaseCommand):
    help = "Nạp danh sách xã, phường và tài khoản từ tệp CSV. Cột: " + ", ".join(COLUMNS)

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp CSV (UTF-8)")
        parser.add_argument(
            "--passwords",
            help="ghi mật khẩu ban đầu của các tài khoản mới vào tệp CSV này "
            "(mặc định: in ra màn hình)",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        result = load_communes(path.read_bytes())
        if result.errors:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(
                f"Không nạp được tệp: {len(result.errors)} lỗi, chưa lưu gì. Sửa tệp rồi chạy lại."
            )
        self.stdout.write(self.style.SUCCESS(result.summary))
        if not result.passwords:
            return
        if options["passwords"]:
            with _owner_only(options["passwords"]) as out:
                writer = csv.writer(out)
                writer.writerow(["ten_dang_nhap", "mat_khau"])
                writer.writerows(result.passwords)
            self.stdout.write(f"Mật khẩu ban đầu của tài khoản mới: {options['passwords']}")
        else:
            self.stdout.write("Mật khẩu ban đầu của tài khoản mới (chỉ hiện một lần):")
            for username, password in result.passwords:
                self.stdout.write(f"  {username}: {password}")


def _owner_only(path):
    """The passwords file, readable and writable by its owner only (0600), even when a file of
    that name already existed with wider rights."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    return open(descriptor, "w", newline="", encoding="utf-8")
