"""The completeness grid: the city's communes × a run of periods, each cell the state of the
commune's report and whether it came on time, with per-period counts and the reporting rate.

Everything is computed in SQL with a fixed number of queries whatever the number of communes:
the communes are filtered (by ``Commune.search_key``), sorted (by ``Commune.sort_key``, the
Vietnamese order) and paginated in the database (the focus period's state and sending time are
a LEFT JOIN), the page's reports come in one query and the per-period counts in
one grouped query.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.utils import timezone

from reports.models import City, Report, SignedDocument, Status
from reports.numbers import ratio
from reports.periods import Period

from .deadlines import (
    LATE,
    OVERDUE,
    SENT_AT,
    TIMELINESS_LABELS,
    deadline_of,
    deadlines_for,
    on_time_q,
    sent_at_expression,
    timeliness,
)
from .names import search_key

NOT_CREATED = "none"  # no report yet: "chưa lập"
STATE_LABELS = {NOT_CREATED: "Chưa lập", **dict(Status.choices)}
STATE_ORDER = [NOT_CREATED, *Status.values]
SORTS = {
    "ten": "Tên xã (A–Z)",
    "-ten": "Tên xã (Z–A)",
    "trang-thai": "Trạng thái",
    "gui": "Thời điểm gửi (sớm trước)",
    "-gui": "Thời điểm gửi (muộn trước)",
}
PAGE_SIZE = 100


@dataclass
class Cell:
    report_id: int | None
    state: str
    sent_at: datetime | None
    timeliness: str
    signed: bool = False  # its current signed copy is verified (reports.signing)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def timeliness_label(self) -> str:
        return TIMELINESS_LABELS[self.timeliness]

    @property
    def is_late(self) -> bool:
        return self.timeliness in (LATE, OVERDUE)


@dataclass
class PeriodSummary:
    period: Period
    due: object  # date
    expected: int
    by_state: dict[str, int] = field(default_factory=dict)
    on_time: int = 0
    late: int = 0
    issued_on_time: int = 0

    @property
    def reporting_rate(self):
        """Reports issued on time / communes expected, in percent."""
        return ratio(self.issued_on_time, self.expected)

    @property
    def states(self) -> list[tuple[str, str, int]]:
        return [(s, STATE_LABELS[s], self.by_state.get(s, 0)) for s in STATE_ORDER]


@dataclass
class Grid:
    city: City
    periods: list[Period]
    focus: Period
    summaries: list[PeriodSummary]
    page: object  # django Page of communes
    rows: list[tuple[object, list[Cell]]]


def period_run(focus: Period, count: int) -> list[Period]:
    """``count`` periods of the focus's type, oldest first, ending with the focus."""
    periods = [focus]
    while len(periods) < count:
        periods.insert(0, periods[0].previous())
    return periods


def period_q(periods) -> Q:
    """Q for reports of any of these periods (on Report)."""
    q = Q(pk__in=[])
    for p in periods:
        q |= Q(year=p.year, period_kind=p.kind)
    return q


def build_grid(
    city: City,
    focus: Period,
    *,
    count: int = 4,
    state: str = "",
    late_only: bool = False,
    search: str = "",
    sort: str = "ten",
    page_number=1,
    page_size: int = PAGE_SIZE,
    now: datetime | None = None,
) -> Grid:
    now = now or timezone.now()
    periods = period_run(focus, count)
    deadlines = deadlines_for(city)
    due_ends = {p: deadline_of(deadlines, p).due_end(p) for p in periods}

    communes = city.communes.all()
    if search_key(search):
        communes = communes.filter(search_key__contains=search_key(search))
    # The focus period's report, if any, as one LEFT JOIN (the pair is unique).
    communes = communes.annotate(
        focus=FilteredRelation(
            "reports", condition=Q(reports__year=focus.year, reports__period_kind=focus.kind)
        )
    ).annotate(focus_status=F("focus__status"), focus_sent=sent_at_expression("focus__"))
    if state == NOT_CREATED:
        communes = communes.filter(focus_status__isnull=True)
    elif state in Status.values:
        communes = communes.filter(focus_status=state)
    if late_only:
        due_end = due_ends[focus]
        if now >= due_end:
            communes = communes.filter(Q(focus_sent__isnull=True) | Q(focus_sent__gte=due_end))
        else:
            communes = communes.filter(focus_sent__gte=due_end)
    communes = communes.order_by(*_ordering(sort))

    page = Paginator(communes, page_size).get_page(page_number)
    ids = [c.pk for c in page.object_list]
    cells = {}
    verified = SignedDocument.objects.filter(
        report=OuterRef("pk"), is_current=True, verdict=SignedDocument.Verdict.VERIFIED
    )
    reports = (
        Report.objects.filter(period_q(periods), commune_id__in=ids)
        .annotate(sent_at=SENT_AT, signed=Exists(verified))
        .values_list("id", "commune_id", "year", "period_kind", "status", "sent_at", "signed")
        .order_by()
    )
    for pk, commune_id, year, kind, status, sent_at, signed in reports:
        cells[commune_id, Period(year, kind)] = (pk, status, sent_at, signed)
    rows = []
    for commune in page.object_list:
        row = []
        for p in periods:
            pk, status, sent_at, signed = cells.get(
                (commune.pk, p), (None, NOT_CREATED, None, False)
            )
            row.append(Cell(pk, status, sent_at, timeliness(sent_at, due_ends[p], now), signed))
        rows.append((commune, row))

    return Grid(
        city, periods, focus, _summaries(city, periods, deadlines, due_ends, now), page, rows
    )


def _ordering(sort: str) -> list:
    """Names in Vietnamese order (``Commune.sort_key``); ties and the other sorts by name."""
    if sort == "-ten":
        return ["-sort_key", "-pk"]
    if sort == "trang-thai":
        rank = Case(
            *(When(focus_status=s, then=Value(i)) for i, s in enumerate(Status.values, 1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        return [rank, "sort_key", "pk"]
    if sort == "gui":
        return [F("focus_sent").asc(nulls_last=True), "sort_key", "pk"]
    if sort == "-gui":
        return [F("focus_sent").desc(nulls_last=True), "sort_key", "pk"]
    return ["sort_key", "pk"]


def _summaries(city, periods, deadlines, due_ends, now) -> list[PeriodSummary]:
    """Counts per period and state in one grouped query over the whole city (not the page)."""
    expected = city.communes.count()
    summaries = {p: PeriodSummary(p, deadline_of(deadlines, p).due(p), expected) for p in periods}
    on_time = on_time_q(due_ends)
    rows = (
        Report.objects.filter(period_q(periods), commune__city=city)
        .annotate(sent_at=SENT_AT)
        .values("year", "period_kind", "status")
        .annotate(n=Count("id"), on_time=Count("id", filter=on_time))
        .order_by()
    )
    for row in rows:
        s = summaries[Period(row["year"], row["period_kind"])]
        s.by_state[row["status"]] = row["n"]
        s.on_time += row["on_time"]
        if row["status"] == Status.ISSUED:
            s.issued_on_time += row["on_time"]
    for p, s in summaries.items():
        created = sum(s.by_state.values())
        s.by_state[NOT_CREATED] = expected - created
        # Late: everything not on time once the deadline has passed (missing reports too);
        # before it, only what was sent after it (nothing, in practice).
        s.late = expected - s.on_time if now >= due_ends[p] else 0
    return list(summaries.values())
