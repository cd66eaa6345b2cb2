"""Admin for the city's settings: the deadlines, and loading communes and accounts from CSV.

``reports.admin`` mixes ``CommuneCsvAdminMixin`` into the commune admin (a "Nạp từ CSV" button
and page) and adds ``load_communes_action`` to the city admin.
"""

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from reports.models import ReportingDeadline

from .csvload import COLUMNS, load_communes

MAX_CSV_BYTES = 2 * 1024 * 1024


@admin.register(ReportingDeadline)
class ReportingDeadlineAdmin(admin.ModelAdmin):
    list_display = ["city", "period_type", "cutoff_day", "deadline_day", "deadline_month"]
    list_filter = ["city", "period_type"]


class CsvUploadForm(forms.Form):
    """Rendered with crispy like the application's forms; the page writes its <form>."""

    file = forms.FileField(
        label="Tệp CSV",
        error_messages={"required": "Chọn tệp CSV để nạp.", "empty": "Tệp CSV đang trống."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError("Tệp quá lớn (tối đa 2 MB).", code="too_big")
        return upload


class CommuneCsvAdminMixin:
    change_list_template = "admin/reports/commune/change_list.html"

    def get_urls(self):
        extra = [
            path(
                "nap-csv/",
                self.admin_site.admin_view(self.load_csv_view),
                name="reports_commune_load_csv",
            )
        ]
        return extra + super().get_urls()

    def load_csv_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = CsvUploadForm(request.POST or None, request.FILES or None)
        result = None
        if request.method == "POST" and form.is_valid():
            result = load_communes(form.cleaned_data["file"].read())
            if result.errors:
                messages.error(request, "Không nạp được tệp, chưa lưu gì. Sửa các dòng dưới đây.")
            else:
                messages.success(request, result.summary)
        context = {
            **self.admin_site.each_context(request),
            "title": "Nạp xã, phường và tài khoản từ tệp CSV",
            "opts": self.model._meta,
            "form": form,
            "result": result,
            "columns": COLUMNS,
        }
        return TemplateResponse(request, "admin/reports/commune/load_csv.html", context)


@admin.action(description="Nạp xã, phường và tài khoản từ tệp CSV")
def load_communes_action(modeladmin, request, queryset):
    return redirect(reverse("admin:reports_commune_load_csv"))
