"""Entry pages: the report list, a new period, the overview, one page per Biểu mẫu (and one for
the section II figures), the narrative texts and the explanations of warnings.

Every view gets its report through ``reports.access`` (404 outside the user's scope, 403 when
the user may not write it now). Values are read by ``reports.parsing``, checked by
``reports.rules`` and written by ``reports.entry.saving``; a refused save keeps what the user
typed in the fields, with the message next to the field, and changes nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cchc.redirects import own_url
from reports import catalogue, history, rules
from reports.access import (
    can_edit,
    commune_for_new_report,
    get_report_for_user,
    may_create_report,
    profile_of,
    reports_for_user,
)
from reports.completeness import submission_problems
from reports.content import TEXT_FIELDS, report_content
from reports.entry.forms import NarrativeForm, NewReportForm, explanations_from, section_form_class
from reports.entry.render import table_body
from reports.entry.saving import SaveConflict, narrative_save, page_save
from reports.entry.table import completeness, previous_figures, section_table
from reports.models import AuditEntry, Report
from reports.numbers import format_value
from reports.periods import Period
from reports.services import figure_sets, report_create, report_values, with_figures
from reports.tabs import report_tabs

CONFLICT = (
    "Không lưu được: {who} đã lưu {what} lúc {when}, sau khi bạn mở trang. Số liệu của bạn vẫn "
    "nằm trong các ô bên dưới; giá trị người kia đã lưu được ghi ngay dưới ô khác nhau. Kiểm tra "
    "lại rồi bấm Lưu nếu vẫn muốn thay bằng số liệu của bạn."
)
INVALID = (
    "Chưa lưu: có ô nhập chưa đúng (xem thông báo ngay dưới ô). Số liệu đã lưu trước đó vẫn giữ "
    "nguyên."
)
STALE_PAGE = (
    "Chưa lưu: trang thiếu thông tin phiên bản (có thể trang đã cũ). Số liệu bạn nhập vẫn nằm "
    "trong các ô; hãy sao lưu lại rồi tải lại trang."
)
NARRATIVE_CONFLICT = (
    "Không lưu được: {who} đã cập nhật nội dung báo cáo sau khi bạn mở trang. Nội dung bạn nhập "
    "vẫn nằm trong các ô; bản đã lưu được hiện bên dưới từng ô khác nhau."
)


def _report(request, pk, *, for_write=False) -> Report:
    queryset = with_figures(Report.objects.all())
    return get_report_for_user(request.user, pk, for_write=for_write, queryset=queryset)


def _section(slug) -> catalogue.Section:
    try:
        return catalogue.SECTION_BY_SLUG[slug]
    except KeyError:
        raise Http404("Không có biểu mẫu này.") from None


def _nav(report, current: str) -> list[dict]:
    return report_tabs(report, current)


def _rule_items(report, results, explanations=None, *, typed=None) -> list[tuple]:
    """(result, explanation text) for the rules panel: the saved explanation, or after a
    refused save what the user typed in its box (the box's form finds why it was refused)."""
    if explanations is None:
        explanations = rules.explanations_of(report) if results else {}
    texts = explanations | (typed or {})
    return [(r, texts.get(r.code, "")) for r in results]


def _who(user) -> str:
    profile = profile_of(user) if user else None
    return (profile.full_name if profile else getattr(user, "username", "")) or "người khác"


@login_required
def report_list(request):
    reports = reports_for_user(request.user).order_by("-year", "-period_kind", "commune__sort_key")
    return render(
        request,
        "reports/entry/list.html",
        {"reports": reports, "can_create": may_create_report(request.user)},
    )


@login_required
def report_new(request):
    """Staff create their commune's report of a new period, starting from the last one."""
    commune = commune_for_new_report(request.user)
    latest = max((r.period for r in Report.objects.filter(commune=commune)), default=None)
    form = NewReportForm(request.POST or None, initial=NewReportForm.suggested(latest))
    context = {"form": form, "commune": commune, "latest": latest}
    if request.method != "POST":
        return render(request, "reports/entry/new.html", context)
    if form.is_valid():
        period = Period(form.cleaned_data["year"], form.cleaned_data["period_kind"])
        existing = Report.objects.filter(
            commune=commune, year=period.year, period_kind=period.kind
        ).first()
        if existing is None:
            try:
                report = report_create(commune=commune, period=period, user=request.user)
            except IntegrityError:  # created by someone else at the same moment
                existing = Report.objects.get(
                    commune=commune, year=period.year, period_kind=period.kind
                )
            else:
                messages.success(
                    request,
                    f"Đã tạo báo cáo {period.label}. Các số liệu chuyển kỳ (danh mục TTHC, biên "
                    "chế được giao, số ĐVSN, …) và căn cứ, nơi nhận đã được sao chép từ kỳ trước; "
                    "số liệu phát sinh trong kỳ để trống.",
                )
                return redirect("report_overview", pk=report.pk)
        form.add_error(
            None, f"Báo cáo {period.label} của {commune.official_name} đã có, không tạo thêm."
        )
        context["existing"] = existing
    return render(request, "reports/entry/new.html", context, status=400)


@login_required
def report_overview(request, pk):
    return _overview_page(request, _report(request, pk))


def _overview_page(request, report, *, typed=None, back="", status=200):
    """The overview; after refused explanations, with what was typed in their boxes and the
    page they came from (``back``), where the next save of them returns."""
    values = report_values(report)
    results = rules.check_values(values)
    explanations = rules.explanations_of(report)
    sets = figure_sets(report)
    sections = []
    for section in catalogue.SECTIONS:
        filled, total = completeness(section, values)
        own = rules.for_section(results, section.key)
        sections.append(
            {
                "section": section,
                "filled": filled,
                "total": total,
                "errors": sum(r.is_error for r in own),
                "warnings": sum(not r.is_error for r in own),
                "table_body": table_body(
                    section_table(section, values, sets[section.key].notes, results=own),
                    can_edit=False,
                    prefix=section.key + "-",
                ),
                "url": reverse("report_section", args=[report.pk, section.slug]),
            }
        )
    texts_filled = sum(bool(getattr(report, name).strip()) for name in TEXT_FIELDS)
    return render(
        request,
        "reports/entry/overview.html",
        {
            "report": report,
            "sections": sections,
            "rule_items": _rule_items(report, results, explanations, typed=typed),
            # What stops a submission, with links; and for the leader, what changed.
            "problems": submission_problems(
                report, values=values, results=results, explained=explanations
            ),
            "since_last_submission": history.changes_since_last_submission(report),
            "since_submission": history.changes_since_submission(report),
            "texts_filled": texts_filled,
            "texts_total": len(TEXT_FIELDS),
            "can_edit": can_edit(request.user, report),
            "nav": _nav(report, "overview"),
            "unsaved": status != 200,
            "explain_next": back,
        },
        status=status,
    )


def _section_page(
    request,
    report,
    section,
    *,
    form=None,
    explanations=None,
    explanation_errors=None,
    theirs=None,
    theirs_notes=None,
    version=None,
    status=200,
):
    values = report_values(report)
    figures = figure_sets(report)[section.key]
    results = rules.check_values(values)
    own = rules.for_section(results, section.key)
    editable = can_edit(request.user, report)
    typed = errors = None
    shown = values
    if form is not None:
        typed, errors = form.data, form.errors
        # Ratios follow what the user typed (blank where it could not be read), as the
        # page's script does; the rules panel keeps judging the saved values.
        parsed = getattr(form, "values", {})
        shown = values | {row.ref: parsed.get(row.field) for row in section.input_rows}
    shown_codes = {r.code for r in own}
    stray = [m for code, m in (explanation_errors or {}).items() if code not in shown_codes]
    if stray:  # a box the page no longer shows: say it at the top
        messages.error(request, " ".join(stray))
    keys = [s.key for s in catalogue.SECTIONS]
    index = keys.index(section.key)
    before, before_period = previous_figures(report, section)
    return render(
        request,
        "reports/entry/section.html",
        {
            "report": report,
            "section": section,
            "table_body": table_body(
                section_table(
                    section,
                    shown,
                    figures.notes,
                    typed=typed,
                    errors=errors,
                    theirs=theirs,
                    theirs_notes=theirs_notes,
                    results=own,
                    previous=before,
                    previous_period=before_period,
                ),
                can_edit=editable,
            ),
            "version": figures.version if version is None else version,
            "rule_items": _rule_items(report, own, typed=explanations),
            "unsaved": status != 200,
            "other_results": len(results) - len(own),
            "can_edit": editable,
            "nav": _nav(report, section.key),
            "previous": catalogue.SECTIONS[index - 1] if index else None,
            "next": catalogue.SECTIONS[index + 1] if index + 1 < len(keys) else None,
        },
        status=status,
    )


@login_required
def report_section(request, pk, slug):
    section = _section(slug)
    if request.method != "POST":
        return _section_page(request, _report(request, pk), section)
    report = _report(request, pk, for_write=True)
    form = section_form_class(section)(request.POST)
    explanations, explanation_errors = explanations_from(request.POST)
    if not form.is_valid() or explanation_errors:
        stale = "version" in form.errors or "" in explanation_errors
        messages.error(request, STALE_PAGE if stale else INVALID)
        return _section_page(
            request,
            report,
            section,
            form=form,
            explanations=explanations,
            explanation_errors=explanation_errors,
            status=400,
        )
    try:
        changed, explained = page_save(
            report=report,
            section=section,
            values=form.values,
            notes=form.notes,
            version=form.cleaned_data["version"],
            explanations=explanations,
            user=request.user,
        )
    except SaveConflict as conflict:
        current = conflict.current
        theirs, theirs_notes = {}, {}
        for row in section.input_rows:
            saved = getattr(current, row.field)
            if saved != form.values.get(row.field):
                theirs[row.field] = format_value(row.kind, saved)
            if current.notes.get(row.field, "") != form.notes.get(row.field, ""):
                theirs_notes[row.field] = current.notes.get(row.field, "")
        when = current.updated_at.astimezone().strftime("%H:%M ngày %d/%m/%Y")
        messages.error(
            request,
            CONFLICT.format(
                who=_who(current.updated_by), what=section.heading or section.title, when=when
            ),
        )
        report = _report(request, pk)  # the figures as they are now
        return _section_page(
            request,
            report,
            section,
            form=form,
            explanations=explanations,
            theirs=theirs,
            theirs_notes=theirs_notes,
            version=current.version,
            status=409,
        )
    name = section.heading or section.title
    done = [f"{changed} ô thay đổi"] if changed else []
    done += [f"{len(explained)} giải trình"] if explained else []
    if done:
        messages.success(request, f"Đã lưu {name} ({', '.join(done)}).")
    else:
        messages.info(request, f"{name}: không có thay đổi nào để lưu.")
    target = section
    if "save_next" in request.POST:
        keys = [s.key for s in catalogue.SECTIONS]
        index = keys.index(section.key)
        if index + 1 < len(keys):
            target = catalogue.SECTIONS[index + 1]
        else:
            return redirect("report_narrative", pk=report.pk)
    return redirect("report_section", pk=report.pk, slug=target.slug)


@login_required
def report_narrative(request, pk):
    from reports.narrative import section_two

    report = _report(request, pk, for_write=request.method == "POST")
    status = 200
    if request.method == "POST":
        form = NarrativeForm(request.POST, instance=report)
        # The form is only a validator: the save goes through narrative_save, never form.save().
        if form.is_valid():
            texts = {name: form.cleaned_data[name] for name in TEXT_FIELDS}
            try:
                changed = narrative_save(
                    report=report,
                    texts=texts,
                    version=form.cleaned_data["version"],
                    user=request.user,
                )
            except SaveConflict as conflict:
                last = report.audit_entries.filter(action=AuditEntry.Action.TEXT).last()
                messages.error(
                    request,
                    NARRATIVE_CONFLICT.format(who=_who(last.user if last else None)),
                )
                theirs = {
                    name: getattr(conflict.current, name)
                    for name in TEXT_FIELDS
                    if getattr(conflict.current, name) != texts[name]
                }
                data = request.POST.copy()
                data["version"] = conflict.current.narrative_version
                form = NarrativeForm(data, instance=Report.objects.get(pk=report.pk))
                form.is_valid()
                return _narrative_page(request, report, form, theirs=theirs, status=409)
            if changed:
                messages.success(request, f"Đã lưu nội dung báo cáo ({changed} mục thay đổi).")
            else:
                messages.info(request, "Nội dung báo cáo: không có thay đổi nào để lưu.")
            return redirect("report_narrative", pk=report.pk)
        messages.error(request, INVALID)
        status = 400
    else:
        form = NarrativeForm(instance=report, initial={"version": report.narrative_version})
    return _narrative_page(request, report, form, status=status, section_two=section_two)


def _narrative_page(request, report, form, *, theirs=None, status=200, section_two=None):
    if section_two is None:
        from reports.narrative import section_two
    fields = [{"field": form[name], "theirs": (theirs or {}).get(name)} for name in TEXT_FIELDS]
    return render(
        request,
        "reports/entry/narrative.html",
        {
            "report": report,
            "form": form,
            "fields": fields,
            "preview": section_two(report_content(report)),
            "can_edit": can_edit(request.user, report),
            "nav": _nav(report, "narrative"),
            "unsaved": status != 200,
        },
        status=status,
    )


@login_required
@require_POST
def report_explain(request, pk):
    """Save every explanation box of the page in one transaction, then go back to the page they
    were written on. A refused box shows the overview again, with what was typed in each box."""
    report = _report(request, pk, for_write=True)
    target = own_url(request, request.POST.get("next")) or reverse(
        "report_overview", args=[report.pk]
    )
    typed, errors = explanations_from(request.POST)
    if not typed and not errors:
        errors[""] = "Không có giải trình nào được gửi."
    if errors:
        messages.error(request, "Không lưu được giải trình: " + " ".join(errors.values()))
        return _overview_page(request, report, typed=typed, back=target, status=400)
    _, explained = page_save(report=report, explanations=typed, user=request.user)
    if len(explained) == 1:
        removed = not typed[explained[0]].strip()
        messages.success(request, "Đã xóa giải trình." if removed else "Đã lưu giải trình.")
    elif explained:
        messages.success(request, f"Đã lưu {len(explained)} giải trình.")
    else:
        messages.info(request, "Giải trình: không có thay đổi nào để lưu.")
    return redirect(target)
