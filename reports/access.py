"""Access in one place: every view gets its report through these functions, and views,
template tags and templates ask here who may do what (create a report, open the city's pages or
the admin, choose the city). Which workflow move a role may make is the workflow's transition
table (``reports.workflow.check_actor``).

A user sees the reports of their own commune (commune roles), of every commune of their city
(city reviewers) or everything (administrators). A report outside that scope does not exist for
the user: 404, never 403, so ids of other communes cannot be probed. Within the scope, writing
is refused with 403 (PermissionDenied) when the role or the report's status does not allow it.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from reports.models import (
    COMMUNE_ROLES,
    City,
    Commune,
    PreparedFile,
    Profile,
    Report,
    Role,
    Status,
)

CITY_ONLY = "Trang này dành cho Sở Nội vụ và quản trị hệ thống."

EDITABLE_BY_ROLE = {
    Status.DRAFT: {Role.STAFF, Role.LEADER},
    Status.RETURNED: {Role.STAFF, Role.LEADER},
    Status.SUBMITTED: {Role.LEADER},  # the leader may correct while reviewing
    Status.APPROVED: set(),
    Status.ISSUED: set(),
}


def profile_of(user) -> Profile | None:
    if not user.is_authenticated:
        return None
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def role_of(user) -> str | None:
    profile = profile_of(user)
    if profile is None:
        return Role.ADMIN if user.is_authenticated and user.is_superuser else None
    return profile.role


def reports_for_user(user) -> QuerySet[Report]:
    """Every report the user may read."""
    profile = profile_of(user)
    reports = Report.objects.select_related("commune__city")
    if profile is None:
        return reports if user.is_authenticated and user.is_superuser else reports.none()
    if profile.role == Role.ADMIN:
        return reports
    if profile.role == Role.CITY_REVIEWER:
        return reports.filter(commune__city_id=profile.city_id)
    return reports.filter(commune_id=profile.commune_id)


def get_report_for_user(
    user, pk, *, for_write: bool = False, for_action: bool = False, queryset=None
) -> Report:
    """The report ``pk`` if the user may read it (404 otherwise); with ``for_write``, also
    refuse (403) a user whose role may not change it in its current status; with
    ``for_action``, refuse (403) anyone outside the report's commune (city reviewers,
    administrators), who may never move a report through the workflow."""
    scoped = reports_for_user(user)
    if queryset is not None:
        scoped = queryset.filter(pk__in=scoped.values("pk"))
    report = get_object_or_404(scoped, pk=pk)
    if for_write and not can_edit(user, report):
        raise PermissionDenied("Bạn không có quyền sửa báo cáo này ở trạng thái hiện tại.")
    if for_action and not can_act(user, report):
        raise PermissionDenied("Bạn chỉ được xem báo cáo này, không được thay đổi.")
    return report


def can_edit(user, report: Report) -> bool:
    """May the user change the report's figures and texts now?"""
    role = role_of(user)
    return role in EDITABLE_BY_ROLE[Status(report.status)] and (
        role == Role.ADMIN or profile_of(user).commune_id == report.commune_id
    )


def can_act(user, report: Report) -> bool:
    """Is the user one of the report's commune (staff, leader, văn thư)? Which action the role
    allows in which status is the workflow's business (``reports.workflow``)."""
    profile = profile_of(user)
    return (
        profile is not None
        and profile.role in COMMUNE_ROLES
        and profile.commune_id == report.commune_id
    )


def can_upload_signed(user, report: Report) -> bool:
    """May the user upload the report's signed PDF? The văn thư of the report's commune, once
    the report is issued (its number and date are what the signed copy carries)."""
    profile = profile_of(user)
    return (
        report.status == Status.ISSUED
        and profile is not None
        and profile.role == Role.CLERK
        and profile.commune_id == report.commune_id
    )


def may_create_report(user) -> bool:
    """Only a commune's chuyên viên starts a report of a new period: the leader reviews it,
    the văn thư issues it, the city reads it."""
    profile = profile_of(user)
    return profile is not None and profile.role == Role.STAFF and profile.commune_id is not None


def commune_for_new_report(user) -> Commune:
    """The commune whose new report the user may create; 403 for anyone but its staff."""
    if not may_create_report(user):
        raise PermissionDenied("Chỉ chuyên viên của xã, phường được tạo báo cáo kỳ mới.")
    return profile_of(user).commune


def may_open_admin(user) -> bool:
    """Is the admin site (``/quan-tri/``) open to the user? Django's own rule
    (``AdminSite.has_permission``): an active staff account."""
    return user.is_active and user.is_staff


def sees_city(user) -> bool:
    """May the user open the city's pages (city reviewers and administrators)?"""
    return role_of(user) in (Role.CITY_REVIEWER, Role.ADMIN)


def chooses_city(user) -> bool:
    """Does the user pick the city the city pages show (``?tp=``)? Administrators oversee
    every city; a reviewer has their own."""
    return role_of(user) == Role.ADMIN


def get_report_for_city(user, pk, *, queryset=None) -> Report:
    """A report as the city reads it: 404 outside the user's scope (like every report), then
    403 for a user of the report's own commune, whose pages of it are the entry pages."""
    report = get_report_for_user(user, pk, queryset=queryset)
    if not sees_city(user):
        raise PermissionDenied(CITY_ONLY)
    return report


def city_for_user(user, city_id=None):
    """The city whose overview the user may see: a city reviewer's own city, or for an
    administrator the city ``city_id`` (default: their profile's city, else the first).
    Commune users and everyone else: 403, the city pages are not part of their work.
    A reviewer asking for another city gets 404, like any object outside their scope."""
    role = role_of(user)
    if role == Role.CITY_REVIEWER:
        city = profile_of(user).city
        if city_id not in (None, "", str(city.pk), city.pk):
            raise Http404("Không tìm thấy thành phố.")
        return city
    if role != Role.ADMIN:
        raise PermissionDenied(CITY_ONLY)
    if city_id not in (None, ""):
        return get_object_or_404(City, pk=city_id) if str(city_id).isdigit() else _no_city()
    profile = profile_of(user)
    city = profile.city if profile is not None else City.objects.first()
    return city or _no_city()


def _no_city():
    raise Http404("Không tìm thấy thành phố.")


def get_commune_for_user(user, pk):
    """A commune of the city the user oversees. Outside the user's scope: 404 (a commune user
    asking for another commune too); a commune user asking for their own: 403."""
    communes = Commune.objects.select_related("city")
    role = role_of(user)
    if role == Role.CITY_REVIEWER:
        return get_object_or_404(communes.filter(city_id=profile_of(user).city_id), pk=pk)
    if role == Role.ADMIN:
        return get_object_or_404(communes, pk=pk)
    profile = profile_of(user)
    get_object_or_404(communes, pk=pk, id=profile.commune_id if profile else None)
    raise PermissionDenied(CITY_ONLY)


def get_prepared_file_for_user(user, file_id):
    """A file prepared by a task, for anyone who may read what it is made from: the report
    (404 outside the user's scope), or the city (the city pages' own rule)."""
    prepared = get_object_or_404(PreparedFile.objects.select_related("document"), pk=file_id)
    if prepared.report_id is not None:
        get_report_for_user(user, prepared.report_id)
    else:
        city_for_user(user, prepared.city_id)
    return prepared
