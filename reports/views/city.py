"""The city's pages: the completeness grid, one report read-only, and the deadline settings.

Only city reviewers (their own city) and administrators see them; a commune user gets 403
(``access.city_for_user``), and 404 for an object outside their commune.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from reports.access import chooses_city, city_for_user, get_report_for_city
from reports.city.deadlines import (
    SENT_AT,
    TIMELINESS_LABELS,
    deadline_of,
    deadlines_for,
    timeliness,
)
from reports.city.explanations import report_warnings
from reports.city.filters import GridFilterForm
from reports.city.forms import DeadlineForm
from reports.city.grid import build_grid
from reports.city.periods import period_options
from reports.city.rollup import display_sections, with_ratios
from reports.models import City, PeriodType, Report, ReportingDeadline
from reports.periods import Period
from reports.services import report_values, with_figures
from reports.signing.services import signed_copies


def city_context(request, city, **extra) -> dict:
    """What every city page's template needs: the city, and whether to carry ``?tp=``."""
    return {"city": city, "is_admin": chooses_city(request.user), **extra}


@login_required
def city_grid(request):
    """Communes × periods: who has reported, on time or late."""
    city = city_for_user(request.user, request.GET.get("tp"))
    is_admin = chooses_city(request.user)
    form = GridFilterForm(
        request.GET,
        options=period_options(city),
        city=city if is_admin else None,
        cities=City.objects.all() if is_admin else (),
    )
    values = form.values()
    grid = build_grid(
        city,
        values["ky"],
        count=values["so_ky"],
        state=values["trang_thai"],
        late_only=values["tre"],
        search=values["q"],
        sort=values["sap_xep"],
        page_number=request.GET.get("trang", 1),
    )
    query = form.data.copy()
    query.pop("trang", None)
    return render(
        request,
        "reports/city/grid.html",
        city_context(
            request, city, grid=grid, focus=values["ky"], form=form, query=query.urlencode()
        ),
    )


@login_required
def city_report(request, pk):
    """One commune's report, read-only, as the city sees it: state, timeliness, the current
    signed copy and its verification, the warnings with the commune's explanations, and the
    seven Biểu mẫu with their ratios. Outside the
    user's scope: 404; a commune user: 403."""
    report = get_report_for_city(
        request.user, pk, queryset=with_figures(Report.objects).annotate(sent_at=SENT_AT)
    )
    city = report.commune.city
    deadline = deadline_of(deadlines_for(city), report.period)
    values = with_ratios(report_values(report))
    state = timeliness(report.sent_at, deadline.due_end(report.period))
    return render(
        request,
        "reports/city/report.html",
        {
            "report": report,
            "city": city,
            "due": deadline.due(report.period),
            "timeliness": TIMELINESS_LABELS[state],
            "warnings": report_warnings(report, values),
            "sections": display_sections(values),
            "signed": signed_copies(report)[0],
        },
    )


@login_required
def city_deadlines(request):
    """The city's cut-off and sending deadline per period type (defaults until saved)."""
    city = city_for_user(request.user, request.GET.get("tp") or request.POST.get("tp"))
    existing = {d.period_type: d for d in ReportingDeadline.objects.filter(city=city)}
    instances = {
        t: existing.get(t) or ReportingDeadline(city=city, period_type=t) for t in PeriodType.values
    }
    data = request.POST if request.method == "POST" else None
    forms_by_type = {
        t: DeadlineForm(data, instance=instances[t], prefix=t) for t in PeriodType.values
    }
    if request.method == "POST" and all(f.is_valid() for f in forms_by_type.values()):
        for form in forms_by_type.values():
            form.save()
        messages.success(request, "Đã lưu hạn gửi báo cáo.")
        return redirect(request.get_full_path())
    example = Period(timezone.localdate().year, "Q2")
    deadlines = deadlines_for(city)
    examples = [
        (p.label, deadline_of(deadlines, p).cutoff(p), deadline_of(deadlines, p).due(p))
        for p in (example, Period(example.year, "H1"), Period(example.year, "Y"))
    ]
    return render(
        request,
        "reports/city/deadlines.html",
        city_context(request, city, forms=forms_by_type.values(), examples=examples),
    )
