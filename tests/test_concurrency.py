"""Races on PostgreSQL: two leaders deciding at once, and an approval racing an edit.

Each side runs in its own thread with its own database connection. Exactly one decision wins;
an approval either waits for an edit in progress and freezes the edited figures, or makes the
edit wait and refuses it. Either way the approved snapshot equals the live report and the audit
trail lists what happened in the order it happened. (SQLite has no row locks: skipped there.)
"""

import threading
import time

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction

from reports import catalogue, workflow
from reports.content import report_content
from reports.entry.saving import section_save
from reports.models import AuditEntry, City, Commune, Profile, Report, Role, Status
from reports.periods import Period
from reports.services import figure_sets, report_create

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL: run with DATABASE_URL=postgres://…",
    ),
    pytest.mark.django_db(transaction=True),
]

HOLD = 0.6  # seconds the first side keeps the row locked


@pytest.fixture(autouse=True)
def no_rule_problems(monkeypatch):
    monkeypatch.setattr(workflow, "submission_problems", lambda report: [])


@pytest.fixture
def cast(django_user_model):
    city = City.objects.create(name="Hải Phòng")
    commune = Commune.objects.create(city=city, name="Nam Thanh Miện", kind=Commune.Kind.COMMUNE)

    def user(name, role, position="khac"):
        account = django_user_model.objects.create_user(username=name, password=None)
        Profile.objects.create(
            user=account, full_name=name, role=role, commune=commune, city=city, position=position
        )
        return account

    staff = user("chuyenvien", Role.STAFF)
    report = report_create(commune=commune, period=Period(2026, "Q3"), user=staff)
    Report.objects.filter(pk=report.pk).update(status=Status.SUBMITTED)
    return {
        "report": Report.objects.get(pk=report.pk),
        "staff": staff,
        "vice": user("phochutich", Role.LEADER, "pho_chu_tich"),
        "chair": user("chutich", Role.LEADER, "chu_tich"),
    }


def start(results, key, fn):
    def run():
        try:
            results[key] = ("ok", fn())
        except Exception as error:  # the test inspects what each side got
            results[key] = ("error", error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def slow_snapshots(monkeypatch, locked: threading.Event | None = None):
    """Make a transition hold the report row for HOLD seconds (while it snapshots)."""
    real = workflow.report_content

    def slow(report):
        if locked is not None:
            locked.set()
        time.sleep(HOLD)
        return real(report)

    monkeypatch.setattr(workflow, "report_content", slow)


def transitions(report):
    return list(
        AuditEntry.objects.filter(report=report, action=AuditEntry.Action.TRANSITION)
        .order_by("pk")
        .values_list("user__username", "from_status", "to_status")
    )


def live_matches_approved_snapshot(report) -> bool:
    snapshot = report.snapshots.get(reason="approved").data
    live = report_content(Report.objects.get(pk=report.pk)).to_json()
    return all(live[key] == snapshot[key] for key in ("values", "notes", "texts"))


@pytest.mark.parametrize("second", ["approve", "return"])
def test_two_decisions_at_once_exactly_one_wins(cast, monkeypatch, second):
    report = cast["report"]
    slow_snapshots(monkeypatch)
    barrier = threading.Barrier(2)
    results = {}

    def approve():
        barrier.wait()
        return workflow.report_approve(Report.objects.get(pk=report.pk), user=cast["vice"])

    def decide():
        barrier.wait()
        fresh = Report.objects.get(pk=report.pk)
        if second == "approve":
            return workflow.report_approve(fresh, user=cast["chair"])
        return workflow.report_return(fresh, user=cast["chair"], comment="Sửa lại")

    threads = [start(results, "vice", approve), start(results, "chair", decide)]
    for thread in threads:
        thread.join(timeout=30)

    outcomes = sorted(kind for kind, _ in results.values())
    assert outcomes == ["error", "ok"]
    winner = "vice" if results["vice"][0] == "ok" else "chair"
    loser = "chair" if winner == "vice" else "vice"
    assert isinstance(results[loser][1], workflow.TransitionError)
    assert results[loser][1].message.startswith("Không thể “")

    report.refresh_from_db()
    trail = transitions(report)
    assert len(trail) == 1  # the loser left no trace
    username, from_status, to_status = trail[0]
    assert username == cast[winner].username and from_status == Status.SUBMITTED
    assert report.status == to_status
    if to_status == Status.APPROVED:
        assert report.approved_by == cast[winner]
        assert report.snapshots.filter(reason="approved").count() == 1
    else:
        assert report.approved_by is None and not report.snapshots.exists()


def _save_b3(report, user, value):
    section = catalogue.SECTION_BY_KEY["b3"]
    figures = figure_sets(Report.objects.get(pk=report.pk))["b3"]
    values = {row.field: getattr(figures, row.field) for row in section.input_rows}
    values["resolved_total"] = value
    return section_save(
        report=report,
        section=section,
        values=values,
        notes=dict(figures.notes),
        version=figures.version,
        user=user,
    )


def test_edit_in_progress_then_approval_freezes_the_edited_figures(cast):
    """The leader is saving a correction when the chairman approves: the approval waits for
    the save and approves the corrected figures."""
    report = cast["report"]
    edit_locked = threading.Event()
    results = {}

    def edit():
        with transaction.atomic():
            changed = _save_b3(report, cast["vice"], 5650)
            edit_locked.set()
            time.sleep(HOLD)  # still holding the report row
        return changed

    def approve():
        edit_locked.wait(10)
        return workflow.report_approve(Report.objects.get(pk=report.pk), user=cast["chair"])

    threads = [start(results, "edit", edit), start(results, "approve", approve)]
    for thread in threads:
        thread.join(timeout=30)

    assert results["edit"] == ("ok", 1)
    assert results["approve"][0] == "ok"
    report.refresh_from_db()
    assert report.status == Status.APPROVED
    snapshot = report.snapshots.get(reason="approved").data
    assert snapshot["values"]["b3.resolved_total"] == 5650
    assert live_matches_approved_snapshot(report)
    value = AuditEntry.objects.get(report=report, action=AuditEntry.Action.VALUE)
    approval = AuditEntry.objects.get(report=report, to_status=Status.APPROVED)
    assert value.pk < approval.pk and value.at <= approval.at
    assert (value.field, value.old_value, value.new_value) == ("resolved_total", "", "5.650")


def test_approval_in_progress_then_edit_is_refused(cast, monkeypatch):
    """The chairman is approving when the leader saves a correction: the save waits for the
    approval, then is refused; the approved figures stay as approved."""
    report = cast["report"]
    approve_locked = threading.Event()
    slow_snapshots(monkeypatch, approve_locked)
    results = {}

    def approve():
        return workflow.report_approve(Report.objects.get(pk=report.pk), user=cast["chair"])

    def edit():
        approve_locked.wait(10)
        return _save_b3(report, cast["vice"], 5650)

    threads = [start(results, "approve", approve), start(results, "edit", edit)]
    for thread in threads:
        thread.join(timeout=30)

    assert results["approve"][0] == "ok"
    assert results["edit"][0] == "error"
    assert isinstance(results["edit"][1], PermissionDenied)
    report.refresh_from_db()
    assert report.status == Status.APPROVED
    assert figure_sets(report)["b3"].resolved_total is None
    assert live_matches_approved_snapshot(report)
    assert not AuditEntry.objects.filter(report=report, action=AuditEntry.Action.VALUE).exists()
    assert transitions(report) == [("chutich", Status.SUBMITTED, Status.APPROVED)]
