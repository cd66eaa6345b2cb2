"""A draft made complete, for tests that move it through the workflow: the seed's figures,
notes, narrative texts and warning explanations copied into the Quý III draft. The seed passes
every completeness check and rule, so the draft may then be submitted and approved."""

from reports import catalogue
from reports.content import TEXT_FIELDS
from reports.models import Report, WarningExplanation
from reports.services import figure_sets


def fill_like_seed(draft: Report, *, blank: tuple[str, ...] = ()) -> Report:
    """Copy the demo seed (Quý II/2026 of the same commune) into ``draft``; the refs in
    ``blank`` stay blank. Returns the draft, refreshed."""
    seed = Report.objects.get(commune_id=draft.commune_id, year=2026, period_kind="Q2")
    seed_sets, draft_sets = figure_sets(seed), figure_sets(draft)
    for section in catalogue.SECTIONS:
        source, target = seed_sets[section.key], draft_sets[section.key]
        for row in section.input_rows:
            value = None if row.ref in blank else getattr(source, row.field)
            setattr(target, row.field, value)
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
    draft.refresh_from_db()
    return draft
