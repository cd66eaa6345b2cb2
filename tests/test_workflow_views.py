"""The workflow through its pages: the panel's forms (rendered with crispy, each with its
confirmation question), refusals with their messages next to the field or as links to the rows,
the issue form with its proposals, "what changed since the last submission" on the overview the
leader's "Xem xét" opens, the tab bar on every page of a report, and the worklist home page."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import workflow
from reports.models import AuditEntry, Report, Status
from reports.services import figure_sets
from tests.complete import fill_like_seed


def post(client, name, report, data=None):
    return client.post(reverse(name, kwargs={"pk": report.pk}), data or {})


def body(response) -> str:
    return response.content.decode()


def forms_of(page: str) -> list[dict]:
    """Each <form> of a page: its action, data-confirm, and named inputs with their values."""
    found = []
    for attrs, inner in re.findall(r"<form([^>]*)>(.*?)</form>", page, re.S):
        action = re.search(r'action="([^"]*)"', attrs)
        confirm = re.search(r'data-confirm="([^"]*)"', attrs)
        fields = {}
        for tag in re.findall(r"<input[^>]*>", inner):
            name = re.search(r'name="([^"]*)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if name:
                fields[name.group(1)] = unescape(value.group(1)) if value else ""
        for name, text in re.findall(
            r'<textarea[^>]*name="([^"]*)"[^>]*>(.*?)</textarea>', inner, re.S
        ):
            fields[name] = unescape(text)
        found.append(
            {
                "action": action.group(1) if action else "",
                "confirm": unescape(confirm.group(1)) if confirm else "",
                "fields": fields,
                "novalidate": "novalidate" in attrs,
            }
        )
    return found


def form_posting_to(page: str, url: str) -> dict:
    (form,) = [f for f in forms_of(page) if f["action"] == url]
    return form


def test_staff_submits_then_leader_returns_with_reason(client, staff, leader, draft_report):
    fill_like_seed(draft_report)
    overview = reverse("report_overview", kwargs={"pk": draft_report.pk})
    client.force_login(staff)
    page = body(client.get(overview))
    form = form_posting_to(page, reverse("report_submit", kwargs={"pk": draft_report.pk}))
    assert form["confirm"] == (
        "Gửi báo cáo Quý III năm 2026 của UBND xã Nam Thanh Miện cho lãnh đạo duyệt? Trong khi "
        "chờ duyệt, chuyên viên không sửa được số liệu."
    )
    assert form["novalidate"] and form["fields"]["next"] == overview
    # The form as rendered, with a comment typed.
    response = post(
        client, "report_submit", draft_report, form["fields"] | {"comment": "Kính trình"}
    )
    assert response.status_code == 302 and response["Location"] == overview
    draft_report.refresh_from_db()
    assert draft_report.status == Status.SUBMITTED
    assert draft_report.snapshots.filter(reason="submitted").count() == 1
    assert draft_report.audit_entries.latest("pk").comment == "Kính trình"

    client.force_login(leader)
    page = body(client.get(overview))
    url = reverse("report_return", kwargs={"pk": draft_report.pk})
    form = form_posting_to(page, url)
    assert form["confirm"] == (
        "Trả lại báo cáo Quý III năm 2026 của UBND xã Nam Thanh Miện cho người lập với lý do "
        "đã ghi?"
    )
    # A blank reason: refused next to the field, on a page of its own, nothing changed.
    response = client.post(url, form["fields"] | {"comment": "   "})
    assert response.status_code == 400
    page = body(response)
    assert re.search(
        r"invalid-feedback[^>]*>(\s|<[^>]+>)*Phải ghi lý do trả lại để người lập biết cần sửa gì\.",
        page,
    )
    assert form_posting_to(page, "")["confirm"] == form["confirm"]  # asks again on resend
    draft_report.refresh_from_db()
    assert draft_report.status == Status.SUBMITTED

    response = client.post(url, form["fields"] | {"comment": "Bổ sung số liệu Biểu 3"})
    assert response.status_code == 302
    draft_report.refresh_from_db()
    assert draft_report.status == Status.RETURNED

    client.force_login(staff)
    home = body(client.get("/"))
    assert "Cần hoàn thiện" in home
    assert "Lý do trả lại: Bổ sung số liệu Biểu 3" in home


def test_next_parameter_brings_back_to_the_page_and_refuses_other_sites(
    client, staff, draft_report
):
    fill_like_seed(draft_report)
    client.force_login(staff)
    response = post(client, "report_submit", draft_report, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("report_history", kwargs={"pk": draft_report.pk})


def test_a_refused_submit_leads_to_the_overview_with_links_to_the_rows(client, staff, draft_report):
    client.force_login(staff)
    response = post(client, "report_submit", draft_report)
    pk = draft_report.pk
    assert response.status_code == 302
    assert response["Location"] == f"/bao-cao/{pk}/#van-de"
    draft_report.refresh_from_db()
    assert draft_report.status == Status.DRAFT and not draft_report.snapshots.exists()

    page = body(client.get(response["Location"]))
    count = len(workflow.submission_problems(draft_report))
    assert f"Chưa thể gửi duyệt: còn {count} vấn đề cần xử lý. Bấm vào từng mục" in page
    assert f"Chưa gửi duyệt được: còn {count} mục cần xử lý" in page
    links = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', page)
    assert len(links) == count
    assert links[0] == (
        f"/bao-cao/{pk}/bieu/chi-dao-dieu-hanh/#r-directive_documents",
        "Chưa nhập: Biểu 1 mục 1: Số văn bản chỉ đạo CCHC đã ban hành",
    )
    assert (
        f"/bao-cao/{pk}/noi-dung/#id_section_3",
        "Chưa nhập: Nội dung báo cáo, mục III. Đánh giá chung",
    ) in links
    # Each link leads to a page holding that row.
    for url, _ in links[:3] + links[-2:]:
        path, anchor = url.split("#")
        target = body(client.get(path))
        assert f'id="{anchor}"' in target, url


def test_rule_problems_link_to_their_rows(client, staff, draft_report):
    fill_like_seed(draft_report)
    draft_report.explanations.all().delete()
    figures = figure_sets(draft_report)["ii"]
    figures.apps_late = 2  # 5.612 + 2 + 24 + 13 ≠ 5.650
    figures.save()
    client.force_login(staff)
    page = body(client.get(reverse("report_overview", kwargs={"pk": draft_report.pk})))
    pk = draft_report.pk
    links = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', page)
    assert [url for url, _ in links] == [
        f"/bao-cao/{pk}/bieu/so-lieu-phan-ii/#r-apps_resolved",
        f"/bao-cao/{pk}/bieu/so-lieu-phan-ii/#r-apps_online",
    ]
    assert links[0][1].startswith("Lỗi: Số hồ sơ đã giải quyết ở phần II (5.650)")
    assert links[1][1].startswith("Cảnh báo chưa có giải trình: Hồ sơ tiếp nhận trực tuyến")


def test_a_complete_report_shows_no_problem(client, staff, seed_report):
    client.force_login(staff)
    page = body(client.get(reverse("report_overview", kwargs={"pk": seed_report.pk})))
    assert "Đã nhập đủ số liệu và nội dung." in page and "#van-de" not in page


def test_staff_cannot_approve_and_nothing_changes(client, staff, draft_report):
    Report.objects.filter(pk=draft_report.pk).update(status=Status.SUBMITTED)
    client.force_login(staff)
    response = post(client, "report_approve", draft_report)
    assert response.status_code == 403
    assert "Chỉ Lãnh đạo UBND mới được “Phê duyệt” báo cáo." in body(response)
    draft_report.refresh_from_db()
    assert (draft_report.status, draft_report.approved_by) == (Status.SUBMITTED, None)


@pytest.mark.parametrize("name", ["report_submit", "report_return", "report_approve"])
def test_transitions_are_post_only(client, leader, draft_report, name):
    client.force_login(leader)
    assert client.get(reverse(name, kwargs={"pk": draft_report.pk})).status_code == 405


def test_leader_reviews_on_the_overview(client, staff, leader, draft_report):
    """ "Xem xét" opens the figures with the panel and what changed since the last submission."""
    fill_like_seed(draft_report)
    client.force_login(staff)
    figures = figure_sets(draft_report)["b1"]
    figures.survey_forms = 1200
    figures.save()
    workflow.report_submit(draft_report, user=staff)
    workflow.report_return(draft_report, user=leader, comment="Sửa 4.2")
    figures.refresh_from_db()
    figures.survey_forms = 1250
    figures.save()
    draft_report.refresh_from_db()
    draft_report.section_3 = "Đánh giá mới"
    draft_report.save()
    workflow.report_submit(draft_report, user=staff)

    client.force_login(leader)
    home = body(client.get("/"))
    overview = reverse("report_overview", kwargs={"pk": draft_report.pk})
    assert f'<a class="btn btn-sm btn-success" href="{overview}">Xem xét</a>' in home
    assert "Gửi lại lần 2" in home
    page = body(client.get(overview))
    assert "Thay đổi so với lần gửi duyệt trước (2)" in page
    assert "1.200" in page and "1.250" in page and "Đánh giá mới" in page
    # The panel offers the decision, each asking first.
    approve = form_posting_to(page, reverse("report_approve", kwargs={"pk": draft_report.pk}))
    assert approve["confirm"] == (
        "Phê duyệt báo cáo Quý III năm 2026 của UBND xã Nam Thanh Miện? Sau khi duyệt, số liệu "
        "không sửa được."
    )
    assert "Lý do trả lại (bắt buộc)" in page
    response = post(client, "report_approve", draft_report, approve["fields"])
    assert response.status_code == 302
    assert Report.objects.get(pk=draft_report.pk).status == Status.APPROVED


def test_reopen_asks_and_needs_a_reason(client, leader, seed_report):
    client.force_login(leader)
    page = body(client.get(reverse("report_overview", kwargs={"pk": seed_report.pk})))
    url = reverse("report_reopen", kwargs={"pk": seed_report.pk})
    form = form_posting_to(page, url)
    assert form["confirm"].startswith("Mở lại báo cáo Quý II năm 2026 của UBND xã Nam Thanh Miện")
    response = client.post(url, form["fields"])
    assert response.status_code == 400
    assert "Phải ghi lý do mở lại báo cáo đã duyệt." in body(response)
    assert Report.objects.get(pk=seed_report.pk).status == Status.APPROVED
    client.post(url, form["fields"] | {"comment": "Sửa Biểu 6"})
    assert Report.objects.get(pk=seed_report.pk).status == Status.RETURNED


def test_issue_form_proposes_today_and_the_next_number(client, clerk, seed_report, demo):
    today = timezone.localdate()
    fourth = Report.objects.create(commune=demo, year=2025, period_kind="Q4")
    Report.objects.filter(pk=fourth.pk).update(
        status=Status.ISSUED, number=41, issued_on=today, issued_year=today.year
    )
    client.force_login(clerk)
    url = reverse("report_issue", kwargs={"pk": seed_report.pk})
    page = body(client.get(url))
    form = form_posting_to(page, "")
    assert form["fields"]["number"] == "42"
    assert form["fields"]["issued_on"] == today.strftime("%d/%m/%Y")
    assert form["confirm"] == (
        "Ban hành báo cáo Quý II năm 2026 của UBND xã Nam Thanh Miện với số {number}, ngày "
        "{issued_on}? Sau khi ban hành, số và ngày không sửa được."
    )
    assert "/BC-UBND</span>" in page  # the number sits between "Số:" and "/BC-UBND"
    # Sent as rendered: issued with the proposals.
    response = client.post(url, form["fields"])
    assert response.status_code == 302
    seed_report.refresh_from_db()
    assert (seed_report.status, seed_report.number, seed_report.issued_on) == (
        Status.ISSUED,
        42,
        today,
    )
    assert seed_report.number_text == "Số: 42/BC-UBND"
    entry = seed_report.audit_entries.filter(action=AuditEntry.Action.TRANSITION).latest("pk")
    assert (entry.user, entry.to_status) == (clerk, Status.ISSUED)
    assert seed_report.snapshots.filter(reason="issued").get().data["number"] == 42


def test_issue_form_keeps_what_was_typed_and_says_why(client, clerk, seed_report):
    client.force_login(clerk)
    url = reverse("report_issue", kwargs={"pk": seed_report.pk})
    response = client.post(url, {"number": "01", "issued_on": "31/02/2026"})
    assert response.status_code == 400
    page = body(response)
    assert "Số văn bản không gõ số 0 ở đầu: gõ 1, văn bản in là “Số: 01/BC-UBND”." in page
    assert "Ngày “31/02/2026” không đúng dạng ngày/tháng/năm, ví dụ 15/07/2026." in page
    form = form_posting_to(page, "")
    assert (form["fields"]["number"], form["fields"]["issued_on"]) == ("01", "31/02/2026")
    seed_report.refresh_from_db()
    assert (seed_report.status, seed_report.number) == (Status.APPROVED, None)


def test_issue_form_refuses_a_number_taken_by_the_race_loser(
    client, clerk, seed_report, demo, monkeypatch
):
    """The constraint's refusal (a number issued in the same moment) lands next to the field."""
    today = timezone.localdate()
    other = Report.objects.create(commune=demo, year=2026, period_kind="Q1")
    client.force_login(clerk)
    url = reverse("report_issue", kwargs={"pk": seed_report.pk})
    form = form_posting_to(body(client.get(url)), "")
    # Between the page's check and the save, someone issues the same number.

    def issued_meanwhile(report, number, year):
        Report.objects.filter(pk=other.pk).update(
            status=Status.ISSUED, number=number, issued_on=today, issued_year=year
        )
        return None

    monkeypatch.setattr(workflow, "number_taken", issued_meanwhile)
    response = client.post(url, form["fields"] | {"number": "3"})
    assert response.status_code == 400
    assert "Số: 03/BC-UBND đã được dùng cho một báo cáo khác" in body(response)
    assert Report.objects.get(pk=seed_report.pk).status == Status.APPROVED


def test_issue_form_refused_for_the_wrong_state_and_role(client, clerk, staff, draft_report):
    client.force_login(clerk)
    response = client.get(reverse("report_issue", kwargs={"pk": draft_report.pk}))
    assert response.status_code == 302
    assert "Không thể “Ban hành” báo cáo đang ở trạng thái “Dự thảo”." in body(
        client.get(response["Location"])
    )
    client.force_login(staff)
    response = client.post(
        reverse("report_issue", kwargs={"pk": draft_report.pk}),
        {"number": "1", "issued_on": "01/07/2026"},
    )
    assert response.status_code == 403
    draft_report.refresh_from_db()
    assert (draft_report.status, draft_report.number) == (Status.DRAFT, None)


@pytest.mark.parametrize("person", ["staff", "leader"])
def test_issue_page_is_the_clerks_alone(client, request, person, seed_report):
    """The commune's staff and leader get 403 on the approved report's issue page, with the
    reason, and no form; posting it changes nothing."""
    client.force_login(request.getfixturevalue(person))
    url = reverse("report_issue", kwargs={"pk": seed_report.pk})
    response = client.get(url)
    assert response.status_code == 403
    page = body(response)
    assert "Chỉ Văn thư mới được “Ban hành” báo cáo." in page
    assert 'name="number"' not in page
    response = client.post(url, {"number": "7", "issued_on": "01/07/2026"})
    assert response.status_code == 403
    seed_report.refresh_from_db()
    assert (seed_report.status, seed_report.number) == (Status.APPROVED, None)


def test_history_shows_the_trail(client, city_reviewer, seed_report):
    client.force_login(city_reviewer)
    page = body(client.get(reverse("report_history", kwargs={"pk": seed_report.pk})))
    assert "Nhật ký thay đổi" in page
    assert "Phê duyệt" in page and "Vũ Văn Nguyễn" in page
    assert "Gửi lãnh đạo duyệt" not in page and "data-confirm" not in page  # a reader


@pytest.mark.parametrize(
    ("name", "tab"),
    [
        ("report_history", "Lịch sử"),
        ("report_exports", "Xuất Word, Excel"),
        ("report_import", "Xuất Word, Excel"),
        ("report_overview", "Tổng quan"),
        ("report_narrative", "Nội dung"),
    ],
)
def test_every_page_of_a_report_has_the_tab_bar(client, staff, draft_report, name, tab):
    client.force_login(staff)
    page = body(client.get(reverse(name, kwargs={"pk": draft_report.pk})))
    bar = re.search(r'<nav class="entry-nav report-tabs[^"]*".*?</nav>', page, re.S).group(0)
    labels = re.findall(r'title="[^"]*"[^>]*>([^<]+)</a>', bar)
    assert labels[0] == "Tổng quan" and labels[-1] == "Lịch sử" and len(labels) == 12
    assert re.search(rf'class="nav-link active"[^>]*aria-current="page">{tab}</a>', bar)


def test_issue_and_version_pages_have_the_tab_bar(client, clerk, seed_report):
    client.force_login(clerk)
    for url in (
        reverse("report_issue", kwargs={"pk": seed_report.pk}),
        reverse("report_version", args=[seed_report.pk, seed_report.snapshots.first().pk]),
    ):
        assert 'aria-current="page">Lịch sử</a>' in body(client.get(url)), url


# --- worklists ----------------------------------------------------------------------------


def _lists(response):
    return [(w.title, [r.pk for r in w.reports]) for w in response.context["worklists"]]


def test_worklist_staff(client, staff, seed_report, draft_report):
    client.force_login(staff)
    lists = _lists(client.get("/"))
    assert lists[0] == ("Cần hoàn thiện", [draft_report.pk])
    assert lists[2] == ("Đã duyệt, đã ban hành", [seed_report.pk])


def test_worklist_leader(client, leader, draft_report):
    client.force_login(leader)
    assert _lists(client.get("/"))[0] == ("Chờ duyệt", [])
    Report.objects.filter(pk=draft_report.pk).update(status=Status.SUBMITTED)
    response = client.get("/")
    assert _lists(response)[0] == ("Chờ duyệt", [draft_report.pk])
    assert "Xem xét" in body(response)


def test_worklist_clerk(client, clerk, seed_report):
    client.force_login(clerk)
    response = client.get("/")
    assert _lists(response)[0] == ("Chờ cấp số, ban hành", [seed_report.pk])
    assert reverse("report_issue", kwargs={"pk": seed_report.pk}) in body(response)


def test_worklist_city_lists_its_communes_only(
    client, city_reviewer, other_report, other_city_reviewer
):
    client.force_login(city_reviewer)
    page = body(client.get("/"))
    assert "UBND xã Nam Thanh Miện" in page and "UBND xã Tân Kỳ" in page
    assert "Quý III năm 2026" in page
    client.force_login(other_city_reviewer)
    page = body(client.get("/"))
    assert "Nam Thanh Miện" not in page and "Thành phố chưa có xã, phường nào." in page


def test_worklist_other_commune_sees_only_its_own(client, other_staff, other_report):
    client.force_login(other_staff)
    lists = _lists(client.get("/"))
    assert [pk for _, pks in lists for pk in pks] == [other_report.pk]


def test_panel_offers_the_next_step(client, clerk, staff, seed_report):
    workflow.report_issue(seed_report, user=clerk, number="7", issued_on=timezone.localdate())
    history_url = reverse("report_history", kwargs={"pk": seed_report.pk})
    client.force_login(clerk)
    page = body(client.get(history_url))
    assert reverse("report_signed_upload", kwargs={"pk": seed_report.pk}) in page
    assert "Lịch sử, thay đổi" not in page  # already on it
    client.force_login(staff)
    page = body(client.get(reverse("report_overview", kwargs={"pk": seed_report.pk})))
    assert "Tải lên văn bản đã ký" not in page
    assert f'href="{history_url}"' in page and "Số: 07/BC-UBND" in page


def test_only_staff_are_offered_a_new_period(client, staff, leader, clerk, demo):
    """The button follows ``access.may_create_report``, as the page it opens does (403)."""
    new_url = reverse("report_new")
    for person, offered in ((staff, True), (leader, False), (clerk, False)):
        client.force_login(person)
        assert (f'href="{new_url}"' in body(client.get("/"))) is offered, person.username
        assert client.get(new_url).status_code == (200 if offered else 403), person.username


# Vietnamese dictionary order: i < n (Ái before An), a < â (An before Ân), d < đ (Dương before
# Đông). In byte order, which ``commune__name`` gave, accented initials came after "Yên".
VIETNAMESE_ORDER = ["Ái Quốc", "An Bình", "Ân Thi", "Bắc Sơn", "Dương Kinh", "Đông Hưng", "Yên Mỹ"]


def test_worklists_and_the_report_list_in_vietnamese_order(client, demo, django_user_model):
    from reports.models import Commune, Role
    from tests.people import make_user

    for name in reversed(VIETNAMESE_ORDER):
        commune = Commune.objects.create(city=demo.city, name=name, kind=Commune.Kind.COMMUNE)
        Report.objects.create(commune=commune, year=2027, period_kind="Q1")
    client.force_login(make_user(django_user_model, "qt", Role.ADMIN, city=demo.city))

    def names(reports):
        return [r.commune.name for r in reports if r.year == 2027]

    home = client.get("/")
    assert names(home.context["worklists"][0].reports) == VIETNAMESE_ORDER
    listed = client.get(reverse("report_list"))
    assert names(listed.context["reports"]) == VIETNAMESE_ORDER
    assert names(Report.objects.all()) == VIETNAMESE_ORDER  # the model's (and admin's) order


def test_the_admin_link_follows_the_admin_sites_own_rule(client, staff, demo, django_user_model):
    admin_url = reverse("admin:index")
    client.force_login(django_user_model.objects.get(username="quantri"))  # staff, superuser
    assert f'href="{admin_url}"' in body(client.get("/"))
    client.force_login(staff)
    assert f'href="{admin_url}"' not in body(client.get("/"))
