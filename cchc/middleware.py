"""Security headers Django 5.2 does not set by itself: the Content-Security-Policy.

The policy allows only the application's own scripts and styles (served from /static/), so a
text someone typed that slips past escaping still cannot run. Pages therefore carry no inline
<script> and no style="" attributes: behaviour lives in static/js, looks in static/css.
Bootstrap draws some icons as data: SVG backgrounds, hence `img-src data:`.
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
