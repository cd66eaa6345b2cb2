"""Saving what the entry pages and the Excel import send: figures, the narrative, or a warning
explanation.

``figures_save`` is the one path every figure takes, whoever saves it (a Biểu mẫu page, the Excel
import, the admin): lock the report row and refuse an approved or issued report as the model
guard does (``Report.refuse_if_frozen``), check the user's right to edit under that lock,
compare each figure set's version with the one the change was based on, then write, bump the
version and leave one AuditEntry per changed cell, the value formatted as the pages show it.

Optimistic locking: a page (or an import preview) carries the versions it was loaded at; if
someone saved since, ``SaveConflict`` is raised with the newer data and nothing is written.
Every changed value, note, text or explanation leaves an AuditEntry (old → new).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from reports import catalogue
from reports.access import can_edit
from reports.content import TEXT_FIELDS
from reports.models import FIGURE_MODELS, AuditEntry, Report, ReportFrozen, WarningExplanation
from reports.numbers import format_value

NOTE_COMMENT = "Ghi chú"
SECTION_ORDER = {section.key: index for index, section in enumerate(catalogue.SECTIONS)}


class SaveConflict(Exception):
    """Someone saved the same page after it was opened; ``current`` is what they saved."""

    def __init__(self, current):
        super().__init__("Dữ liệu đã được người khác cập nhật.")
        self.current = current


def _lock_report(report: Report, user) -> Report:
    """Lock the report row (only it: not the commune read with it); ReportFrozen, as the
    model's own guard raises it, on an approved or issued report, PermissionDenied when the
    user may not edit it now. ``user`` None is a management command run by the server's
    operator: only the frozen check applies."""
    locked = (
        Report.objects.select_for_update(of=("self",)).select_related("commune").get(pk=report.pk)
    )
    if locked.is_frozen:
        raise ReportFrozen()
    if user is not None and not can_edit(user, locked):
        raise PermissionDenied("Bạn không có quyền sửa báo cáo này ở trạng thái hiện tại.")
    return locked


@transaction.atomic
def figures_save(
    *,
    report,
    changes: dict,
    notes: dict,
    user,
    versions: dict | None = None,
    source: str = AuditEntry.Action.VALUE,
) -> int:
    """Write ``changes`` ({ref: value}, None blanks a cell) and ``notes`` ({ref: text}, ""
    removes the note); refs not given stay as they are. ``versions`` ({section key: version})
    are the versions the change was based on; ``source`` is the audit action that says where
    the change came from (``VALUE`` from a page, ``IMPORT`` from an Excel file). Returns the
    number of changed cells (values and notes). Raises SaveConflict when a figure set's version
    is not the one given, ReportFrozen or PermissionDenied as ``_lock_report``."""
    _lock_report(report, user)
    return _write_figures(
        report=report, changes=changes, notes=notes, user=user, versions=versions, source=source
    )


def _write_figures(*, report, changes, notes, user, versions, source) -> int:
    """``figures_save`` under the report lock its caller holds."""
    versions = versions or {}
    keys = {ref.split(".", 1)[0] for ref in (*changes, *notes)} | set(versions)
    locked = {}
    for key in sorted(keys, key=SECTION_ORDER.__getitem__):  # one lock order: no deadlock
        figures = FIGURE_MODELS[key].objects.select_for_update().get(report_id=report.pk)
        if key in versions and figures.version != versions[key]:
            raise SaveConflict(figures)
        locked[key] = figures
    audit = []
    for key, figures in locked.items():
        changed = _apply(figures, changes, notes)
        if not changed:
            continue
        figures.version += 1
        figures.updated_by = user
        figures.save()  # ReportContentPart.save: the model guard again, under the same lock
        setattr(report, FIGURE_MODELS[key].__name__.lower(), figures)  # the caller sees it
        audit.extend(
            AuditEntry(
                report_id=report.pk,
                user=user,
                action=source,
                section=key,
                field=row.field,
                old_value=old,
                new_value=new,
                comment=comment,
            )
            for row, old, new, comment in changed
        )
    AuditEntry.objects.bulk_create(audit)
    return len(audit)


def _apply(figures, changes: dict, notes: dict) -> list[tuple]:
    """Set the given values and notes on ``figures``; (row, old, new, comment) per change."""
    changed = []
    new_notes = {name: text for name, text in figures.notes.items() if text}
    for row in figures.section.input_rows:
        if row.ref in changes:
            old, new = getattr(figures, row.field), changes[row.ref]
            if old != new:
                setattr(figures, row.field, new)
                changed.append((row, format_value(row.kind, old), format_value(row.kind, new), ""))
        if row.ref in notes:
            old_note, new_note = figures.notes.get(row.field, ""), notes[row.ref]
            if old_note != new_note:
                changed.append((row, old_note, new_note, NOTE_COMMENT))
                if new_note:
                    new_notes[row.field] = new_note
                else:
                    new_notes.pop(row.field, None)
    figures.notes = new_notes
    return changed


def _section_changes(section: catalogue.Section, values, notes, version) -> dict:
    """The ``changes``, ``notes`` and ``versions`` of ``figures_save`` for the whole page of
    one section: every input row, a missing value blank, a missing note removed."""
    return {
        "changes": {row.ref: values.get(row.field) for row in section.input_rows},
        "notes": {row.ref: notes.get(row.field, "") for row in section.input_rows},
        "versions": {section.key: version},
    }


def section_save(*, report, section: catalogue.Section, values, notes, version, user) -> int:
    """Write the whole page of one section: its values ({field: value}, a missing field is
    blank) and notes ({field: text}); return the number of changed cells. Raises SaveConflict
    when ``version`` is not the saved one."""
    return figures_save(
        report=report, user=user, **_section_changes(section, values, notes, version)
    )


@transaction.atomic
def narrative_save(*, report, texts: dict, version: int, user) -> int:
    """Write the narrative texts; return the number changed. SaveConflict on a stale version."""
    locked = _lock_report(report, user)
    if locked.narrative_version != version:
        raise SaveConflict(locked)
    changed = [name for name in TEXT_FIELDS if getattr(locked, name) != texts.get(name, "")]
    if not changed:
        return 0
    entries = []
    for name in changed:
        entries.append(
            AuditEntry(
                report_id=locked.pk,
                user=user,
                action=AuditEntry.Action.TEXT,
                field=name,
                old_value=getattr(locked, name),
                new_value=texts[name],
            )
        )
        setattr(locked, name, texts[name])
    locked.narrative_version += 1
    locked.save(update_fields=[*changed, "narrative_version", "updated_at"])
    AuditEntry.objects.bulk_create(entries)
    report.narrative_version = locked.narrative_version
    for name in changed:
        setattr(report, name, texts[name])
    return len(changed)


@transaction.atomic
def explanation_save(*, report, rule_code: str, text: str, user) -> bool:
    """Write (or, with a blank text, remove) the explanation of a warning; True if it changed."""
    _lock_report(report, user)
    current = WarningExplanation.objects.filter(report_id=report.pk, rule_code=rule_code).first()
    entry = _write_explanation(report, rule_code, text, current, user)
    if entry is None:
        return False
    entry.save()
    return True


def _write_explanation(report, rule_code: str, text: str, current, user) -> AuditEntry | None:
    """Under the report lock its caller holds: write (or, with a blank text, remove) the
    explanation of ``rule_code`` whose saved row is ``current`` (None: none saved). Returns the
    AuditEntry of the change, not saved yet, or None when the text is the saved one."""
    text = text.strip()
    old = current.text if current else ""
    if old == text:
        return None
    if not text:
        current.delete()
    elif current is None:
        WarningExplanation.objects.create(
            report_id=report.pk, rule_code=rule_code, text=text, author=user
        )
    else:
        current.text, current.author = text, user
        current.save(update_fields=["text", "author", "updated_at"])
    return AuditEntry(
        report_id=report.pk,
        user=user,
        action=AuditEntry.Action.EXPLAIN,
        field=rule_code,
        old_value=old,
        new_value=text,
    )


@transaction.atomic
def page_save(
    *, report, explanations: dict, user, section=None, values=None, notes=None, version=None
) -> tuple[int, list[str]]:
    """Everything one entry page sends with its Lưu, in one transaction: the section's values
    and notes (on a Biểu mẫu page; ``section`` None on a page of explanations only) and the
    explanations ({rule code: text}) of the warnings shown on the page. Returns the number of
    changed cells and the codes of the changed explanations; on a SaveConflict nothing is
    written, explanations included."""
    if section is None and not explanations:
        return 0, []
    _lock_report(report, user)  # once for the whole page
    changed = 0
    if section is not None:
        changed = _write_figures(
            report=report,
            user=user,
            source=AuditEntry.Action.VALUE,
            **_section_changes(section, values, notes, version),
        )
    saved = {
        current.rule_code: current
        for current in WarningExplanation.objects.filter(
            report_id=report.pk, rule_code__in=list(explanations)
        )
    }
    explained, audit = [], []
    for code, text in explanations.items():
        entry = _write_explanation(report, code, text, saved.get(code), user)
        if entry is not None:
            explained.append(code)
            audit.append(entry)
    AuditEntry.objects.bulk_create(audit)
    return changed, explained
