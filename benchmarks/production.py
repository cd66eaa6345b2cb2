"""The settings a benchmark runs Django under, set before ``django.setup()``: production mode
(DEBUG off, as a server runs; it is off by default and then needs a secret key and hosts), a
throwaway secret key, the test client's host, no HTTPS redirect (the test client speaks plain
HTTP) and quiet logs (no line per request among the figures)."""

import os
import secrets


def production_settings(database_url: str, **extra: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    os.environ.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        LOG_LEVEL="ERROR",
        REQUEST_LOG_LEVEL="WARNING",
        **extra,
    )
