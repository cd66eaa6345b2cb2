"""The migration to verified signed copies (0007_signed_verification): files uploaded before
verification are "chưa kiểm tra" (for ``verify_signed --all``), and the latest of each report,
the one the city was offered, is its current copy."""

from datetime import UTC, datetime

import pytest

from tests.migrating import migrate, schema_at

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("reports", "0006_commune_name_keys")]
AFTER = [("reports", "0007_signed_verification")]


@pytest.fixture
def old_schema():
    with schema_at(BEFORE) as apps:
        yield apps


def test_old_uploads_are_unchecked_and_the_latest_of_each_report_is_current(old_schema):
    City = old_schema.get_model("reports", "City")
    Commune = old_schema.get_model("reports", "Commune")
    Report = old_schema.get_model("reports", "Report")
    SignedDocument = old_schema.get_model("reports", "SignedDocument")
    User = old_schema.get_model("auth", "User")
    clerk = User.objects.create(username="vanthu_cu")
    city = City.objects.create(name="Hải Phòng")
    commune = Commune.objects.create(city=city, name="Nam Thanh Miện", kind="xa")
    first = Report.objects.create(commune=commune, year=2026, period_kind="Q1", status="issued")
    second = Report.objects.create(commune=commune, year=2026, period_kind="Q2", status="issued")

    def uploaded(report, name, day):
        document = SignedDocument.objects.create(
            report=report,
            file=f"signed/{name}",
            original_name=name,
            sha256=name[0] * 64,
            size=1,
            uploaded_by=clerk,
        )
        # auto_now_add: the upload time is set afterwards, as it stood in the old rows.
        at = datetime(2026, 7, day, 9, 0, tzinfo=UTC)
        SignedDocument.objects.filter(pk=document.pk).update(uploaded_at=at)
        return document.pk

    older = uploaded(first, "a.pdf", 10)
    latest = uploaded(first, "b.pdf", 12)
    middle = uploaded(first, "c.pdf", 11)
    only = uploaded(second, "d.pdf", 5)

    apps = migrate(AFTER)
    SignedDocument = apps.get_model("reports", "SignedDocument")

    rows = {d.pk: (d.is_current, d.verdict, d.verification) for d in SignedDocument.objects.all()}
    assert rows == {
        older: (False, "unchecked", {}),
        latest: (True, "unchecked", {}),
        middle: (False, "unchecked", {}),
        only: (True, "unchecked", {}),
    }
