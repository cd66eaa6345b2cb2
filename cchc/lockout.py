"""Failed logins and lockout (django-axes): the name a failure is recorded under, the client's
address, and a limit per address over all user names.

- Five failures lock the pair (user name, address) for AXES_COOLOFF_TIME: a stranger somewhere
  else cannot lock a leader out, and colleagues behind the same office router keep working.
- Password spraying, a few tries on each of many accounts from one address, never reaches five
  for any pair: LOGIN_FAILURES_PER_ADDRESS failures from one address, over all names, lock that
  address (any name) for the same time.
- The address is the connection's, or, behind TRUSTED_PROXY_COUNT reverse proxies, the one the
  outermost trusted proxy saw (X-Forwarded-For read from the right, where the proxies append):
  a client can write anything at the left of that header, never at its right.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum

USERNAME_LENGTH = 150


def axes_username(request, credentials=None) -> str | None:
    """Django's login form does not enforce the username's length, so a 300-character
    "username" reaches axes, whose column holds 255: on PostgreSQL the failed login became a
    500. No account has a name longer than 150 characters (User.username)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    return username[:USERNAME_LENGTH] if isinstance(username, str) else username


def client_address(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote  # not through the proxies the settings promise: trust only the socket
    return forwarded[-proxies]


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with the limit per address over all user names."""

    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        if self.address_failures(request) >= settings.LOGIN_FAILURES_PER_ADDRESS:
            return max(failures, get_failure_limit(request, credentials))
        return failures

    def address_failures(self, request) -> int:
        attempts = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
        )
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
