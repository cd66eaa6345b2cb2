"""Load the demo data: Nam Thanh Miện's Quý II/2026 report (the seed), a Quý III draft, and
one account per role. Running it again updates the same rows instead of adding new ones."""

import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from reports import catalogue
from reports.content import report_content
from reports.models import (
    AuditEntry,
    City,
    Commune,
    Profile,
    Report,
    ReportSnapshot,
    Status,
    WarningExplanation,
)
from reports.periods import Period
from reports.services import figure_sets, report_create

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo.json"


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (báo cáo Quý II/2026 của xã Nam Thanh Miện và tài khoản mẫu)."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEMO_FILE))

    @transaction.atomic
    def handle(self, *args, **options):
        data = json.loads(Path(options["file"]).read_text(encoding="utf-8"))
        city, _ = City.objects.get_or_create(name=data["city"])
        commune, _ = Commune.objects.update_or_create(
            city=city, name=data["commune"]["name"], defaults={"kind": data["commune"]["kind"]}
        )
        users = {
            spec["username"]: load_user(spec, data["password"], city, commune)
            for spec in data["users"]
        }
        for spec in data["reports"]:
            load_report(spec, commune, users)
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nạp dữ liệu mẫu: {commune.people_committee}, "
                f"{len(data['reports'])} báo cáo, {len(users)} tài khoản."
            )
        )


def load_user(spec, password, city, commune):
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=spec["username"])
    if created:
        user.set_password(password)
    user.is_superuser = user.is_staff = bool(spec.get("superuser"))
    user.save()
    role = spec["role"]
    Profile.objects.update_or_create(
        user=user,
        defaults={
            "full_name": spec["full_name"],
            "role": role,
            "city": city,
            "commune": commune if role in ("staff", "leader", "clerk") else None,
            "position": spec.get("position", "khac"),
            "job_title": spec.get("job_title", ""),
        },
    )
    return user


def load_report(spec, commune, users):
    period = Period.parse(spec["period"])
    report = Report.objects.filter(
        commune=commune, year=period.year, period_kind=period.kind
    ).first()
    if report is None:
        report = report_create(commune=commune, period=period, user=users[spec["prepared_by"]])
    elif spec.get("carry_forward"):
        return report  # a draft the demo user may have been filling: leave it as it is
    if "figures" not in spec:
        return report
    # The demo report is rewritten from the file. An approved report refuses every change
    # (Report.refuse_if_frozen), so it is opened first and gets its status back last.
    Report.objects.filter(pk=report.pk).update(status=Status.DRAFT)
    report.status = Status.DRAFT
    for name, text in spec["texts"].items():
        setattr(report, name, text)
    report.prepared_by = users[spec["prepared_by"]]
    report.number = int(spec["number"]) if spec.get("number") else None
    report.issued_on = spec.get("issued_on")
    report.issued_year = int(spec["issued_on"][:4]) if report.number else None
    if spec.get("submitted_at"):
        report.submitted_at = report.first_submitted_at = datetime.fromisoformat(
            spec["submitted_at"]
        )
    if spec.get("approved_by"):
        report.approved_by = users[spec["approved_by"]]
        report.approved_at = datetime.fromisoformat(spec["approved_at"])
    report.save()
    for key, figures in figure_sets(report).items():
        for row in catalogue.SECTION_BY_KEY[key].input_rows:
            value = spec["figures"][row.ref]
            if value is not None and row.kind == catalogue.Kind.MONEY:
                value = Decimal(value)
            setattr(figures, row.field, value)
        figures.notes = {
            ref.split(".", 1)[1]: note
            for ref, note in spec.get("notes", {}).items()
            if ref.startswith(key + ".")
        }
        figures.save()
    # An approved report carries the explanations of its warnings (see reports.completeness).
    for code, text in spec.get("explanations", {}).items():
        WarningExplanation.objects.update_or_create(
            report=report,
            rule_code=code,
            defaults={"text": text, "author": users[spec["prepared_by"]]},
        )
    report.status = spec["status"]
    report.save(update_fields=["status"])
    if report.is_frozen and not report.snapshots.filter(reason=report.status).exists():
        # What the exports of an approved report read (the approved version, frozen).
        ReportSnapshot.objects.create(
            report=report,
            reason=report.status,
            data=report_content(Report.objects.get(pk=report.pk)).to_json(),  # as stored
            created_by=report.approved_by,
        )
    if not report.audit_entries.filter(action=AuditEntry.Action.TRANSITION).exists():
        for user, old, new, at in (
            (spec["prepared_by"], Status.DRAFT, Status.SUBMITTED, spec.get("submitted_at")),
            (spec.get("approved_by"), Status.SUBMITTED, Status.APPROVED, spec.get("approved_at")),
        ):
            if user and at and report.status in (Status.SUBMITTED, Status.APPROVED, Status.ISSUED):
                entry = AuditEntry.objects.create(
                    report=report,
                    user=users[user],
                    action=AuditEntry.Action.TRANSITION,
                    from_status=old,
                    to_status=new,
                )
                AuditEntry.objects.filter(pk=entry.pk).update(at=datetime.fromisoformat(at))
    return report
