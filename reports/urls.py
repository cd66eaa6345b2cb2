"""URLs of the reports app. Each area of the app keeps its own views module."""

from django.urls import path

from reports.views import home, workflow

urlpatterns = [
    path("", home.home, name="home"),
    # Workflow and history (helper B)
    path("bao-cao/<int:pk>/lich-su/", workflow.report_history, name="report_history"),
    path("bao-cao/<int:pk>/gui-duyet/", workflow.report_submit, name="report_submit"),
    path("bao-cao/<int:pk>/tra-lai/", workflow.report_return, name="report_return"),
    path("bao-cao/<int:pk>/phe-duyet/", workflow.report_approve, name="report_approve"),
    path("bao-cao/<int:pk>/mo-lai/", workflow.report_reopen, name="report_reopen"),
    path("bao-cao/<int:pk>/ban-hanh/", workflow.report_issue, name="report_issue"),
]
