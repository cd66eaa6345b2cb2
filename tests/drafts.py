"""Drafts in a given state, for tests that need a report someone could submit."""

from reports import catalogue
from reports.content import TEXT_FIELDS
from reports.models import Report, WarningExplanation
from reports.services import figure_sets


def complete_like_the_seed(seed: Report, draft: Report) -> None:
    """The Quý III draft holding the seed's figures, texts and explanations: a report its
    staff could submit."""
    seed_sets, draft_sets = figure_sets(seed), figure_sets(draft)
    for section in catalogue.SECTIONS:
        source, target = seed_sets[section.key], draft_sets[section.key]
        for row in section.input_rows:
            setattr(target, row.field, getattr(source, row.field))
        target.notes = dict(source.notes)
        target.save()
    for name in TEXT_FIELDS:
        setattr(draft, name, getattr(seed, name))
    draft.save()
    for explanation in seed.explanations.all():
        WarningExplanation.objects.update_or_create(
            report=draft,
            rule_code=explanation.rule_code,
            defaults={"text": explanation.text, "author": explanation.author},
        )
