"""The city reviewer's home page: the communes of the city, each with its latest report, the
count of communes per state of that report, paged and searchable.

Everything is aggregated in SQL in a fixed number of queries, whatever the number of communes
and reports: each commune's latest report is a correlated subquery (the unique index on
commune, year and period serves it), the counts are one grouped query over those reports, and
only the page's communes and reports are built as objects.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, IntegerField, OuterRef, Subquery, Value, When

from reports.access import city_for_user, reports_for_user
from reports.models import City, Commune, Report, Status
from reports.periods import ORDER

from .names import search_key

PAGE_SIZE = 50
NO_REPORT = "none"
PERIOD_RANK = Case(
    *(When(period_kind=kind, then=Value(rank)) for rank, kind in enumerate(ORDER)),
    default=Value(-1),
    output_field=IntegerField(),
)


@dataclass
class ReviewerHome:
    city: City
    communes: int  # of the city, whatever the search
    counts: list[tuple[str, str, int]]  # (state, label, communes whose latest report is in it)
    page: Page
    rows: list[tuple[Commune, Report | None]]


def reviewer_home(user, *, search: str = "", page_number=1) -> ReviewerHome:
    city = city_for_user(user)
    latest = (
        reports_for_user(user)
        .filter(commune_id=OuterRef("pk"))
        .order_by("-year", PERIOD_RANK.desc(), "-pk")
    )
    communes = Commune.objects.filter(city_id=city.pk)
    # Grouped by the latest report's state (None: no report); the subquery runs once per commune.
    by_status = dict(
        communes.annotate(state=Subquery(latest.values("status")[:1]))
        .values_list("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    total = sum(by_status.values())
    without = by_status.pop(None, 0)
    counts = [(s.value, s.label, by_status[s.value]) for s in Status if by_status.get(s.value)]
    if without:
        counts.insert(0, (NO_REPORT, "Chưa có báo cáo", without))

    key = search_key(search)
    listed = communes.filter(search_key__contains=key) if key else communes
    listed = listed.annotate(latest_id=Subquery(latest.values("pk")[:1]))
    page = Paginator(listed.order_by("sort_key", "pk"), PAGE_SIZE).get_page(page_number)
    ids = [c.latest_id for c in page.object_list if c.latest_id]
    reports = {
        r.pk: r
        for r in Report.objects.filter(pk__in=ids).only(
            "commune_id", "year", "period_kind", "status", "number", "updated_at"
        )
    }
    rows = [(c, reports.get(c.latest_id)) for c in page.object_list]
    return ReviewerHome(city, total, counts, page, rows)
