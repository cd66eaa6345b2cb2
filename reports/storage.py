"""Django's storage API over the database (``StoredFile`` rows), the default storage: every
app server, on any machine, reads the files the others saved, and one database backup holds
them. Files here are small documents (``MAX_UPLOAD_SIZE``), read whole."""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils.deconstruct import deconstructible

from reports.models import StoredFile


@deconstructible
class DatabaseStorage(Storage):
    def _open(self, name, mode="rb"):
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("Tệp lưu trong cơ sở dữ liệu chỉ mở để đọc.")
        try:
            stored = StoredFile.objects.get(name=name)
        except StoredFile.DoesNotExist as error:
            raise FileNotFoundError(name) from error
        return ContentFile(bytes(stored.content), name=name)

    def _save(self, name, content):
        if hasattr(content, "seek"):
            content.seek(0)
        data = content.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        StoredFile.objects.create(
            name=name, content=data, size=len(data), sha256=hashlib.sha256(data).hexdigest()
        )
        return name

    def exists(self, name):
        return StoredFile.objects.filter(name=name).exists()

    def delete(self, name):
        StoredFile.objects.filter(name=name).delete()

    def size(self, name):
        size = StoredFile.objects.filter(name=name).values_list("size", flat=True).first()
        if size is None:
            raise FileNotFoundError(name)
        return size

    def url(self, name):
        # Files are served by views that check access first, never by a public URL.
        raise NotImplementedError("Tệp chỉ tải về qua trang có kiểm tra quyền.")

    def get_created_time(self, name):
        created = StoredFile.objects.filter(name=name).values_list("created_at", flat=True).first()
        if created is None:
            raise FileNotFoundError(name)
        return created

    get_modified_time = get_created_time
