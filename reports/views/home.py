"""The landing page: the reports the user may read, newest period first."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from reports.access import reports_for_user


@login_required
def home(request):
    reports = reports_for_user(request.user).order_by("-year", "-period_kind", "commune__name")
    return render(request, "reports/home.html", {"reports": reports})
