"""The rule warnings of the communes' reports as the city reads them, with the explanations kept
with each report (``WarningExplanation`` rows, read in one query for all the reports).

The lines themselves come from ``reports.explanations.explanation_lines``, as for the report's
own workbook. A report the city counts (approved or issued) has passed the submission check, so
each of its warnings has an explanation; a draft may show warnings still unexplained, and errors.
"""

from dataclasses import replace

from reports import rules
from reports.content import explanations_by_report, form_record
from reports.explanations import WarningLine, explanation_lines, row_names
from reports.models import WarningExplanation


def warning_lines(items, reports, *, severities=(rules.WARNING,)) -> list[WarningLine]:
    """The failing rules of the given severities for each ``(report id, commune, values)`` of
    ``items``, with the explanations of ``reports`` (a queryset of the same reports)."""
    explained = explanations_by_report(WarningExplanation.objects.filter(report__in=reports))
    names = row_names(form_record())
    lines = []
    for report_id, commune, values in items:
        found = explained.get(report_id, {})
        for line in explanation_lines(values, found, names=names, severities=severities):
            lines.append(replace(line, report_id=report_id, commune=commune))
    return sorted(lines, key=lambda line: line.severity != rules.ERROR)


def report_warnings(report, values: dict) -> list[WarningLine]:
    """Every error and warning of one report, the warnings with their explanations."""
    items = [(report.pk, report.commune.official_name, values)]
    reports = type(report).objects.filter(pk=report.pk)
    return warning_lines(items, reports, severities=(rules.ERROR, rules.WARNING))
