"""The city's settings form: the cut-off day and sending deadline of one period type. The
filter forms of the city's pages are in ``filters.py``."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms

from reports.models import PeriodType, ReportingDeadline

DAY_MESSAGES = {
    "min_value": "Ngày phải từ 1 đến 31.",
    "max_value": "Ngày phải từ 1 đến 31.",
    "invalid": "Nhập một số ngày từ 1 đến 31.",
    "required": "Không được để trống.",
}


class DeadlineForm(forms.ModelForm):
    """One period type's row of the deadlines page, prefixed by its type ("quarter-…"); the
    page shows the three in one <form> with one Lưu, each as a fieldset named by its type."""

    class Meta:
        model = ReportingDeadline
        fields = ["cutoff_day", "deadline_day", "deadline_month"]
        error_messages = dict.fromkeys(("cutoff_day", "deadline_day"), DAY_MESSAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's one <form> holds {% csrf_token %}
        self.helper.layout = Layout(
            Fieldset(
                PeriodType(self.instance.period_type).label,
                Div(
                    *(Div(name, css_class="col-md-4") for name in self.Meta.fields),
                    css_class="row g-3",
                ),
                css_class="deadline-type mb-2",
            )
        )
