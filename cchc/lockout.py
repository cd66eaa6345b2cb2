"""The name django-axes records a failed login under.

Django's login form does not enforce the username's length, so a 300-character "username"
reaches axes, whose column holds 255: on PostgreSQL the failed login became a 500. No account
has a name longer than 150 characters (User.username), so the rest is cut off.
"""

from django.conf import settings

USERNAME_LENGTH = 150


def axes_username(request, credentials=None) -> str | None:
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    return username[:USERNAME_LENGTH] if isinstance(username, str) else username
