"""The filter forms of the city's pages (GET): the period, chosen from the periods that exist,
and for the grid the state, lateness, search and sort.

A filter the page cannot use (``?ky=0000``, ``?ky=2026-Q9``, ``?so_ky=abc``) never fails the
page: the field shows its Vietnamese message, the page uses the field's default, and the select
shows the value actually used.
"""

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms

from reports.periods import Period, PeriodError

from .grid import SORTS, STATE_LABELS, STATE_ORDER
from .periods import PeriodOptions

COLUMN_CHOICES = (1, 2, 4, 6, 8)
ECHO_LENGTH = 20  # how much of a bad value the message repeats


class PeriodField(forms.ChoiceField):
    """A period from the offered list, as a ``Period``; blank means the page's default."""

    def __init__(self, *, options: PeriodOptions, **kwargs):
        self.options = options
        super().__init__(choices=options.choices(), required=False, **kwargs)

    def to_python(self, value):
        text = super().to_python(value).strip()
        if not text:
            return None
        try:
            period = Period.parse(text)
        except PeriodError:
            period = None
        if period is None or period not in self.options:
            raise forms.ValidationError(
                "Không có kỳ báo cáo “%(value)s”: hãy chọn một kỳ trong danh sách. "
                "Trang đang hiển thị %(default)s.",
                code="invalid_choice",
                params={"value": text[:ECHO_LENGTH], "default": self.options.default.label},
            )
        return period

    def validate(self, value):
        """The membership check is done in ``to_python``, on the parsed period."""

    def clean(self, value):
        return super().clean(value) or self.options.default


class PeriodForm(forms.Form):
    """The period of the roll-up and trend pages; ``tp`` carries an administrator's city."""

    submit_label = "Xem"

    def __init__(self, data, *, options: PeriodOptions, label="Kỳ báo cáo", city=None):
        super().__init__(data)
        self.fields["ky"] = PeriodField(options=options, label=label, initial=options.default)
        if city is not None:
            self.fields["tp"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, initial=city.pk
            )
        self.helper = FormHelper(self)
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.form_class = "row g-2 align-items-end city-filters"
        self._values = None

    def layout(self) -> None:
        """One column per visible field, then the button (called once the fields are set)."""
        columns = (
            Field(name) if field.widget.is_hidden else Div(name, css_class="col-auto")
            for name, field in self.fields.items()
        )
        self.helper.layout = Layout(
            *columns,
            Div(
                StrictButton(self.submit_label, type="submit", css_class="btn-sm btn-primary"),
                css_class="col-auto mb-3",
            ),
        )

    def values(self) -> dict:
        """Every field's value: the cleaned one, or its default where the input was blank or
        bad. The form's data becomes the values used, so that each select shows what the page
        shows (the errors stay)."""
        if self._values is None:
            self.full_clean()
            values, used = {}, self.data.copy()
            for name, field in self.fields.items():
                value = self.cleaned_data.get(name)
                if value is None:
                    value = self.get_initial_for_field(field, name)
                values[name] = value
                used[name] = "" if values[name] is None else str(values[name])
            self.data = used
            self._values = values
        return self._values

    @property
    def period(self) -> Period:
        return self.values()["ky"]


def period_form(data, *, options: PeriodOptions, city=None, label="Kỳ báo cáo") -> PeriodForm:
    form = PeriodForm(data, options=options, city=city, label=label)
    form.layout()
    return form


def _search(label) -> forms.CharField:
    """A name search box; the search itself ignores case and diacritics."""
    return forms.CharField(
        label=label,
        max_length=100,
        required=False,
        initial="",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "vd. thanh mien"}),
        error_messages={"max_length": "Nhập tối đa %(limit_value)d ký tự."},
    )


def _choice(label, choices, initial, message, **kwargs):
    field = forms.TypedChoiceField(
        label=label, choices=choices, required=False, initial=initial, empty_value=initial, **kwargs
    )
    field.error_messages["invalid_choice"] = message
    return field


class GridFilterForm(PeriodForm):
    """The completeness grid's filters; an administrator also chooses the city."""

    submit_label = "Lọc"

    def __init__(self, data, *, options: PeriodOptions, city=None, cities=()):
        super().__init__(data, options=options, city=city)
        if cities:
            self.fields.pop("tp", None)
            self.fields = {
                "tp": _choice(
                    "Thành phố",
                    [(c.pk, c.name) for c in cities],
                    city.pk,
                    "Chọn thành phố trong danh sách.",
                    coerce=int,
                ),
                **self.fields,
            }
        self.fields["so_ky"] = _choice(
            "Số kỳ hiển thị",
            [(n, n) for n in COLUMN_CHOICES],
            4,
            "Chọn số kỳ trong danh sách: trang đang hiển thị 4 kỳ.",
            coerce=int,
        )
        self.fields["trang_thai"] = _choice(
            "Trạng thái (kỳ đang xem)",
            [("", "Tất cả")] + [(s, STATE_LABELS[s]) for s in STATE_ORDER],
            "",
            "Chọn trạng thái trong danh sách: trang đang hiển thị tất cả.",
        )
        self.fields["tre"] = forms.BooleanField(label="Chỉ xã trễ hạn", required=False)
        self.fields["q"] = _search("Tìm theo tên")
        self.fields["sap_xep"] = _choice(
            "Sắp xếp",
            list(SORTS.items()),
            "ten",
            "Chọn cách sắp xếp trong danh sách: trang đang xếp theo tên.",
        )
        self.layout()


class CommuneSearchForm(forms.Form):
    """The reviewer's home page: search the communes by name, with or without diacritics."""

    q = _search("Tìm xã, phường, đặc khu")

    def __init__(self, data):
        super().__init__(data)
        self.helper = FormHelper(self)
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.form_class = "row g-2 align-items-end"
        self.helper.layout = Layout(
            Div("q", css_class="col-auto"),
            Div(
                StrictButton("Tìm", type="submit", css_class="btn-sm btn-primary"),
                css_class="col-auto mb-3",
            ),
        )

    @property
    def search(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""
