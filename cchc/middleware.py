"""Security headers Django 5.2 does not set by itself: the Content-Security-Policy.

The policy allows only the application's own scripts and styles (served from /static/), so a
text someone typed that slips past escaping still cannot run. Pages therefore carry no inline
<script> and no style="" attributes: behaviour lives in static/js, looks in static/css.
Bootstrap draws some icons as data: SVG backgrounds, hence `img-src data:`.

Also the redirect of an account that must choose its own password (password_change_required).
"""

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
