"""The city-wide Phụ lục III for one period (page and XLSX) and the trend charts."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from reports.access import chooses_city, city_for_user, get_commune_for_user
from reports.city.filters import period_form
from reports.city.grid import period_run
from reports.city.periods import period_options
from reports.city.rollup import city_rollup
from reports.city.trends import city_trend, commune_trend, legend, svg_chart
from reports.models import PreparedFile
from reports.tasks import file_state, request_file
from reports.views.city import city_context
from reports.views.files import preparing_page

TREND_PERIODS = 8


def _period_form(request, city, **kwargs):
    admin_city = city if chooses_city(request.user) else None
    return period_form(request.GET, options=period_options(city), city=admin_city, **kwargs)


@login_required
def city_rollup_page(request):
    city = city_for_user(request.user, request.GET.get("tp"))
    form = _period_form(request, city)
    period = form.period
    return render(
        request,
        "reports/city/rollup.html",
        city_context(request, city, form=form, period=period, rollup=city_rollup(city, period)),
    )


@login_required
def city_rollup_xlsx(request):
    """The roll-up's workbook, written by a task (reports.tasks) while the page waits for it;
    a period the page cannot offer goes back to the roll-up page, which says why."""
    city = city_for_user(request.user, request.GET.get("tp"))
    form = _period_form(request, city)
    if form.errors:
        return redirect(reverse("city_rollup") + "?" + request.GET.urlencode())
    period = form.period
    prepared = file_state(
        request_file(request.user, PreparedFile.Kind.CITY_XLSX, city=city, period=period)
    )
    back = reverse("city_rollup") + "?" + urlencode({"ky": str(period), "tp": city.pk})
    return preparing_page(request, prepared, back_url=back, back_label="Quay lại trang tổng hợp")


def _trend_page(request, trend, *, city, form, commune=None):
    return render(
        request,
        "reports/city/trends.html",
        city_context(
            request,
            city,
            commune=commune,
            form=form,
            focus=form.period,
            trend=trend,
            chart=svg_chart(trend),
            legend=legend(trend),
        ),
    )


@login_required
def city_trends(request):
    city = city_for_user(request.user, request.GET.get("tp"))
    form = _period_form(request, city, label="Đến kỳ")
    trend = city_trend(city, period_run(form.period, TREND_PERIODS))
    return _trend_page(request, trend, city=city, form=form)


@login_required
def commune_trends(request, pk):
    commune = get_commune_for_user(request.user, pk)
    form = _period_form(request, commune.city, label="Đến kỳ")
    trend = commune_trend(commune, period_run(form.period, TREND_PERIODS))
    return _trend_page(request, trend, city=commune.city, form=form, commune=commune)
