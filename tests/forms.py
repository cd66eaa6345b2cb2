"""The forms of a rendered page, read as a browser would submit them: inputs with their values,
checked boxes only, each select's selected option (or its first), textareas' text, disabled
controls left out. Also what makes a browser show its own (English) validation bubbles."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

SKIPPED_TYPES = {"submit", "button", "image", "reset"}
# Attributes a browser checks itself before sending, unless the form says novalidate.
CONSTRAINTS = ("required", "pattern", "min", "max", "minlength")
CONSTRAINED_TYPES = {"email", "number", "url"}


@dataclass
class Form:
    method: str
    action: str
    novalidate: bool
    fields: list[tuple[str, str]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)  # named submit buttons
    constrained: list[str] = field(default_factory=list)  # controls with browser checks
    submittable: bool = False  # a submit button, or a text input where Enter submits

    @property
    def data(self) -> dict[str, str | list[str]]:
        out: dict[str, list[str]] = {}
        for name, value in self.fields:
            out.setdefault(name, []).append(value)
        return {name: values[0] if len(values) == 1 else values for name, values in out.items()}


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: dict | None = None
        self.option: dict | None = None
        self.textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = Form(
                method=(a.get("method") or "get").lower(),
                action=a.get("action") or "",
                novalidate="novalidate" in a,
            )
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        if tag in ("input", "select", "textarea") and _constrained(tag, a):
            self.form.constrained.append(a.get("name") or a.get("id") or tag)
        disabled = "disabled" in a
        if tag == "input":
            self._input(a, disabled)
        elif tag == "select":
            self.select = {"name": a.get("name"), "disabled": disabled, "options": []}
        elif tag == "option" and self.select is not None:
            self.option = {"value": a.get("value"), "text": "", "selected": "selected" in a}
            self.select["options"].append(self.option)
        elif tag == "textarea":
            self.textarea = {"name": a.get("name"), "disabled": disabled, "text": ""}
        elif tag == "button" and (a.get("type") or "submit").lower() == "submit":
            self.form.submittable = True
            if a.get("name"):
                self.form.buttons.append((a["name"], a.get("value", "")))

    def _input(self, a, disabled):
        kind = (a.get("type") or "text").lower()
        name = a.get("name")
        if not name or disabled:
            return
        if kind in ("submit", "image") or kind not in SKIPPED_TYPES | {"hidden", "file"}:
            self.form.submittable = True
        if kind in SKIPPED_TYPES:
            if kind == "submit":
                self.form.buttons.append((name, a.get("value", "")))
        elif kind == "file":
            self.form.files.append(name)
        elif kind in ("checkbox", "radio"):
            if "checked" in a:
                self.form.fields.append((name, a.get("value", "on")))
        else:
            self.form.fields.append((name, a.get("value", "")))

    def handle_data(self, data):
        if self.option is not None:
            self.option["text"] += data
        if self.textarea is not None:
            self.textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "option":
            self.option = None
        elif tag == "select" and self.select is not None:
            self._close_select()
        elif tag == "textarea" and self.textarea is not None:
            text = self.textarea["text"]
            # A browser drops one newline right after <textarea>, as Django renders it.
            text = text[2:] if text.startswith("\r\n") else text[1:] if text[:1] == "\n" else text
            if self.form is not None and self.textarea["name"] and not self.textarea["disabled"]:
                self.form.fields.append((self.textarea["name"], text))
            self.textarea = None

    def _close_select(self):
        select, self.select = self.select, None
        options = select["options"]
        if self.form is None or not select["name"] or select["disabled"] or not options:
            return
        chosen = [o for o in options if o["selected"]] or options[:1]
        for option in chosen:
            value = option["value"] if option["value"] is not None else option["text"].strip()
            self.form.fields.append((select["name"], value))


def _constrained(tag, a) -> bool:
    if any(name in a for name in CONSTRAINTS):
        return True
    return tag == "input" and (a.get("type") or "").lower() in CONSTRAINED_TYPES


def parse_forms(html: str) -> list[Form]:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.forms
