"""The city-wide Phụ lục III for one period (page and XLSX) and the trend charts."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from reports.access import city_for_user, get_commune_for_user
from reports.city.grid import period_run
from reports.city.rollup import city_rollup
from reports.city.trends import city_trend, commune_trend, legend, svg_chart
from reports.models import PreparedFile
from reports.tasks import file_state, request_file
from reports.views.city import city_context, focus_period
from reports.views.files import preparing_page

TREND_PERIODS = 8


@login_required
def city_rollup_page(request):
    city = city_for_user(request.user, request.GET.get("tp"))
    period = focus_period(request, city)
    return render(
        request,
        "reports/city/rollup.html",
        city_context(request, city, period=period, rollup=city_rollup(city, period)),
    )


@login_required
def city_rollup_xlsx(request):
    """The workbook is written by a task (reports.tasks); the page waits for it."""
    city = city_for_user(request.user, request.GET.get("tp"))
    period = focus_period(request, city)
    prepared = file_state(
        request_file(request.user, PreparedFile.Kind.CITY_XLSX, city=city, period=period)
    )
    back = reverse("city_rollup") + "?" + urlencode({"ky": str(period), "tp": city.pk})
    return preparing_page(request, prepared, back_url=back, back_label="Quay lại trang tổng hợp")


def _trend_page(request, trend, *, city, commune=None, focus):
    return render(
        request,
        "reports/city/trends.html",
        city_context(
            request,
            city,
            commune=commune,
            focus=focus,
            trend=trend,
            chart=svg_chart(trend),
            legend=legend(trend),
        ),
    )


@login_required
def city_trends(request):
    city = city_for_user(request.user, request.GET.get("tp"))
    focus = focus_period(request, city)
    trend = city_trend(city, period_run(focus, TREND_PERIODS))
    return _trend_page(request, trend, city=city, focus=focus)


@login_required
def commune_trends(request, pk):
    commune = get_commune_for_user(request.user, pk)
    focus = focus_period(request, commune.city)
    trend = commune_trend(commune, period_run(focus, TREND_PERIODS))
    return _trend_page(request, trend, city=commune.city, commune=commune, focus=focus)
