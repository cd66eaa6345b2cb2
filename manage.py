#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - reads the settings now, to report a bad value
    except ImproperlyConfigured as error:
        # A missing or bad environment variable: its message says which and what to do; a
        # traceback through the settings module would only hide it.
        sys.exit(f"Cấu hình chưa đúng: {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
