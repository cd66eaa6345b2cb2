"""``{% explanation_box result text form_id %}``: one warning's explanation box in the rules
panel (``templates/reports/entry/_rules.html``), rendered with crispy like every ordinary form.

The boxes are not part of the hand-rendered Biểu mẫu table, kept by hand for speed (27–42×
``{{ form }}``, ``benchmarks/entry_pages.py``): a page shows a handful of warnings at most,
so rendering them through crispy costs little, and they get the markup, label and error
display of every other form. On a Biểu mẫu page they still travel with its one "Lưu"
(``form=``); elsewhere they share the panel's own form and "Lưu giải trình".
"""

from crispy_forms.utils import render_crispy_form
from django import template

from reports.entry.forms import ExplanationForm

register = template.Library()


@register.simple_tag
def explanation_box(result, text: str, form_id: str) -> str:
    form = ExplanationForm.box(result.code, text or "", form_id=form_id)
    return render_crispy_form(form, form.helper)
