"""The task worker: django-tasks-db's ``db_worker`` taking tasks from the database queue, plus
a heartbeat row every few seconds, read by /healthz (``reports.tasks.worker_alive``)."""

import logging
import os
import socket
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from reports.tasks import record_heartbeat

logger = logging.getLogger(__name__)


def _beat(worker_id: str, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            record_heartbeat(worker_id)
        except Exception:  # a missed beat is reported by /healthz, not fatal here
            logger.warning("Không ghi được nhịp của tiến trình nền.", exc_info=True)
        finally:
            connection.close()
        stop.wait(settings.WORKER_HEARTBEAT_SECONDS)


class Command(BaseCommand):
    help = "Chạy tiến trình nền: tạo PDF, tệp ZIP, Phụ lục III toàn thành phố (hàng đợi CSDL)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=0.5, help="giây chờ giữa hai lần xem hàng đợi"
        )

    def handle(self, *args, interval, verbosity, **options):
        worker_id = f"{socket.gethostname()}-{os.getpid()}"[:64]
        stop = threading.Event()
        threading.Thread(target=_beat, args=(worker_id, stop), daemon=True).start()
        try:
            call_command(
                "db_worker",
                interval=interval,
                reload=False,
                startup_delay=False,
                worker_id=worker_id,
                verbosity=verbosity,
            )
        finally:
            stop.set()
