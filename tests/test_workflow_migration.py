"""The data migration to integer document numbers (0003_report_number): every old text that
writes a number from 1 becomes that integer; the earliest issue keeps a number used twice in a
year, and the later report loses it with a line in its history saying why."""

from datetime import UTC, date, datetime

import pytest

from tests.migrating import migrate, schema_at

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("reports", "0002_city_deadlines")]
AFTER = [("reports", "0003_report_number")]


@pytest.fixture
def old_schema():
    with schema_at(BEFORE) as apps:
        yield apps


def test_old_text_numbers_become_integers(old_schema):
    City = old_schema.get_model("reports", "City")
    Commune = old_schema.get_model("reports", "Commune")
    Report = old_schema.get_model("reports", "Report")
    city = City.objects.create(name="Hải Phòng")
    home = Commune.objects.create(city=city, name="Nam Thanh Miện", kind="xa")
    away = Commune.objects.create(city=city, name="Tân Kỳ", kind="xa")

    def issued(commune, kind, number, on, at):
        return Report.objects.create(
            commune=commune,
            year=2026,
            period_kind=kind,
            status="issued",
            number=number,
            issued_on=on,
            issued_at=datetime(*at, tzinfo=UTC),
        ).pk

    first = issued(home, "Q1", "05", date(2026, 4, 10), (2026, 4, 10))
    again = issued(home, "Q2", "5", date(2026, 7, 10), (2026, 7, 10))  # the same 5, later
    arabic = issued(home, "Q3", "١٢", date(2026, 10, 10), (2026, 10, 10))  # "12"
    zero = issued(home, "Q4", "0", date(2026, 12, 20), (2026, 12, 20))
    other_year = issued(home, "H1", "5", date(2025, 7, 1), (2025, 7, 1))
    other_commune = issued(away, "Q1", "5", date(2026, 4, 12), (2026, 4, 12))
    draft = Report.objects.create(commune=away, year=2026, period_kind="Q2").pk

    apps = migrate(AFTER)
    Report = apps.get_model("reports", "Report")
    AuditEntry = apps.get_model("reports", "AuditEntry")
    numbers = dict(Report.objects.values_list("pk", "number"))
    years = dict(Report.objects.values_list("pk", "issued_year"))
    assert numbers == {
        first: 5,
        again: None,
        arabic: 12,
        zero: None,
        other_year: 5,
        other_commune: 5,
        draft: None,
    }
    assert (years[first], years[other_year], years[draft]) == (2026, 2025, None)
    notes = dict(AuditEntry.objects.filter(action="number").values_list("report_id", "comment"))
    assert notes == {
        again: "Số văn bản cũ “5” trùng số của một báo cáo ban hành trước trong năm 2026: đã bỏ "
        "khi chuyển số văn bản sang dạng số.",
        zero: "Số văn bản cũ “0” không phải một số từ 1 trở lên: đã bỏ khi chuyển số văn bản "
        "sang dạng số.",
    }
