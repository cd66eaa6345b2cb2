"""Texts as people type them: line endings made one, and diacritics folded away for comparing.

``strip_accents`` and ``fold`` are the one way to compare Vietnamese text typed with or without
its diacritics: commune search keys (``reports.city.names``), the CSV loader's column values,
password similarity (``cchc.passwords``), file names (``reports.exports.builder``) and the
names on signing certificates (``reports.signing.names`` can build on ``fold``).

Browsers send each line break of a textarea as CRLF ("\\r\\n", as the HTML standard encodes
form data), while the demo data, the previous period's copy and the exports write "\\n". A text
saved as posted therefore differed from the stored one even when nobody changed it: the history
showed a "nơi nhận" change with identical old and new texts. The text is normalised where it
enters, in the form field, so the database holds "\\n" only and a comparison sees real changes.
"""

import unicodedata

from django import forms
from django.db import models


def strip_accents(text: str) -> str:
    """ "Đồng Hới, Quảng Bình" → "Dong Hoi, Quang Binh": the text without diacritics ("đ" read
    as "d"), case and everything else kept."""
    text = unicodedata.normalize("NFD", text or "").replace("đ", "d").replace("Đ", "D")
    kept = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", kept)


def fold(text: str) -> str:
    """ "Xã Nam Thanh Miện" → "xa nam thanh mien", "Phó Chủ tịch" → "pho chu tich": without
    diacritics or case, anything but letters and digits a separator, one space between words."""
    plain = strip_accents(text).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class MultilineField(forms.CharField):
    """A form's text field whose line breaks arrive as "\\n"."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_newlines(value) if isinstance(value, str) else value


class MultilineTextField(models.TextField):
    """A TextField whose forms (the narrative page, the admin) use MultilineField. Stored and
    migrated as a plain TextField: only the form it offers differs."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": MultilineField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.TextField", args, kwargs
