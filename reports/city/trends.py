"""Key ratios across periods, for one commune or for the whole city, and their chart.

The city's ratios come from the summed numerators and denominators of the approved and issued
reports of each period (one grouped query), like the roll-up; a commune's from its own reports
(one query). The chart is inline SVG drawn here: no script, no CDN.
"""

from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.db.models import Count, Sum
from django.utils.safestring import mark_safe

from reports import catalogue
from reports.models import City, Commune, Report, Status
from reports.numbers import format_percent, ratio
from reports.periods import ROMAN, Period

from .deadlines import SENT_AT, deadline_of, deadlines_for, on_time_q
from .grid import period_q
from .rollup import COUNTED_STATUSES, field_path

KEY_RATIOS = (
    "b3.on_time_rate",
    "b7.full_online_apps_rate",
    "b7.partial_online_apps_rate",
    "b6.disbursement_rate",
    "b1.plan_completion_rate",
)
REPORTING_RATE = "reporting_rate"
SHORT_LABELS = {
    "b3.on_time_rate": "Hồ sơ TTHC giải quyết đúng hạn",
    "b7.full_online_apps_rate": "Hồ sơ trực tuyến toàn trình",
    "b7.partial_online_apps_rate": "Hồ sơ trực tuyến một phần",
    "b6.disbursement_rate": "Giải ngân vốn đầu tư công",
    "b1.plan_completion_rate": "Hoàn thành Kế hoạch CCHC",
    REPORTING_RATE: "Báo cáo ban hành đúng hạn",
}
COLOURS = ("#0d6efd", "#198754", "#20c997", "#fd7e14", "#6f42c1", "#dc3545")


@dataclass
class Series:
    key: str
    label: str
    values: list  # one Decimal|None per period


@dataclass
class Trend:
    periods: list[Period]
    series: list[Series]

    def table(self):
        return [(p, [s.values[i] for s in self.series]) for i, p in enumerate(self.periods)]


def _parts() -> list[catalogue.Row]:
    refs = []
    for key in KEY_RATIOS:
        row = catalogue.ROWS[key]
        refs += [row.numerator, row.denominator]
    return [catalogue.ROWS[r] for r in refs]


def _series(periods, sums_by_period) -> list[Series]:
    out = []
    for key in KEY_RATIOS:
        row = catalogue.ROWS[key]
        values = []
        for p in periods:
            sums = sums_by_period.get(p, {})
            values.append(ratio(sums.get(row.numerator), sums.get(row.denominator)))
        out.append(Series(key, SHORT_LABELS[key], values))
    return out


def city_trend(city: City, periods: list[Period]) -> Trend:
    parts = _parts()
    sums = (
        Report.objects.filter(period_q(periods), commune__city=city, status__in=COUNTED_STATUSES)
        .values("year", "period_kind")
        .annotate(**{f"v{i}": Sum(field_path(r)) for i, r in enumerate(parts)})
        .order_by()
    )
    by_period = {
        Period(s["year"], s["period_kind"]): {r.ref: s[f"v{i}"] for i, r in enumerate(parts)}
        for s in sums
    }
    series = _series(periods, by_period)
    series.append(Series(REPORTING_RATE, SHORT_LABELS[REPORTING_RATE], _reporting(city, periods)))
    return Trend(periods, series)


def _reporting(city: City, periods: list[Period]) -> list:
    """Reports issued on time / communes expected, per period (two queries)."""
    deadlines = deadlines_for(city)
    due_ends = {p: deadline_of(deadlines, p).due_end(p) for p in periods}
    expected = city.communes.count()
    counts = (
        Report.objects.filter(period_q(periods), commune__city=city, status=Status.ISSUED)
        .annotate(sent_at=SENT_AT)
        .values("year", "period_kind")
        .annotate(n=Count("id", filter=on_time_q(due_ends)))
        .order_by()
    )
    found = {Period(c["year"], c["period_kind"]): c["n"] for c in counts}
    return [ratio(found.get(p, 0), expected) for p in periods]


def commune_trend(commune: Commune, periods: list[Period]) -> Trend:
    """A commune's ratios from its own reports, whatever their state (its figures as entered)."""
    parts = _parts()
    records = (
        Report.objects.filter(period_q(periods), commune=commune)
        .values_list("year", "period_kind", *(field_path(r) for r in parts))
        .order_by()
    )
    by_period = {
        Period(year, kind): dict(zip((r.ref for r in parts), values, strict=True))
        for year, kind, *values in records
    }
    return Trend(periods, _series(periods, by_period))


def _short_label(period: Period) -> str:
    """ "Quý II/2026", "6 tháng/2026", "Năm 2026": fits under one point of the chart."""
    if period.quarter:
        return f"Quý {ROMAN[period.quarter]}/{period.year}"
    return f"6 tháng/{period.year}" if period.kind == "H1" else f"Năm {period.year}"


def svg_chart(trend: Trend, *, width: int = 760, height: int = 300) -> str:
    """A line chart of the trend's series on a 0–100% scale, as an inline SVG element."""
    left, right, top, bottom = 44, 16, 12, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(trend.periods)

    def x(i):
        return left + (plot_w * (i + 0.5) / n)

    def y(value):
        return top + plot_h * (1 - min(max(float(value), 0), 100) / 100)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="trend-chart" role="img" aria-label="Biểu đồ tỷ lệ theo kỳ báo cáo">'
    ]
    for tick in range(0, 101, 20):
        ty = y(tick)
        parts.append(
            f'<line x1="{left}" y1="{ty:.1f}" x2="{width - right}" y2="{ty:.1f}" '
            f'stroke="#dee2e6" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{ty + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="#6c757d">{tick}%</text>'
        )
    for i, p in enumerate(trend.periods):
        label = _short_label(p)
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - 12}" font-size="11" text-anchor="middle" '
            f'fill="#495057">{escape(label)}</text>'
        )
    for colour, series in zip(COLOURS, trend.series, strict=False):
        points = [(x(i), y(v), v) for i, v in enumerate(series.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _ in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
        for (px, py, v), p in zip(
            points,
            [p for p, v in zip(trend.periods, series.values, strict=True) if v is not None],
            strict=True,
        ):
            tip = escape(f"{series.label} – {p.label}: {format_percent(v)}")
            parts.append(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}">'
                f"<title>{tip}</title></circle>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - built from escaped labels and numbers


def legend(trend: Trend) -> list[tuple[str, str]]:
    return [(c, s.label) for c, s in zip(COLOURS, trend.series, strict=False)]
