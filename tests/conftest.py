"""The cast: one user per role in Nam Thanh Miện (the demo data), and a second commune with its
own staff so that scope can be tested. Accounts log in with ``client.force_login``."""

import pytest
from django.core.management import call_command

from reports.models import City, Commune, Report, Role
from reports.periods import Period
from reports.services import report_create
from tests.people import make_user


@pytest.fixture
def demo(db):
    """The demo data: the seed report (Quý II/2026, approved) and the Quý III draft."""
    call_command("load_demo", verbosity=0)
    return Commune.objects.get(name="Nam Thanh Miện")


@pytest.fixture
def seed_report(demo) -> Report:
    return Report.objects.get(commune=demo, year=2026, period_kind="Q2")


@pytest.fixture
def draft_report(demo) -> Report:
    return Report.objects.get(commune=demo, year=2026, period_kind="Q3")


@pytest.fixture
def staff(demo, django_user_model):
    return django_user_model.objects.get(username="chuyenvien")


@pytest.fixture
def leader(demo, django_user_model):
    return django_user_model.objects.get(username="lanhdao")


@pytest.fixture
def clerk(demo, django_user_model):
    return django_user_model.objects.get(username="vanthu")


@pytest.fixture
def city_reviewer(demo, django_user_model):
    return django_user_model.objects.get(username="sonoivu")


@pytest.fixture
def other_commune(demo):
    return Commune.objects.create(city=demo.city, name="Tân Kỳ", kind=Commune.Kind.COMMUNE)


@pytest.fixture
def other_staff(other_commune, django_user_model):
    """Staff of another commune of the same city: must never see Nam Thanh Miện's data."""
    return make_user(
        django_user_model, "ctv_tanky", Role.STAFF, commune=other_commune, city=other_commune.city
    )


@pytest.fixture
def other_report(other_commune, other_staff) -> Report:
    return report_create(commune=other_commune, period=Period(2026, "Q2"), user=other_staff)


@pytest.fixture
def other_city_reviewer(db, django_user_model):
    city = City.objects.create(name="Hà Nội")
    return make_user(django_user_model, "snv_hanoi", Role.CITY_REVIEWER, city=city)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Every test that loads the demo data hashes five passwords; with the production hasher
    (PBKDF2, a million rounds) that is most of the suite's time. Logging in still checks the
    password; only the cost of hashing it changes."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files (signed PDFs) go to a temporary folder, never into the working tree."""
    settings.MEDIA_ROOT = tmp_path / "media"
