"""Two văn thư issue two reports of one commune with the same number at the same moment
(PostgreSQL: each in its own thread and connection). Both pass the application's check, because
neither has committed yet; the database's unique constraint lets exactly one win, and the other
gets the Vietnamese message next to the number, with nothing of its move saved."""

import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from reports import workflow
from reports.models import AuditEntry, City, Commune, Report, Role, Status
from reports.periods import Period
from reports.services import report_create
from tests.people import make_user

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="a race between two connections needs PostgreSQL: DATABASE_URL=postgres://…",
    ),
    pytest.mark.django_db(transaction=True),
]

HOLD = 0.6  # seconds the first move keeps its transaction open (while it snapshots)


@pytest.fixture(autouse=True)
def no_rule_problems(monkeypatch):
    monkeypatch.setattr(workflow, "submission_problems", lambda report: [])


@pytest.fixture
def approved_pair(django_user_model):
    city = City.objects.create(name="Hải Phòng")
    commune = Commune.objects.create(city=city, name="Nam Thanh Miện", kind=Commune.Kind.COMMUNE)

    def user(name, role):
        return make_user(django_user_model, name, role, commune=commune, city=city)

    staff, leader = user("chuyenvien", Role.STAFF), user("lanhdao", Role.LEADER)
    clerks = [user("vanthu1", Role.CLERK), user("vanthu2", Role.CLERK)]
    reports = []
    for kind in ("Q2", "Q3"):
        report = report_create(commune=commune, period=Period(2026, kind), user=staff)
        Report.objects.filter(pk=report.pk).update(status=Status.SUBMITTED)
        reports.append(workflow.report_approve(Report.objects.get(pk=report.pk), user=leader))
    return reports, clerks


def test_two_clerks_one_number_exactly_one_wins(approved_pair, monkeypatch):
    reports, clerks = approved_pair
    real, real_taken = workflow.report_content, workflow.number_taken
    checked = threading.Barrier(2)

    def slow(report):  # inside the move's transaction, after the number was written
        time.sleep(HOLD)
        return real(report)

    waited = set()

    def both_checked(report, number, year):  # both clerks pass the check before either saves
        found = real_taken(report, number, year)
        if report.pk not in waited:  # only the check before the move, not the message after
            waited.add(report.pk)
            checked.wait(timeout=10)
        return found

    monkeypatch.setattr(workflow, "report_content", slow)
    monkeypatch.setattr(workflow, "number_taken", both_checked)
    results = {}

    def issue(index):
        try:
            workflow.report_issue(
                Report.objects.get(pk=reports[index].pk),
                user=clerks[index],
                number="7",
                issued_on=timezone.localdate(),
            )
            results[index] = "ok"
        except workflow.TransitionError as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results, key=str) == [0, 1]
    winners = [i for i, outcome in results.items() if outcome == "ok"]
    losers = [outcome for outcome in results.values() if outcome != "ok"]
    assert len(winners) == 1 and len(losers) == 1
    assert losers[0].field == "number"
    assert losers[0].message.startswith("Số: 07/BC-UBND đã được dùng cho một báo cáo khác")
    winner, loser = reports[winners[0]], reports[1 - winners[0]]
    assert Report.objects.get(pk=winner.pk).number == 7
    lost = Report.objects.get(pk=loser.pk)
    assert (lost.status, lost.number, lost.issued_year) == (Status.APPROVED, None, None)
    issued = AuditEntry.objects.filter(action=AuditEntry.Action.TRANSITION, to_status=Status.ISSUED)
    assert list(issued.values_list("report_id", flat=True)) == [winner.pk]
    assert not lost.snapshots.filter(reason="issued").exists()
