"""Admin, in Vietnamese: communes, people and profiles are managed here; reports, their
figures, explanations, audit trail, snapshots and signed documents are only read."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from reports.city.admin import CommuneCsvAdminMixin, load_communes_action
from reports.city.names import search_key
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
from reports.rules import rule_title


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    actions = [load_communes_action]


class FoldedSearch:
    """Search on the communes' stored search keys (``Commune.search_key``: no diacritics,
    lower case), the term folded the same way: "thanh mien" and "Thanh Miện" both find Nam
    Thanh Miện, as the city's pages do. Lists are in the models' Vietnamese order."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, search_key(search_term))


@admin.register(Commune)
class CommuneAdmin(FoldedSearch, CommuneCsvAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "city", "code"]
    list_filter = ["city", "kind"]
    search_fields = ["search_key", "code"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["full_name", "user", "role", "commune", "city", "position"]
    list_filter = ["role", "city"]
    search_fields = ["full_name", "user__username", "commune__name"]
    autocomplete_fields = ["commune"]


class ReadOnly:
    """Records the administrator may read but never add, change or delete: the audit trail,
    the snapshots of what was submitted, approved and issued, the signed documents, and the
    reports' content. Each is written by one service of the application (with its checks and
    its audit row); a second, privileged path through the admin would forge them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    pass


class ReadOnlyInline(ReadOnly, admin.StackedInline):
    extra = 0
    can_delete = False
    exclude = ["version"]


def _figures_inline(model):
    return type(f"{model.__name__}Inline", (ReadOnlyInline,), {"model": model})


@admin.register(Report)
class ReportAdmin(FoldedSearch, ReadOnlyAdmin):
    """Reports are read here, never written. Figures and texts change only through the entry
    pages' save service (row lock, version check, audit row): the administrator is outside the
    report's commune and may not edit a report on those pages either (``access.can_edit``), so
    an admin form would be a second write path with no version bump and no audit row, which a
    clerk's open page would then silently overwrite. A report is created with its eight figure
    sets by ``report_create`` (the staff's "Tạo báo cáo kỳ mới"), moved only by the workflow,
    and never deleted: deleting it would delete its audit trail and snapshots."""

    list_display = ["commune", "year", "period_kind", "status", "updated_at"]
    list_filter = ["status", "year", "period_kind", "commune__city"]
    search_fields = ["commune__search_key"]
    inlines = [_figures_inline(model) for model in FIGURE_MODELS.values()]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "report", "user", "action", "section", "field", "old_value", "new_value"]
    list_filter = ["action"]


@admin.register(WarningExplanation)
class WarningExplanationAdmin(ReadOnlyAdmin):
    """Explanations are part of the report's content, written on its pages with an audit row."""

    list_display = ["report", "rule", "author", "updated_at"]

    @admin.display(description="quy tắc")
    def rule(self, explanation):
        return rule_title(explanation.rule_code)


@admin.register(ReportSnapshot)
class ReportSnapshotAdmin(ReadOnlyAdmin):
    """Snapshots are the record of what was submitted, approved and issued."""

    list_display = ["report", "reason", "created_by", "created_at"]
    list_filter = ["reason"]


@admin.register(SignedDocument)
class SignedDocumentAdmin(ReadOnlyAdmin):
    """The signed files uploaded by the văn thư, each with what its verification found; the
    current one is what the city downloads."""

    list_display = [
        "report",
        "original_name",
        "is_current",
        "verdict",
        "uploaded_by",
        "uploaded_at",
        "checked_at",
    ]
    list_filter = ["is_current", "verdict"]
    # The file itself has no public URL (reports.storage): it is downloaded through the page
    # that checks access, linked here. The JSON is shown as the verification's own words.
    exclude = ["file", "verification"]
    readonly_fields = ["download", "found_in_words"]

    @admin.display(description="kết quả kiểm tra chi tiết")
    def found_in_words(self, document):
        lines = document.verification.get("description", [])
        return format_html_join("\n", "<div>{}</div>", ((line,) for line in lines)) or "–"

    @admin.display(description="tệp đã ký")
    def download(self, document):
        url = reverse("signed_document_download", args=[document.report_id, document.pk])
        return format_html('<a href="{}">Tải về</a>', url)
