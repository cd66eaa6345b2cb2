"""Settings for the fault test's server process: the application's, plus the hook that holds
a save open mid-transaction (tests/fault_hook.py)."""

from cchc.settings import *  # noqa: F403
from cchc.settings import MIDDLEWARE

MIDDLEWARE = [*MIDDLEWARE, "tests.fault_hook.slow_writes"]
