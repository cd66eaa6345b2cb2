"""cchc.redirects.own_url: the one check before sending a user to an address the request
carries (the workflow's and the explanations' ``next``, the error pages' Referer)."""

import pytest
from django.test import RequestFactory


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("/bao-cao/2/", True),
        ("http://testserver/bao-cao/2/lich-su/", True),
        ("https://evil.example/", False),
        ("//evil.example/bao-cao/", False),
        ("javascript:alert(1)", False),
        ("", False),
        (None, False),
    ],
)
def test_only_this_sites_addresses(url, kept):
    from cchc.redirects import own_url

    request = RequestFactory().get("/")
    assert own_url(request, url) == (url if kept else "")


def test_https_request_keeps_only_https(settings):
    from cchc.redirects import own_url

    request = RequestFactory().get("/", secure=True)
    assert own_url(request, "http://testserver/bao-cao/") == ""
    assert own_url(request, "https://testserver/bao-cao/") == "https://testserver/bao-cao/"


def test_refused_host_gives_nothing(settings):
    from cchc.redirects import own_url

    settings.ALLOWED_HOSTS = ["cchc.example.gov.vn"]
    request = RequestFactory().get("/", HTTP_HOST="evil.example")
    assert own_url(request, "/bao-cao/") == ""
