"""Test-only: hold a save open in the middle of its transaction so a test can kill the server
there. Loaded only through tests/settings_fault.py, never by the application's settings.

After the first statement that writes a figure table or the audit trail, the request writes
the file named by FAULT_MARKER and sleeps FAULT_DELAY seconds, still inside the transaction
(the database has the statement, not the commit)."""

import os
import re
import time
from pathlib import Path

from django.db import connection

_WRITE = re.compile(
    r'^\s*(UPDATE|INSERT INTO|DELETE FROM)\s+"reports_(\w+figures|auditentry)"', re.IGNORECASE
)


def slow_writes(get_response):
    marker = os.environ.get("FAULT_MARKER")
    delay = float(os.environ.get("FAULT_DELAY", "30"))

    request_state = {"armed": False}

    def hold(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if marker and request_state["armed"] and _WRITE.match(sql):
            request_state["armed"] = False
            Path(marker).write_text(f"in_atomic_block={connection.in_atomic_block}\n{sql[:200]}\n")
            time.sleep(delay)
        return result

    def middleware(request):
        request_state["armed"] = request.method == "POST"
        with connection.execute_wrapper(hold):
            return get_response(request)

    return middleware
