"""Forms of the workflow pages: the comment of a move (submit, return, approve, reopen) and the
văn thư's issue form. They only read what was typed; ``reports.workflow`` judges it (a reason
is required to return or reopen, a number is ASCII digits from 1, a date not in the future), and
the view puts a refusal next to the field it names."""

from datetime import date, datetime

from crispy_forms.bootstrap import PrependedAppendedText
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils import timezone

from reports import workflow
from reports.texts import MultilineField


class ActionForm(forms.Form):
    """The comment of one move; its label and placeholder are the transition's
    (``workflow.TRANSITIONS``). Rendered with crispy, without its own <form> tag: the panel and
    the refusal page write that, with the confirmation."""

    comment = MultilineField(required=False, max_length=2000)

    def __init__(self, action: str, *args, **kwargs):
        # Names stay "comment" (what the move reads); ids differ, as the panel shows two forms.
        super().__init__(*args, auto_id=f"id_{action}_%s", **kwargs)
        self.action = action
        field = self.fields["comment"]
        transition = workflow.TRANSITIONS[action]
        field.label = transition.comment_label
        field.widget.attrs["placeholder"] = transition.comment_placeholder
        field.widget.attrs["autocomplete"] = "off"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's own <form> holds {% csrf_token %}


def parse_vn_date(text: str) -> date | None:
    """15/07/2026 (as typed) or 2026-07-15 (from a date picker); None when not a date."""
    text = (text or "").strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


class IssueForm(forms.Form):
    """The văn thư's number and date. On a first visit the date is today and the number the
    next one after the commune's largest of the year: both only proposals."""

    # strip=False: a space typed in the number is refused, not silently dropped.
    number = forms.CharField(label="Số văn bản", required=False, strip=False, max_length=20)
    issued_on = forms.CharField(label="Ngày ban hành", required=False, max_length=20)
    comment = MultilineField(
        label=workflow.TRANSITIONS["issue"].comment_label, required=False, max_length=2000
    )

    def __init__(self, report, data=None, **kwargs):
        self.report = report
        if data is None:
            today = timezone.localdate()
            kwargs.setdefault(
                "initial",
                {
                    "number": str(workflow.next_free_number(report, today.year)),
                    "issued_on": today.strftime("%d/%m/%Y"),
                },
            )
        super().__init__(data, **kwargs)
        self.fields["number"].widget.attrs.update(inputmode="numeric", autocomplete="off")
        self.fields["number"].help_text = (
            "Đề xuất: số tiếp theo sau số lớn nhất xã đã cấp trong năm trên hệ thống; đối "
            "chiếu với sổ đăng ký văn bản. Gõ 5, văn bản in “Số: 05/BC-UBND”."
        )
        self.fields["issued_on"].widget.attrs.update(placeholder="ngày/tháng/năm, ví dụ 15/07/2026")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            PrependedAppendedText("number", "Số:", "/BC-UBND"), "issued_on", "comment"
        )

    def clean(self):
        data = super().clean()
        typed = data.get("issued_on", "")
        issued_on = parse_vn_date(typed)
        data["issued_on_date"] = issued_on
        errors = workflow.issue_errors(self.report, data.get("number", ""), issued_on)
        if typed and issued_on is None:
            errors["issued_on"] = (
                f"Ngày “{typed}” không đúng dạng ngày/tháng/năm, ví dụ 15/07/2026."
            )
        for field, message in errors.items():
            self.add_error(field, message)
        return data
