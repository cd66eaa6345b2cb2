"""Reading a page's forms the way a browser would submit them (inputs, selects, textareas),
so the load script can post back what it was shown without knowing every field name, and so
tests can submit every form as rendered (tests/test_forms_as_rendered.py)."""

from html.parser import HTMLParser

# Attributes a browser checks itself before sending (its own validation bubble, in the
# browser's language), unless the form says novalidate.
CONSTRAINTS = ("required", "pattern", "min", "max", "minlength")
CONSTRAINED_TYPES = ("email", "number", "url")


class Form:
    def __init__(self, action: str, method: str, *, novalidate: bool = False):
        self.action = action
        self.method = method
        self.novalidate = novalidate
        self.fields: list[tuple[str, str]] = []
        self.files: list[str] = []  # names of file inputs
        self.constrained: list[str] = []  # controls the browser validates itself
        self.submittable = False  # a submit button, or a text input where Enter submits

    def data(self, **overrides) -> list[tuple[str, str]]:
        pairs = [(name, overrides.pop(name, value)) for name, value in self.fields]
        return pairs + list(overrides.items())

    def names(self) -> set[str]:
        return {name for name, _ in self.fields}

    def as_dict(self) -> dict[str, str | list[str]]:
        """The fields for Django's test client: a list where a name repeats."""
        out: dict[str, list[str]] = {}
        for name, value in self.fields:
            out.setdefault(name, []).append(value)
        return {name: values[0] if len(values) == 1 else values for name, values in out.items()}


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: tuple[str, list[str], list[str]] | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            self._form = Form(attrs.get("action") or "", method, novalidate="novalidate" in attrs)
            self.forms.append(self._form)
        if self._form is None or "disabled" in attrs:
            return
        name = attrs.get("name")
        kind = (attrs.get("type") or ("submit" if tag == "button" else "text")).lower()
        if tag in ("input", "select", "textarea") and (
            any(key in attrs for key in CONSTRAINTS) or kind in CONSTRAINED_TYPES
        ):
            self._form.constrained.append(name or tag)
        if tag in ("input", "button") and kind not in ("button", "reset", "hidden", "file"):
            self._form.submittable = True
        if tag == "input" and name:
            if kind == "file":
                self._form.files.append(name)
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._form.fields.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = (name, [], [])
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            self._select[2].append(value)
            if "selected" in attrs:
                self._select[1].append(value)
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            # Like a browser: the selected option, else the first one.
            name, chosen, options = self._select
            self._form.fields.append((name, (chosen or options or [""])[0]))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            text = "".join(self._text)
            self._form.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None


def forms_of(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def post_forms(html: str) -> list[Form]:
    return [form for form in forms_of(html) if form.method == "post"]
