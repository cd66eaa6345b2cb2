"""Files through Django's storage API live in the database (reports.storage), so every app
server reads what another saved; files left in MEDIA_ROOT are moved in by a command."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from reports.models import SignedDocument, StoredFile
from reports.storage import DatabaseStorage


def test_default_storage_is_the_database(db):
    assert isinstance(default_storage, DatabaseStorage)
    name = default_storage.save("signed/1/1/a.pdf", ContentFile(b"%PDF-1.7 a"))
    assert name == "signed/1/1/a.pdf"
    stored = StoredFile.objects.get(name=name)
    assert bytes(stored.content) == b"%PDF-1.7 a"
    assert stored.sha256 == hashlib.sha256(b"%PDF-1.7 a").hexdigest()
    assert default_storage.exists(name) and default_storage.size(name) == 10
    with default_storage.open(name) as file:
        assert file.read() == b"%PDF-1.7 a"
    # The same name again: Django's rule, a new name, the first file untouched.
    other = default_storage.save(name, ContentFile(b"%PDF-1.7 b"))
    assert other != name and StoredFile.objects.count() == 2
    default_storage.delete(name)
    assert not default_storage.exists(name)
    with pytest.raises(FileNotFoundError):
        default_storage.open(name)
    with pytest.raises(NotImplementedError):
        default_storage.url(other)


def test_files_left_in_media_root_move_into_the_database(
    seed_report, clerk, settings, tmp_path, capsys
):
    settings.MEDIA_ROOT = tmp_path / "media"
    old = settings.MEDIA_ROOT / "signed" / "1" / "1" / "abc.pdf"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"%PDF-1.7 signed before the move")
    document = SignedDocument(
        report=seed_report, original_name="BC.pdf", sha256="a" * 64, size=31, uploaded_by=clerk
    )
    document.file.name = "signed/1/1/abc.pdf"
    document.save()
    lost = SignedDocument(
        report=seed_report, original_name="mat.pdf", sha256="b" * 64, size=1, uploaded_by=clerk
    )
    lost.file.name = "signed/1/1/lost.pdf"
    lost.save()

    call_command("files_to_database", verbosity=1)
    out = capsys.readouterr()
    assert "Đã chuyển 1 tệp vào cơ sở dữ liệu." in out.out
    assert "Không thấy tệp signed/1/1/lost.pdf" in out.err
    document.refresh_from_db()
    with document.file.open("rb") as file:
        assert file.read() == b"%PDF-1.7 signed before the move"

    call_command("files_to_database", verbosity=1)  # again: nothing to do
    assert "Đã chuyển 0 tệp" in capsys.readouterr().out
    assert StoredFile.objects.count() == 1
