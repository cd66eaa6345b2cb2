"""Creating reports and reading their figures: the functions every view and command shares."""

from django.db import transaction

from reports import catalogue
from reports.models import FIGURE_MODELS, AuditEntry, Commune, Report
from reports.periods import Period

# Narrative texts a new period starts from: the basis and recipients rarely change.
CARRIED_TEXTS = ("basis", "recipients")


def figure_sets(report: Report) -> dict[str, object]:
    """{section key: FigureSet} for the report's eight figure sets (one query when prefetched
    with ``with_figures``)."""
    return {key: getattr(report, model.__name__.lower()) for key, model in FIGURE_MODELS.items()}


def with_figures(queryset):
    """Select the eight figure sets with the report, in the same query."""
    return queryset.select_related(
        "commune__city", *(model.__name__.lower() for model in FIGURE_MODELS.values())
    )


def report_values(report: Report) -> dict[str, object]:
    """{ref: value} for every input row of every section of the report."""
    values: dict[str, object] = {}
    for figures in figure_sets(report).values():
        values.update(figures.values())
    return values


def previous_report(commune: Commune, period: Period) -> Report | None:
    """The latest earlier report of the commune, of the same period type if there is one."""
    earlier = Report.objects.filter(commune=commune).exclude(year__gt=period.year)
    same_kind = [r for r in earlier.filter(period_kind__in=_same_kind(period)) if r.period < period]
    candidates = same_kind or [r for r in earlier if r.period < period]
    return max(candidates, key=lambda r: r.period, default=None)


def _same_kind(period: Period) -> list[str]:
    return ["Q1", "Q2", "Q3", "Q4"] if period.quarter else [period.kind]


@transaction.atomic
def report_create(*, commune: Commune, period: Period, user=None) -> Report:
    """Create the period's report with its eight figure sets. Figures that carry over (the
    TTHC catalogue, biên chế được giao, the ĐVSN counts, …) and the basis and recipients are
    copied from the previous report; the period's flows start blank."""
    source = previous_report(commune, period)
    report = Report.objects.create(
        commune=commune, year=period.year, period_kind=period.kind, prepared_by=user
    )
    if source is not None:
        for name in CARRIED_TEXTS:
            setattr(report, name, getattr(source, name))
        report.save(update_fields=list(CARRIED_TEXTS))
        source_sets = figure_sets(source)
    for key, model in FIGURE_MODELS.items():
        figures = model(report=report, updated_by=user)
        if source is not None:
            for row in catalogue.SECTION_BY_KEY[key].input_rows:
                if row.carries_over:
                    setattr(figures, row.field, getattr(source_sets[key], row.field))
        figures.save()
    AuditEntry.objects.create(
        report=report,
        user=user,
        action=AuditEntry.Action.CREATE,
        comment=f"Sao chép số liệu chuyển kỳ từ {source}" if source else "",
    )
    return report
