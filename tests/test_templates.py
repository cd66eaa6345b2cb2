"""The templates' forms, read as text: every field a user fills is rendered by
django-crispy-forms (``{% crispy %}``, ``|crispy``, ``|as_crispy_field``), never written by hand,
and every POST form carries ``{% csrf_token %}``, never a hand-written csrfmiddlewaretoken.

The hand-rendered Biểu mẫu tables are not in templates: ``reports/entry/render.py`` writes
them in Python (27–42× faster than ``{{ form }}``, ``benchmarks/entry_pages.py``)."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# Templates allowed a hand-written field (or CSRF input), with the reason.
HAND_WRITTEN = {
    "errors/page.html": "read-only copies of what a refused form carried, to copy back; no form",
}
FIELD = re.compile(
    r"<(textarea|select)\b|<input\b(?![^>]*type=\"(hidden|submit)\")"  # written out
    r"|\{\{\s*(form|field)(\.as_\w+)?\s*\}\}"  # Django's own rendering
)
POST_FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", re.S | re.I)


def _templates():
    return sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("name", _templates())
def test_fields_go_through_crispy(name):
    if name in HAND_WRITTEN:
        pytest.skip(HAND_WRITTEN[name])
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    assert not FIELD.search(text), f"{name}: a field written by hand"


@pytest.mark.parametrize("name", _templates())
def test_post_forms_use_csrf_token(name):
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    assert "csrfmiddlewaretoken" not in text
    for body in POST_FORM.findall(text):
        assert "{% csrf_token %}" in body, f"{name}: a POST form without {{% csrf_token %}}"


def test_the_walk_finds_templates():
    assert len(_templates()) > 30
