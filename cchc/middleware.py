"""Security headers Django 5.2 does not set by itself: the Content-Security-Policy.

The policy allows only the application's own scripts and styles (served from /static/), so a
text someone typed that slips past escaping still cannot run. Pages therefore carry no inline
<script> and no style="" attributes: behaviour lives in static/js, looks in static/css.
Bootstrap draws some icons as data: SVG backgrounds, hence `img-src data:`.

Also the redirect of an account that must choose its own password (password_change_required),
and the request id with the one log line per request (``request_id``, at the end).
"""

import contextvars
import logging
import re
import time
import uuid

from django.conf import settings

DEFAULT_POLICY = (
    "default-src 'self'; "
    "script-src 'self'; "
    "style-src 'self'; "
    "img-src 'self' data:; "
    "font-src 'self'; "
    "connect-src 'self'; "
    "object-src 'none'; "
    "base-uri 'self'; "
    "form-action 'self'; "
    "frame-ancestors 'none'"
)


def content_security_policy(get_response):
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_POLICY)

    def middleware(request):
        response = get_response(request)
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response

    return middleware


def password_change_required(get_response):
    """An account whose password an administrator chose (created in the admin or from a CSV
    file) must choose its own before anything else: every page but the password change and
    logout redirects there until it is done (cchc/accounts.py clears the flag)."""
    from django.db import DatabaseError
    from django.shortcuts import redirect
    from django.urls import reverse

    from reports.access import profile_of

    def middleware(request):
        try:
            user = getattr(request, "user", None)
            profile = profile_of(user) if user is not None else None
        except DatabaseError:
            # The database is unreachable: the view meets the same error and answers with
            # the error page (cchc/errors.py), in development too.
            profile = None
        if profile is not None and profile.must_change_password:
            allowed = (reverse("password_change"), reverse("logout"), settings.STATIC_URL)
            if not request.path.startswith(allowed):
                return redirect("password_change")
        return get_response(request)

    return middleware


# --- One log line per request, with a request id ------------------------------------------
# The id comes from the proxy's X-Request-ID when it looks like an id (so the proxy's log and
# the application's can be joined), else a new one; it goes back in the response header and
# into every log line written while the request runs (RequestIdFilter).

_REQUEST_ID = contextvars.ContextVar("request_id", default="-")
_WELL_FORMED_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
request_logger = logging.getLogger("cchc.requests")


class RequestIdFilter(logging.Filter):
    """Gives every log record the id of the request being served ("-" outside one)."""

    def filter(self, record):
        record.request_id = _REQUEST_ID.get()
        return True


def request_id(get_response):
    def middleware(request):
        given = request.headers.get("X-Request-ID", "")
        ident = given if _WELL_FORMED_ID.fullmatch(given) else uuid.uuid4().hex
        request.request_id = ident
        token = _REQUEST_ID.set(ident)
        started = time.perf_counter()
        try:
            response = get_response(request)
            response["X-Request-ID"] = ident
            request_logger.info(
                "%s %s %s %.0fms user=%s",
                request.method,
                request.path,
                response.status_code,
                (time.perf_counter() - started) * 1000,
                _user_id(request),
            )
            return response
        finally:
            _REQUEST_ID.reset(token)

    return middleware


def _user_id(request) -> str:
    try:
        user = request.user
        return str(user.pk) if user.is_authenticated else "-"
    except Exception:  # no user middleware ran, or the session store is down (/healthz)
        return "-"
