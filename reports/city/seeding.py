"""Filling a database with synthetic communes and reports (``manage.py seed_synthetic``).

Rows are written with ``bulk_create`` in chunks of communes, so memory stays flat and the
whole country (3,321 communes × 8 periods, with eight figure sets each) loads in minutes.
Running it again adds only what is missing: communes are matched by name, reports by commune
and period.
"""

import random
from datetime import timedelta

from django.db import transaction

from reports import catalogue
from reports.models import FIGURE_MODELS, City, Commune, Report, Status

from .deadlines import DEFAULT
from .synthetic import commune_base, commune_names, synthetic_values

# (status, weight): most older reports are issued; the latest period is still in progress.
OLD_STATUSES = ((Status.ISSUED, 88), (Status.APPROVED, 6), (Status.SUBMITTED, 3),
                (Status.RETURNED, 1), (Status.DRAFT, 1), (None, 1))  # fmt: skip
LATEST_STATUSES = ((Status.ISSUED, 45), (Status.APPROVED, 15), (Status.SUBMITTED, 12),
                   (Status.RETURNED, 5), (Status.DRAFT, 13), (None, 10))  # fmt: skip


def _pick(rng, weighted):
    return rng.choices([s for s, _ in weighted], [w for _, w in weighted])[0]


def ensure_communes(city: City, count: int) -> list[Commune]:
    names = commune_names(count)
    existing = {c.name: c for c in Commune.objects.filter(city=city, name__in=names)}
    rng = random.Random(count)
    missing = []
    for i, name in enumerate(names):
        if name not in existing:
            kind = rng.choices(Commune.Kind.values, [75, 24, 1])[0]
            missing.append(Commune(city=city, name=name, kind=kind, code=f"{i + 1:05d}"))
    Commune.objects.bulk_create(missing, batch_size=1000)
    by_name = {c.name: c for c in Commune.objects.filter(city=city, name__in=names)}
    return [by_name[name] for name in names]


def _timestamps(rng, report: Report, due_end):
    """Plausible times: about one report in six is sent after the deadline."""
    if report.status == Status.DRAFT:
        return
    sent = due_end - timedelta(hours=rng.uniform(-24 * 3, 24 * 14))
    report.first_submitted_at = report.submitted_at = sent - timedelta(days=rng.uniform(1, 4))
    if report.status in (Status.APPROVED, Status.ISSUED):
        report.approved_at = sent - timedelta(hours=rng.uniform(2, 20))
    if report.status == Status.ISSUED:
        report.issued_at = sent
        report.issued_on = sent.date()
        report.issued_year = report.issued_on.year
        rng.randint(1, 400)  # the draw of the former random number keeps the figures the same
        # Unique per commune and year of issue (a database constraint): one per period.
        report.number = (
            (report.year % 100) * 10 + "Q1 Q2 Q3 Q4 H1 Y".split().index(report.period_kind) + 1
        )
    if report.status == Status.SUBMITTED:
        report.first_submitted_at = report.submitted_at = sent


def seed(city: City, communes: list[Commune], periods: list, *, seed: int = 2026, chunk=400):
    """Create the missing reports of ``communes`` for ``periods`` with their figure sets.
    Returns the number of reports created."""
    latest = max(periods)
    existing = set(
        Report.objects.filter(commune__in=communes).values_list("commune_id", "year", "period_kind")
    )
    fields = {
        key: [(row.ref, row.field) for row in catalogue.SECTION_BY_KEY[key].input_rows]
        for key in FIGURE_MODELS
    }
    created = 0
    for start in range(0, len(communes), chunk):
        with transaction.atomic():
            created += _seed_chunk(
                communes[start : start + chunk], periods, latest, existing, fields, seed
            )
    return created


def _seed_chunk(communes, periods, latest, existing, fields, seed) -> int:
    reports, values = [], []
    for commune in communes:
        base_rng = random.Random(f"{seed}-{commune.name}")
        base = commune_base(base_rng)
        for period in periods:
            if (commune.pk, period.year, period.kind) in existing:
                continue
            rng = random.Random(f"{seed}-{commune.name}-{period}")
            status = _pick(rng, LATEST_STATUSES if period == latest else OLD_STATUSES)
            if status is None:
                continue  # not created yet
            report = Report(
                commune=commune, year=period.year, period_kind=period.kind, status=status
            )
            _timestamps(rng, report, DEFAULT.due_end(period))
            reports.append(report)
            values.append(synthetic_values(rng, base, period))
    Report.objects.bulk_create(reports, batch_size=1000)
    for key, model in FIGURE_MODELS.items():
        sets = [
            model(report_id=report.pk, **{field: v[ref] for ref, field in fields[key]})
            for report, v in zip(reports, values, strict=True)
        ]
        model.objects.bulk_create(sets, batch_size=1000)
    return len(reports)
