"""Saving what the entry pages send: one Biểu mẫu, the narrative, or a warning explanation.

Each save is atomic and locks the report row first (then the figure set), so a save and a
workflow move of the same report cannot interleave, and the user's right to edit is checked
again under the lock. Optimistic locking: the page carries the ``version`` it was loaded at; if
someone saved since, ``SaveConflict`` is raised with the newer data and nothing is written.
Every changed value, note, text or explanation leaves an AuditEntry (old → new).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from reports import catalogue
from reports.access import can_edit
from reports.content import TEXT_FIELDS
from reports.entry.table import display_value
from reports.models import FIGURE_MODELS, AuditEntry, Report, WarningExplanation

NOTE_COMMENT = "Ghi chú"


class SaveConflict(Exception):
    """Someone saved the same page after it was opened; ``current`` is what they saved."""

    def __init__(self, current):
        super().__init__("Dữ liệu đã được người khác cập nhật.")
        self.current = current


def _lock_report(report: Report, user) -> Report:
    locked = Report.objects.select_for_update().select_related("commune").get(pk=report.pk)
    if not can_edit(user, locked):
        raise PermissionDenied("Bạn không có quyền sửa báo cáo này ở trạng thái hiện tại.")
    return locked


@transaction.atomic
def section_save(*, report, section: catalogue.Section, values, notes, version, user) -> int:
    """Write the section's values ({field: value}) and notes ({field: text}); return the number
    of changed cells. Raises SaveConflict when ``version`` is not the saved one."""
    _lock_report(report, user)
    model = FIGURE_MODELS[section.key]
    figures = model.objects.select_for_update().get(report_id=report.pk)
    if figures.version != version:
        raise SaveConflict(figures)
    audit = []
    new_notes = {k: v for k, v in figures.notes.items() if v}
    for row in section.input_rows:
        old, new = getattr(figures, row.field), values.get(row.field)
        if old != new:
            setattr(figures, row.field, new)
            audit.append((row, display_value(row, old), display_value(row, new), ""))
        old_note, new_note = figures.notes.get(row.field, ""), notes.get(row.field, "")
        if old_note != new_note:
            audit.append((row, old_note, new_note, NOTE_COMMENT))
            if new_note:
                new_notes[row.field] = new_note
            else:
                new_notes.pop(row.field, None)
    if not audit:
        return 0
    figures.notes = new_notes
    figures.version += 1
    figures.updated_by = user
    figures.save()
    AuditEntry.objects.bulk_create(
        AuditEntry(
            report_id=report.pk,
            user=user,
            action=AuditEntry.Action.VALUE,
            section=section.key,
            field=row.field,
            old_value=old,
            new_value=new,
            comment=comment,
        )
        for row, old, new, comment in audit
    )
    return len(audit)


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
    text = text.strip()
    current = WarningExplanation.objects.filter(report_id=report.pk, rule_code=rule_code).first()
    old = current.text if current else ""
    if old == text:
        return False
    if text:
        WarningExplanation.objects.update_or_create(
            report_id=report.pk, rule_code=rule_code, defaults={"text": text, "author": user}
        )
    else:
        current.delete()
    AuditEntry.objects.create(
        report_id=report.pk,
        user=user,
        action=AuditEntry.Action.EXPLAIN,
        field=rule_code,
        old_value=old,
        new_value=text,
    )
    return True


@transaction.atomic
def page_save(
    *, report, explanations: dict, user, section=None, values=None, notes=None, version=None
) -> tuple[int, list[str]]:
    """Everything one entry page sends with its Lưu, in one transaction: the section's values
    and notes (on a Biểu mẫu page; ``section`` None on a page of explanations only) and the
    explanations ({rule code: text}) of the warnings shown on the page. Returns the number of
    changed cells and the codes of the changed explanations; on a SaveConflict nothing is
    written, explanations included."""
    changed = 0
    if section is not None:
        changed = section_save(
            report=report, section=section, values=values, notes=notes, version=version, user=user
        )
    explained = [
        code
        for code, text in explanations.items()
        if explanation_save(report=report, rule_code=code, text=text, user=user)
    ]
    return changed, explained
