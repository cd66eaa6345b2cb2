"""Where a page may send the user back to: an address the request carries (a form's ``next``,
the Referer) only when it is one of this site's own, never another site (an open redirect)."""

from django.core.exceptions import DisallowedHost
from django.utils.http import url_has_allowed_host_and_scheme


def own_url(request, url: str | None) -> str:
    """``url`` if it points into this site (over HTTPS when the request came so), else ""."""
    if not url:
        return ""
    try:
        host = request.get_host()
    except DisallowedHost:  # the request's own host is refused: nothing is this site's
        return ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={host}, require_https=request.is_secure()
    ):
        return url
    return ""
