"""/healthz for the load balancer and monitoring: no login, no details (each component is
"ok" or "fail", nothing else: no versions, hosts or errors).

The status code says whether this app server can serve pages: 200 while its database
answers, 503 when it does not. The task worker and the converter are shared by every app
server; when they fail, PDFs wait but pages do not, so they are reported without taking this
server out of the balancer (monitoring alerts on the body).
"""

import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from reports.exports.pdf import libreoffice_binary
from reports.tasks import worker_alive


def _database() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _converter() -> bool:
    """The resident LibreOffice answers (when there is one), else LibreOffice is installed."""
    if settings.PDF_CONVERTER_URL:
        address = urlsplit(settings.PDF_CONVERTER_URL)
        try:
            with socket.create_connection((address.hostname, address.port or 80), timeout=1):
                return True
        except OSError:
            pass
    return libreoffice_binary() is not None


def _check(probe) -> str:
    try:
        return "ok" if probe() else "fail"
    except Exception:  # any failure is "fail"; what it was stays out of the answer
        return "fail"


@never_cache
@require_GET
def healthz(request):
    components = {
        "database": _check(_database),
        "worker": _check(worker_alive),
        "converter": _check(_converter),
    }
    status = 200 if components["database"] == "ok" else 503
    return JsonResponse(components, status=status)
