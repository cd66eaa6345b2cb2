"""A report's history, readable: the audit trail in words (paged, filtered by kind), what
changed between two versions of its content (snapshots as ``ReportContent.to_json()`` dicts, or
the live report), and a saved version laid out for reading.

When a report comes back to the leader, ``changes_since_last_submission`` compares the two last
submitted snapshots; while it is under review, ``changes_since_submission`` compares the last
submitted snapshot with the live report (a leader may correct figures while reviewing).
"""

from dataclasses import dataclass

from reports import catalogue, workflow
from reports.content import TEXT_FIELDS, ReportContent, report_content
from reports.models import AuditEntry, Report, ReportSnapshot, Status, WarningExplanation
from reports.models.report import document_number_text
from reports.numbers import format_number, format_value
from reports.rules import rule_title
from reports.texts import normalise_newlines

A = AuditEntry.Action
# The history's filter: ?loai=<key> → (label, the audit actions it shows).
KINDS = {
    "so-lieu": ("Số liệu", (A.VALUE, A.IMPORT)),
    "trang-thai": ("Chuyển trạng thái", (A.TRANSITION, A.CREATE, A.UPLOAD, A.NUMBER)),
    "giai-trinh": ("Giải trình", (A.EXPLAIN,)),
    "noi-dung": ("Nội dung", (A.TEXT,)),
}


@dataclass(frozen=True)
class Change:
    place: str  # "Biểu mẫu 3 · 2.1.1." or "Nội dung · III. Đánh giá chung"
    label: str
    old: str
    new: str


def _shown(row: catalogue.Row, value) -> str:
    """A figure as a history line shows it: 5.650, 37.094,5, a choice's label, "(trống)"."""
    return format_value(row.kind, value, choices=row.choices) or "(trống)"


def _place(row: catalogue.Row) -> str:
    section = catalogue.SECTION_BY_KEY[row.section]
    return f"{section.heading or section.title} · {row.stt}".strip(" ·")


def content_diff(old: dict, new: dict) -> list[Change]:
    """Every figure, note, narrative text and explanation that differs, in catalogue order."""
    changes = []
    old_values, new_values = old.get("values", {}), new.get("values", {})
    for ref, row in catalogue.ROWS.items():
        if not row.is_input:
            continue
        before, after = _norm(old_values.get(ref)), _norm(new_values.get(ref))
        if before != after:
            changes.append(
                Change(
                    _place(row),
                    row.label,
                    _shown(row, old_values.get(ref)),
                    _shown(row, new_values.get(ref)),
                )
            )
    old_notes, new_notes = old.get("notes", {}), new.get("notes", {})
    for ref in sorted(set(old_notes) | set(new_notes), key=_catalogue_order):
        if (old_notes.get(ref) or "") != (new_notes.get(ref) or ""):
            row = catalogue.ROWS.get(ref)
            changes.append(
                Change(
                    (_place(row) if row else ref) + " · Ghi chú",
                    row.label if row else ref,
                    old_notes.get(ref) or "(trống)",
                    new_notes.get(ref) or "(trống)",
                )
            )
    old_texts, new_texts = old.get("texts", {}), new.get("texts", {})
    for name in TEXT_FIELDS:
        # Texts saved before line endings were normalised may hold "\r\n": not a change.
        before = normalise_newlines(old_texts.get(name) or "")
        if before != normalise_newlines(new_texts.get(name) or ""):
            changes.append(
                Change(
                    "Nội dung báo cáo",
                    Report.text_label(name),
                    old_texts.get(name) or "(trống)",
                    new_texts.get(name) or "(trống)",
                )
            )
    old_expl, new_expl = old.get("explanations", {}), new.get("explanations", {})
    for code in sorted(set(old_expl) | set(new_expl)):
        if (old_expl.get(code) or "") != (new_expl.get(code) or ""):
            changes.append(
                Change(
                    "Giải trình cảnh báo",
                    rule_title(code),
                    old_expl.get(code) or "(trống)",
                    new_expl.get(code) or "(trống)",
                )
            )
    return changes


def _norm(value):
    """Snapshots keep money as text ("12.500"); compare numbers as numbers."""
    if value is None or value == "":
        return None
    try:
        return format_number(value)
    except (ArithmeticError, ValueError, TypeError):
        return str(value)


def _catalogue_order(ref: str) -> int:
    refs = list(catalogue.ROWS)
    return refs.index(ref) if ref in catalogue.ROWS else len(refs)


def submitted_snapshots(report: Report) -> list[ReportSnapshot]:
    return list(report.snapshots.filter(reason=ReportSnapshot.Reason.SUBMITTED).order_by("-pk"))


def changes_since_last_submission(report: Report) -> list[Change] | None:
    """On a resubmitted report: what differs from the previous submission (None when the
    report was submitted only once)."""
    snapshots = submitted_snapshots(report)
    if len(snapshots) < 2:
        return None
    return content_diff(snapshots[1].data, snapshots[0].data)


def changes_since_submission(report: Report) -> list[Change] | None:
    """While under review: live content against the last submitted snapshot."""
    if report.status != Status.SUBMITTED:
        return None
    snapshots = submitted_snapshots(report)
    if not snapshots:
        return None
    return content_diff(snapshots[0].data, report_content(report).to_json())


@dataclass(frozen=True)
class HistoryLine:
    entry: AuditEntry
    what: str  # "Gửi duyệt", "Sửa số liệu"
    where: str  # "Biểu mẫu 3 · 2.1.1. Tổng số hồ sơ…" or ""
    old: str
    new: str


def history_entries(report: Report, kind: str = ""):
    """The report's audit rows, newest first, of one kind of ``KINDS`` (all for "")."""
    entries = report.audit_entries.select_related("user__profile").order_by("-at", "-pk")
    if kind in KINDS:
        entries = entries.filter(action__in=KINDS[kind][1])
    return entries


def history_lines(report: Report, entries=None) -> list[HistoryLine]:
    """Audit rows in words (every row of the report, newest first, unless ``entries`` is
    given, e.g. one page of ``history_entries``)."""
    lines = []
    for entry in history_entries(report) if entries is None else entries:
        what, where, old, new = entry.get_action_display(), "", entry.old_value, entry.new_value
        if entry.action == AuditEntry.Action.TRANSITION:
            what = workflow.move_label(entry.from_status, entry.to_status)
            old = Status(entry.from_status).label if entry.from_status else ""
            new = Status(entry.to_status).label if entry.to_status else ""
        elif entry.section and entry.field:
            row = catalogue.ROWS.get(f"{entry.section}.{entry.field}")
            if row is not None:
                where = f"{_place(row)} {row.label}"
        elif entry.field and entry.field in TEXT_FIELDS:
            where = Report.text_label(entry.field)
        elif entry.action == AuditEntry.Action.EXPLAIN:
            where = rule_title(entry.field)
        elif entry.field:
            where = entry.field
        lines.append(HistoryLine(entry, what, where, old, new))
    return lines


def last_comment(report: Report, to_status: str) -> AuditEntry | None:
    """The latest transition into ``to_status`` (e.g. the return with its reason)."""
    return (
        report.audit_entries.filter(action=AuditEntry.Action.TRANSITION, to_status=to_status)
        .select_related("user__profile")
        .order_by("-at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class ExplanationLine:
    title: str  # the rule's Vietnamese name
    explanation: WarningExplanation


def explanation_lines(report: Report) -> list[ExplanationLine]:
    explanations = report.explanations.select_related("author__profile").order_by("rule_code")
    return [ExplanationLine(rule_title(e.rule_code), e) for e in explanations]


def saved_version(snapshot: ReportSnapshot) -> dict:
    """A snapshot laid out for reading: the narrative body as the report prints it, the
    recipients, each section's table (read-only) and the explanations, all from the snapshot."""
    from reports import narrative
    from reports.entry.render import table_body
    from reports.entry.table import section_table

    content = ReportContent.from_json(snapshot.data)
    sections = []
    for section in catalogue.SECTIONS:
        prefix = section.key + "."
        notes = {
            ref.removeprefix(prefix): text
            for ref, text in content.notes.items()
            if ref.startswith(prefix)
        }
        rows = section_table(section, content.values, notes)
        sections.append(
            {"section": section, "table_body": table_body(rows, can_edit=False, prefix=prefix)}
        )
    return {
        "content": content,
        "status_label": Status(content.status).label,
        "number_text": document_number_text(content.number) if content.number else "",
        "body": narrative.body(content),
        "recipients": content.texts.get("recipients", ""),
        "sections": sections,
        "explanations": [
            (rule_title(code), text) for code, text in sorted(content.explanations.items())
        ],
    }
