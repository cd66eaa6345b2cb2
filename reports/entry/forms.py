"""Forms of the entry pages. The Biểu mẫu form has one text field per input row (the value as
typed, read by ``parsing.parse_value``) and one per note; the page renders its own table from
them (see ``table``), the form only validates. The explanations of the warnings shown on a page
travel with the page's own Lưu (``explanations_from``)."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html

from reports import catalogue
from reports.catalogue import Kind
from reports.content import TEXT_FIELDS
from reports.models import PeriodKind, Report
from reports.numbers import format_number
from reports.parsing import parse_value
from reports.periods import Period
from reports.texts import MultilineField

NOTE_PREFIX = "note__"
NOTE_MAX_LENGTH = 500
NOTE_TOO_LONG = "Ghi chú dài tối đa %(limit_value)d ký tự (hiện có %(show_value)d)."


def note_name(row: catalogue.Row) -> str:
    return NOTE_PREFIX + row.field


class SectionForm(forms.Form):
    """Base of the per-section forms built by ``section_form_class``."""

    section: catalogue.Section
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean(self):
        data = super().clean()
        values = {}
        for row in self.section.input_rows:
            try:
                values[row.field] = parse_value(data.get(row.field, ""), row)
            except ValidationError as error:
                self.add_error(row.field, error)
        self.values = values
        self.notes = {
            row.field: (data.get(note_name(row)) or "").strip() for row in self.section.input_rows
        }
        return data


def _value_field(row: catalogue.Row) -> forms.Field:
    label = f"{row.stt} {row.full_label}".strip()
    if row.kind in (Kind.CODE, Kind.YESNO):
        choices = [("", "—")] + [(str(code), f"{code} – {text}") for code, text in row.choices]
        return forms.CharField(label=label, required=False, widget=forms.Select(choices=choices))
    # No max_length: the parser judges every text, so the message is always the same one.
    return forms.CharField(label=label, required=False)


_FORM_CLASSES: dict[str, type[SectionForm]] = {}


def section_form_class(section: catalogue.Section) -> type[SectionForm]:
    """The form class of a section, built once from the catalogue."""
    if section.key not in _FORM_CLASSES:
        attrs = {"section": section}
        for row in section.input_rows:
            attrs[row.field] = _value_field(row)
            attrs[note_name(row)] = forms.CharField(
                label=f"Ghi chú {row.stt}".strip(),
                required=False,
                max_length=NOTE_MAX_LENGTH,
                error_messages={"max_length": NOTE_TOO_LONG},
            )
        _FORM_CLASSES[section.key] = type(f"{section.model_name}Form", (SectionForm,), attrs)
    return _FORM_CLASSES[section.key]


# The basis and the recipients are a few lines; the sections are paragraphs.
SHORT_TEXTS = ("basis", "recipients")


class NarrativeForm(forms.ModelForm):
    """The narrative texts; a validator only (the view saves through ``narrative_save``). The
    page renders each field with crispy (``as_crispy_field``), another user's saved text
    under it after a conflict."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = Report
        fields = list(TEXT_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 4 if name in SHORT_TEXTS else 7})
            for name in TEXT_FIELDS
        }


EXPLANATION_MAX_LENGTH = 4000
EXPLANATION_TOO_LONG = "Giải trình dài tối đa %(limit)s ký tự (hiện có %(length)s)."
PAGE_INCOMPLETE = "Trang gửi thiếu nội dung giải trình (có thể trang đã cũ): hãy tải lại trang."
REQUIRED_HINT = "(bắt buộc trước khi gửi duyệt)"


class ExplanationForm(forms.Form):
    """One warning's explanation. A page posts one ``rule_code`` and one ``text`` per box,
    repeated in the page's order (``explanations_from`` reads them); ``box`` is one box as the
    rules panel shows it."""

    rule_code = forms.CharField(max_length=60, widget=forms.HiddenInput)
    text = MultilineField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    @classmethod
    def box(cls, code: str, text: str, *, form_id: str) -> "ExplanationForm":
        """The box of warning ``code`` with ``text`` (saved, or typed and refused: bound, the
        form finds the same message the save did), its inputs belonging to the page's form
        ``form_id`` (HTML ``form=``: the box sits in the rules panel, outside that form's
        table). Rendered with crispy."""
        form = cls({"rule_code": code, "text": text}, auto_id=f"explain-{code}-%s")
        label = "Giải trình"
        if not text:
            label = format_html('{} <span class="text-danger">{}</span>', label, REQUIRED_HINT)
        form.fields["text"].label = label
        form.fields["text"].widget.attrs.update(
            {"form": form_id, "id": f"explain-{code}", "class": "form-control-sm"}
        )
        form.fields["rule_code"].widget.attrs["form"] = form_id
        form.helper = FormHelper()
        form.helper.form_tag = False
        form.helper.disable_csrf = True
        form.helper.label_class = "small mb-1"
        return form

    def clean_rule_code(self):
        from reports.rules import RULE_BY_CODE, WARNING

        code = self.cleaned_data["rule_code"]
        rule = RULE_BY_CODE.get(code)
        if rule is None or rule.severity != WARNING:
            raise ValidationError("Quy tắc không có hoặc không phải cảnh báo.", code="rule")
        return code

    def clean_text(self):
        text = self.cleaned_data["text"]
        if len(text) > EXPLANATION_MAX_LENGTH:
            raise ValidationError(
                EXPLANATION_TOO_LONG,
                code="max_length",
                params={
                    "limit": format_number(EXPLANATION_MAX_LENGTH),
                    "length": format_number(len(text)),
                },
            )
        return text


def explanations_from(data) -> tuple[dict[str, str], dict[str, str]]:
    """The explanation boxes a page sent: ({rule code: text as typed}, {rule code: message}).
    Each box posts a ``rule_code`` and a ``text``, repeated in the page's order, so one Lưu
    carries every box of the page. A refused box is in both dicts: its text is shown back."""
    codes, texts = data.getlist("rule_code"), data.getlist("text")
    typed, errors = {}, {}
    if len(codes) != len(texts):
        errors[""] = PAGE_INCOMPLETE
    for code, text in zip(codes, texts, strict=False):
        form = ExplanationForm({"rule_code": code, "text": text})
        typed[code] = text
        if not form.is_valid():
            errors[code] = " ".join(m for messages in form.errors.values() for m in messages)
    return typed, errors


def allowed_years(today=None) -> list[int]:
    """A new period is created for the current year, the previous one or the next one: a
    report for "Quý IV năm 2100" would move every reviewer's default period."""
    year = (today or timezone.localdate()).year
    return [year - 1, year, year + 1]


class NewReportForm(forms.Form):
    period_kind = forms.ChoiceField(label="Kỳ báo cáo", choices=PeriodKind.choices)
    # A list of the allowed years: nothing to mistype, and never printed as "2.026".
    year = forms.TypedChoiceField(label="Năm", coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = allowed_years()
        field = self.fields["year"]
        field.choices = [(year, str(year)) for year in years]
        field.error_messages["invalid_choice"] = (
            "Chỉ tạo được báo cáo kỳ mới cho năm "
            + ", ".join(str(year) for year in years[:-1])
            + " hoặc "
            + str(years[-1])
            + "."
        )

    @staticmethod
    def suggested(latest: Period | None) -> dict:
        """Initial values: the period after the commune's latest one or, when that falls
        outside the allowed years, the quarter of today."""
        today = timezone.localdate()
        period = latest.next() if latest else None
        if period is None or period.year not in allowed_years(today):
            period = Period.quarter_of(today)
        return {"year": period.year, "period_kind": period.kind}
