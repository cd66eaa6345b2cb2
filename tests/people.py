"""Test accounts: a user with a profile of a role, in a commune or a city."""

from reports.models import Profile


def make_user(django_user_model, username, role, *, commune=None, city, position="khac", name=None):
    user = django_user_model.objects.create_user(username=username, password="x-Secret-2026")
    Profile.objects.create(
        user=user,
        full_name=name or username,
        role=role,
        commune=commune,
        city=city,
        position=position,
    )
    return user
