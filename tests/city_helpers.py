"""Building communes and reports in a given state for the city tests."""

from datetime import datetime
from zoneinfo import ZoneInfo

from reports.models import Commune, Report, Status
from reports.periods import Period
from reports.services import figure_sets, report_create

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def local(*args) -> datetime:
    return datetime(*args, tzinfo=VN)


def make_commune(city, name, kind=Commune.Kind.COMMUNE) -> Commune:
    return Commune.objects.create(city=city, name=name, kind=kind)


def make_report(commune, period, status, *, sent=None, values=None) -> Report:
    """A report of ``commune`` in ``status``, sent at ``sent`` (issued_at when issued, else
    first_submitted_at), with the figures ``values`` {ref: value}."""
    report = report_create(commune=commune, period=Period.parse(period))
    if values:
        for key, figures in figure_sets(report).items():
            for ref, value in values.items():
                section, field = ref.split(".")
                if section == key:
                    setattr(figures, field, value)
            figures.save()
    fields = {"status": status}
    if sent is not None and status != Status.DRAFT:
        fields["first_submitted_at"] = sent
        if status == Status.ISSUED:
            fields["issued_at"] = sent
    Report.objects.filter(pk=report.pk).update(**fields)
    report.refresh_from_db()
    return report
