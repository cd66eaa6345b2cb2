"""The city-wide Phụ lục III for one period: the seven Biểu mẫu summed over the communes whose
reports are approved or issued.

Counts and money are summed by the database (one aggregate query over the report and its eight
figure sets); a ratio is recomputed from the summed numerator and denominator with
``reports.numbers.ratio``, never averaged over communes. A yes/no row sums to the number of
communes answering "Có"; a code row (the survey method) has no meaningful sum and stays blank.
"""

from dataclasses import dataclass

from django.db.models import Count, Sum

from reports import catalogue
from reports.catalogue import Kind
from reports.models import FIGURE_MODELS, City, Commune, Report, Status
from reports.numbers import format_number, format_value, ratio
from reports.periods import Period

COUNTED_STATUSES = (Status.APPROVED, Status.ISSUED)
SUMMED_KINDS = (Kind.COUNT, Kind.MONEY, Kind.YESNO)


def summed_rows() -> list[catalogue.Row]:
    return [r for s in catalogue.SECTIONS for r in s.input_rows if r.kind in SUMMED_KINDS]


def field_path(row: catalogue.Row) -> str:
    """ORM path from Report to the row's field: "steeringfigures__plan_tasks"."""
    return f"{FIGURE_MODELS[row.section].__name__.lower()}__{row.field}"


def counted_reports(city: City, period: Period):
    return Report.objects.filter(
        commune__city=city,
        year=period.year,
        period_kind=period.kind,
        status__in=COUNTED_STATUSES,
    )


_RATIOS = [
    (ref, row.numerator, row.denominator)
    for ref, row in catalogue.ROWS.items()
    if row.kind == Kind.RATIO
]


def with_ratios(values: dict[str, object]) -> dict[str, object]:
    """Add every ratio row's value, computed from the (summed) numerator and denominator."""
    out = dict(values)
    for ref, numerator, denominator in _RATIOS:
        out[ref] = ratio(values.get(numerator), values.get(denominator))
    return out


@dataclass
class Rollup:
    city: City
    period: Period
    covered: int  # communes whose approved or issued report is summed
    expected: int  # communes of the city
    values: dict[str, object]  # {ref: summed value or recomputed ratio}

    def sections(self):
        """[(section, [(row, text)])] for the seven Biểu mẫu, in the form's order."""
        return display_sections(self.values, total=True)


def city_rollup(city: City, period: Period) -> Rollup:
    """Two queries: the communes expected, and one aggregate over the counted reports."""
    rows = summed_rows()
    aggregates = {"covered": Count("id")}
    aggregates.update({f"v{i}": Sum(field_path(r)) for i, r in enumerate(rows)})
    data = counted_reports(city, period).aggregate(**aggregates)
    values = {r.ref: data[f"v{i}"] for i, r in enumerate(rows)}
    return Rollup(
        city=city,
        period=period,
        covered=data["covered"],
        expected=city.communes.count(),
        values=with_ratios(values),
    )


def commune_values(city: City, period: Period):
    """[(report id, commune name, {ref: value})] for each counted report, in the Vietnamese
    order of the communes' names (one query)."""
    rows = [r for s in catalogue.SECTIONS for r in s.input_rows]
    records = (
        counted_reports(city, period)
        .order_by("commune__sort_key", "commune_id")
        .values_list("id", "commune__kind", "commune__name", *(field_path(r) for r in rows))
    )
    kinds = {k: label.lower() for k, label in Commune.Kind.choices}
    refs = [r.ref for r in rows]
    return [
        (pk, f"{kinds[kind]} {name}", with_ratios(dict(zip(refs, values, strict=True))))
        for pk, kind, name, *values in records
    ]


def display(row: catalogue.Row, value, *, total: bool = False) -> str:
    """The value as printed on the city's pages: 5.650, 99,33%, "Có"; in the city's total
    column a yes/no is the count of units that said yes ("12 đơn vị có") and a code nothing."""
    if total and value is not None and row.kind == Kind.YESNO:
        return format_number(value) + " đơn vị có"
    if total and row.kind == Kind.CODE:
        return ""
    return format_value(row.kind, value, choices=row.choices)


def display_sections(values: dict[str, object], *, total: bool = False):
    """[(section, [(row, text)])] for the seven Biểu mẫu."""
    return [
        (s, [(r, display(r, values.get(r.ref), total=total)) for r in s.rows])
        for s in catalogue.FORMS
    ]
