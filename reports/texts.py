"""Texts typed into a textarea, stored with one kind of line ending.

Browsers send each line break of a textarea as CRLF ("\\r\\n", as the HTML standard encodes
form data), while the demo data, the previous period's copy and the exports write "\\n". A text
saved as posted therefore differed from the stored one even when nobody changed it: the history
showed a "nơi nhận" change with identical old and new texts. The text is normalised where it
enters, in the form field, so the database holds "\\n" only and a comparison sees real changes.
"""

from django import forms
from django.db import models


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
