"""What the export and import commands share: finding the commune and the report by name."""

from django.core.management.base import CommandError

from reports.models import Commune, Report
from reports.periods import Period, PeriodError

_KINDS = {"xã": "xa", "phường": "phuong", "đặc khu": "dac_khu"}


def find_commune(name: str, city: str = "") -> Commune:
    """ "Nam Thanh Miện" or "xã Nam Thanh Miện" (and ``city`` when two cities share a name)."""
    text = " ".join(name.split())
    communes = Commune.objects.select_related("city")
    for label, kind in _KINDS.items():
        if text.lower().startswith(label + " "):
            communes = communes.filter(kind=kind)
            text = text[len(label) + 1 :]
            break
    communes = communes.filter(name__iexact=text)
    if city:
        communes = communes.filter(city__name__iexact=city.strip())
    found = list(communes[:2])
    if not found:
        raise CommandError(f"Không tìm thấy xã, phường «{name}».")
    if len(found) > 1:
        raise CommandError(f"Có nhiều đơn vị tên «{name}»: thêm --city để chỉ rõ thành phố.")
    return found[0]


def parse_period(text: str) -> Period:
    try:
        return Period.parse(text)
    except PeriodError as error:
        raise CommandError(str(error)) from None


def find_report(commune: Commune, period: Period) -> Report | None:
    return Report.objects.filter(commune=commune, year=period.year, period_kind=period.kind).first()
