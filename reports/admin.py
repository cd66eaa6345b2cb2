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
from reports.models.report import WORKFLOW_FIELDS


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


class FrozenAwareInline(admin.StackedInline):
    """A figure set inside the report's admin page: read-only once the report is approved
    (the models refuse the save anyway, see Report.refuse_if_frozen)."""

    extra = 0
    can_delete = False
    exclude = ["version"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_frozen)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (obj and obj.is_frozen)


def _figures_inline(model):
    return type(f"{model.__name__}Inline", (FrozenAwareInline,), {"model": model})


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["commune", "year", "period_kind", "status", "updated_at"]
    list_filter = ["status", "year", "period_kind", "commune__city"]
    search_fields = ["commune__name"]
    # Status, number and date move only through the workflow (reports.workflow).
    readonly_fields = [*WORKFLOW_FIELDS, "created_at"]
    inlines = [_figures_inline(model) for model in FIGURE_MODELS.values()]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_frozen)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_frozen)

    def get_actions(self, request):
        # Bulk delete would skip the per-report check above.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "report", "user", "action", "section", "field", "old_value", "new_value"]
    list_filter = ["action"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WarningExplanation)
class WarningExplanationAdmin(admin.ModelAdmin):
    list_display = ["report", "rule_code", "author", "updated_at"]

    def has_change_permission(self, request, obj=None):
        frozen = obj is not None and obj.report.is_frozen
        return super().has_change_permission(request, obj) and not frozen

    def has_delete_permission(self, request, obj=None):
        frozen = obj is not None and obj.report.is_frozen
        return super().has_delete_permission(request, obj) and not frozen


@admin.register(ReportSnapshot)
class ReportSnapshotAdmin(admin.ModelAdmin):
    """Snapshots are the record of what was submitted, approved and issued: read-only."""

    list_display = ["report", "reason", "created_by", "created_at"]
    list_filter = ["reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(SignedDocument)
