"""The city-wide Phụ lục III for one period (page and XLSX) and the trend charts."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from reports.access import city_for_user, get_commune_for_user
from reports.city.grid import period_run
from reports.city.rollup import city_rollup
from reports.city.trends import city_trend, commune_trend, legend, svg_chart
from reports.city.xlsx import city_workbook
from reports.views.city import city_context, focus_period

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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
    city = city_for_user(request.user, request.GET.get("tp"))
    period = focus_period(request, city)
    response = HttpResponse(city_workbook(city_rollup(city, period)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="phu-luc-III-{city.pk}-{period}.xlsx"'
    return response


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
