"""Admin, in Vietnamese, for communes, reports and their seven Biểu mẫu."""

from django.contrib import admin

from reports.city.admin import CommuneCsvAdminMixin, load_communes_action
from reports.models import (
    FIGURE_MODELS,
    AuditEntry,
    City,
    Commune,
    Profile,
    Report,
    ReportSnapshot,
    SignedDocument,
    WarningExplanation,
)


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    actions = [load_communes_action]


@admin.register(Commune)
class CommuneAdmin(CommuneCsvAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "city", "code"]
    list_filter = ["city", "kind"]
    search_fields = ["name", "code"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["full_name", "user", "role", "commune", "city", "position"]
    list_filter = ["role", "city"]
    search_fields = ["full_name", "user__username", "commune__name"]
    autocomplete_fields = ["commune"]


def _figures_inline(model):
    return type(
        f"{model.__name__}Inline",
        (admin.StackedInline,),
        {"model": model, "extra": 0, "can_delete": False, "exclude": ["version"]},
    )


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["commune", "year", "period_kind", "status", "updated_at"]
    list_filter = ["status", "year", "period_kind", "commune__city"]
    search_fields = ["commune__name"]
    readonly_fields = [
        "prepared_by",
        "submitted_at",
        "first_submitted_at",
        "approved_by",
        "approved_at",
        "issued_by",
        "issued_at",
        "created_at",
        "updated_at",
    ]
    inlines = [_figures_inline(model) for model in FIGURE_MODELS.values()]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "report", "user", "action", "section", "field", "old_value", "new_value"]
    list_filter = ["action"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(WarningExplanation)
admin.site.register(ReportSnapshot)
admin.site.register(SignedDocument)
