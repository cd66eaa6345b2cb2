"""Verify a signed report's PDF, or check every stored signed copy of a period again.

    python manage.py verify_signed bao-cao-da-ky.pdf --commune "Nam Thanh Miện" --period 2026-Q2
    python manage.py verify_signed --all --period 2026-Q2 [--city "Hải Phòng"]

With a file: the verification the upload page makes (``reports.signing.services``), in words;
exit status 0 when the file is accepted and bound to the report, 1 otherwise. With ``--all``:
each report's current signed copy is checked again with today's trust roots and revocation
lists (after a root or a CRL changes), what is stored about it updated, one line per report;
exit status 1 when any no longer passes. Exit status 2 for bad arguments (no such file,
commune, period or report) and for a trust roots folder that cannot be read.
"""

from django.core.management.base import BaseCommand, CommandError

from reports.exports.commands import find_commune, find_report, parse_period
from reports.models import SignedDocument
from reports.numbers import format_number
from reports.signing import TrustRoots, TrustRootsError
from reports.signing import messages as m
from reports.signing.services import (
    CommuneNames,
    signed_document_recheck,
    verdict_of,
    verify_for_report,
)


class Command(BaseCommand):
    help = (
        "Kiểm tra chữ ký số của văn bản đã ký (một tệp, hoặc --all: mọi bản hiện hành của một "
        "kỳ); trả mã 1 khi có tệp không đạt."
    )
    requires_system_checks = []  # a check of files; model checks belong to `manage.py check`

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="tệp PDF đã ký số")
        parser.add_argument("--period", help="kỳ báo cáo, ví dụ 2026-Q2")
        parser.add_argument("--commune", help="tên xã, phường của báo cáo (khi kiểm tra một tệp)")
        parser.add_argument("--city", default="", help="tên thành phố, để chọn đúng xã hoặc lọc")
        parser.add_argument(
            "--all",
            action="store_true",
            help="kiểm tra lại mọi văn bản đã ký hiện hành của kỳ",
        )

    def handle(self, *args, **options):
        if not options["period"]:
            raise _bad("Thiếu --period, ví dụ --period 2026-Q2.")
        if options["all"] == bool(options["file"]):
            raise _bad("Chỉ định một tệp PDF, hoặc --all để kiểm tra lại mọi bản của kỳ.")
        period = _bad_on_error(parse_period, options["period"])
        try:
            if options["all"]:
                return self.recheck(period, options["city"])
            return self.verify_file(options["file"], period, options["commune"], options["city"])
        except TrustRootsError as error:
            raise _bad(str(error)) from None

    def verify_file(self, path, period, commune_name, city):
        if not commune_name:
            raise _bad("Thiếu --commune: tên xã, phường của báo cáo.")
        commune = _bad_on_error(find_commune, commune_name, city)
        report = find_report(commune, period)
        if report is None:
            raise _bad(f"Không có báo cáo {period.label} của {commune.people_committee}.")
        try:
            with open(path, "rb") as file:
                data = file.read()
        except OSError as error:
            raise _bad(f"Không đọc được tệp {path}: {error.strerror}.") from None
        verification = verify_for_report(report, data)
        self.stdout.write(f"{commune.people_committee} – {period.label}")
        for line in m.describe(verification, CommuneNames()):
            self.stdout.write(line)
        if not (verification.accepted and verification.bound_to):
            raise CommandError("Văn bản đã ký không được chấp nhận.", returncode=1)

    def recheck(self, period, city):
        documents = (
            SignedDocument.objects.filter(
                is_current=True, report__year=period.year, report__period_kind=period.kind
            )
            .select_related("report__commune", "report__approved_by__profile")
            .order_by("report__commune__sort_key", "report__commune_id")
        )
        if city:
            documents = documents.filter(report__commune__city__name__iexact=city.strip())
        failed = checked = 0
        roots = None  # the folder is read once, for the first copy, not once per copy
        for document in documents:
            checked += 1
            if roots is None:
                roots = TrustRoots.from_settings()
            name = f"{document.report.commune.people_committee} – {period.label}"
            try:
                verification = signed_document_recheck(document, trust_roots=roots)
            except OSError:
                failed += 1
                self.stdout.write(f"{name}: KHÔNG ĐẠT – không đọc được tệp đã lưu.")
                continue
            label = SignedDocument.Verdict(verdict_of(verification)).label
            if verification.accepted:
                notes = [m.summary(verification), *(w.message for w in verification.warnings)]
                self.stdout.write(f"{name}: {label} – " + " ".join(notes))
            else:
                failed += 1
                reasons = " ".join(notice.message for notice in verification.refusals)
                self.stdout.write(f"{name}: KHÔNG ĐẠT – {reasons}")
        counts = format_number(checked), format_number(failed)
        self.stdout.write("Đã kiểm tra lại {} văn bản đã ký, {} không đạt.".format(*counts))
        if failed:
            raise CommandError("{1}/{0} văn bản đã ký không đạt.".format(*counts), returncode=1)


def _bad(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def _bad_on_error(function, *args):
    """``function(*args)``, its CommandError (a name or period not found) with exit status 2."""
    try:
        return function(*args)
    except CommandError as error:
        raise _bad(str(error)) from None
