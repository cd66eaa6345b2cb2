"""Settings for the test suite: the application's own (cchc/settings.py), started the way
`make run` starts them, so that `pytest` works on a fresh checkout with no environment:
development mode (DEBUG is off by default) and tasks done at once inside the request. A
variable already set in the environment wins (CI, or a run on PostgreSQL)."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("TASKS_BACKEND", "immediate")

from cchc.settings import *  # noqa: E402, F403
