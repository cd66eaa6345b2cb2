"""Move the signed files kept in MEDIA_ROOT (before files lived in the database) into the
database storage, under the same names. Repeatable: a file already there is left alone, one
missing from the folder is listed. `make serve` runs it at every start."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand

from reports.models import SignedDocument, StoredFile


class Command(BaseCommand):
    help = "Chuyển các tệp đã ký còn trong MEDIA_ROOT vào cơ sở dữ liệu."

    def handle(self, *args, verbosity, **options):
        folder = FileSystemStorage(location=settings.MEDIA_ROOT)
        stored = set(StoredFile.objects.values_list("name", flat=True))
        moved, missing = 0, []
        for name in SignedDocument.objects.values_list("file", flat=True):
            if name in stored:
                continue
            if not folder.exists(name):
                missing.append(name)
                continue
            with folder.open(name, "rb") as file:
                default_storage.save(name, file)
            moved += 1
        if verbosity or missing:
            self.stdout.write(f"Đã chuyển {moved} tệp vào cơ sở dữ liệu.")
        for name in missing:
            self.stderr.write(f"Không thấy tệp {name} trong {settings.MEDIA_ROOT}.")
