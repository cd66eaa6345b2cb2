"""Every page of every role on a phone (390 × 844): nothing scrolls sideways except a table
that scrolls inside its own box, and every button and tab is within reach.

PAGES lists, per role, the pages that role opens (like the access matrix lists object URLs);
add a page here when you add one. A screenshot of each page is saved (folder printed)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse

from reports import catalogue
from reports.models import Report, Status
from reports.signing.services import signed_document_upload
from tests.browser.test_login import log_in
from tests.pki import cast
from tests.signed_pdfs import sign_as_the_commune
from tests.signed_reports import keep_pdfs, trust_roots, upload  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _sections(report):
    return [reverse("report_section", args=[report.pk, s.slug]) for s in catalogue.SECTIONS]


def _report_pages(report):
    return [
        reverse("report_overview", args=[report.pk]),
        *_sections(report),
        reverse("report_narrative", args=[report.pk]),
        reverse("report_history", args=[report.pk]),
        reverse("report_exports", args=[report.pk]),
    ]


# (username, pages): ``pages`` builds the URLs from the draft (Quý III) and the seed (Quý II,
# approved) reports.
PAGES = {
    "chuyenvien": lambda draft, seed: [
        reverse("home"),
        reverse("report_list"),
        reverse("report_new"),
        *_report_pages(draft),
        reverse("report_import", args=[draft.pk]),
        reverse("report_overview", args=[seed.pk]),
        reverse("password_change"),
    ],
    "lanhdao": lambda draft, seed: [
        reverse("home"),
        *_report_pages(seed),
        reverse("report_overview", args=[draft.pk]),
    ],
    "vanthu": lambda draft, seed: [
        reverse("home"),
        reverse("report_issue", args=[seed.pk]),
        reverse("report_history", args=[seed.pk]),
        reverse("report_exports", args=[seed.pk]),
    ],
    "sonoivu": lambda draft, seed: [
        reverse("home"),
        reverse("city_grid") + "?so_ky=8",  # eight periods: a wide grid
        reverse("city_report", args=[seed.pk]),
        reverse("city_deadlines"),
        reverse("city_rollup"),
        reverse("city_trends"),
        reverse("commune_trends", args=[seed.commune_id]),
        *_report_pages(seed),
    ],
}

# Buttons (and links styled as buttons) must lie on the screen: an action hidden to the right
# of a table that scrolls sideways is found by nobody. Tabs and fields may lie in a box that
# scrolls sideways (the city grid), never outside the screen otherwise.
OUT_OF_REACH = """() => {
  const scrolls = (el) => {
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      if (/(auto|scroll)/.test(getComputedStyle(box).overflowX)) return true;
    }
    return false;
  };
  const controls = "button, .btn, .nav-link, a.state, input, select, textarea";
  return Array.from(document.querySelectorAll(controls))
    .filter((el) => {
      const r = el.getBoundingClientRect();
      if (!r.width || !r.height || el.closest(".collapse:not(.show)")) return false;
      const off = r.left < -0.5 || r.right > window.innerWidth + 0.5;
      return off && (el.matches("button, .btn") || !scrolls(el));
    })
    .map((el) => (el.textContent || el.name || el.tagName).trim().slice(0, 40));
}"""


def _check(page, url, shots, name) -> list[str]:
    response = page.goto(url)
    assert response.status == 200, url
    problems = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        problems.append(f"{url}: the page is {width} px wide")
    out = page.evaluate(OUT_OF_REACH)
    if out:
        problems.append(f"{url}: out of reach: {out}")
    shots(page, name)
    return problems


@pytest.mark.parametrize("username", list(PAGES))
def test_every_page_fits_a_phone(
    live_server, seed_report, draft_report, browser_context, shots, username
):
    page = browser_context().new_page()
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, username)
    problems = []
    for url in PAGES[username](draft_report, seed_report):
        name = url.split("?")[0].strip("/").replace("/", "_") or "home"
        problems += _check(page, live_server.url + url, shots, name)
    if username == "sonoivu":
        grid = page.goto(live_server.url + reverse("city_grid") + "?so_ky=8")
        assert grid.status == 200
        box = page.locator(".table-responsive:has(.city-grid)")
        assert box.evaluate("el => el.scrollWidth > el.clientWidth"), "the grid scrolls itself"
    if username == "vanthu":  # the signed copy is uploaded once the report is issued
        Report.objects.filter(pk=seed_report.pk).update(status=Status.ISSUED)
        url = reverse("report_signed_upload", args=[seed_report.pk])
        problems += _check(page, live_server.url + url, shots, "issued-signed-upload")
    assert not problems, "\n".join(problems)


@pytest.mark.usefixtures("trust_roots")
def test_signed_copy_pages_fit_a_phone(live_server, seed_report, clerk, browser_context, shots):
    """The pages that show a signed copy's verification, with one copy not validated
    (superseded) and the current one verified: the văn thư's exports and upload pages, the
    city's page of the report and its grid with the mark."""

    def arrange():
        kept = keep_pdfs(seed_report, clerk)
        for leader in (cast().stranger_leader, cast().leader):
            data = sign_as_the_commune(kept["approved"], leader=leader)
            signed_document_upload(report=seed_report, upload=upload(data), user=clerk)

    # Signing and verifying run their own asyncio loop, which Playwright's (in this thread)
    # forbids: another thread does it.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(arrange).result()
    page = browser_context().new_page()
    page.set_viewport_size(PHONE)
    problems = []
    for username, urls in (
        (
            "vanthu",
            [
                reverse("report_exports", args=[seed_report.pk]),
                reverse("report_signed_upload", args=[seed_report.pk]),
            ],
        ),
        (
            "sonoivu",
            [reverse("city_report", args=[seed_report.pk]), reverse("city_grid") + "?ky=2026-Q2"],
        ),
    ):
        page.context.clear_cookies()
        log_in(page, live_server.url, username)
        for url in urls:
            name = "signed-" + url.split("?")[0].strip("/").replace("/", "_")
            problems += _check(page, live_server.url + url, shots, name)
    assert not problems, "\n".join(problems)


def test_login_page_fits_a_phone(live_server, demo, browser_context, shots):
    page = browser_context().new_page()
    page.set_viewport_size(PHONE)
    assert not _check(page, live_server.url + reverse("login"), shots, "login")


def test_biểu_row_reads_as_a_block_on_a_phone(live_server, draft_report, browser_context, shots):
    """STT and label on one line, then the value (with the previous period) and the note at
    full width: the label is no longer squeezed to a word a line."""
    page = browser_context().new_page()
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "chuyenvien")
    page.goto(
        live_server.url + reverse("report_section", args=[draft_report.pk, "so-lieu-phan-ii"])
    )
    row = page.locator("#r-apps_received")
    label, value, note = (
        row.locator(f".{part}").bounding_box() for part in ("label", "value", "note")
    )
    assert label["width"] > 250  # the label keeps the width of the screen, beside the STT
    assert value["y"] > label["y"] and note["y"] > value["y"]  # stacked, not side by side
    assert value["width"] > 330 and note["width"] > 330
    save = page.get_by_role("button", name="Lưu", exact=True)
    assert save.is_visible() and save.bounding_box()["y"] < PHONE["height"]  # the sticky bar
    shots(page, "section-ii-phone")
