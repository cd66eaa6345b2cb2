"""The văn thư's upload of the signed report (issue 16), through the page, with files signed by
the throwaway CA on the PDFs the application kept for the report: what is accepted, stored,
made current and audited, every refusal with its Vietnamese reason next to the file field and
nothing stored, and what the exports page and the city's pages then show."""

import hashlib
import html
import re
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from reports import workflow
from reports.exports import docx_bytes
from reports.models import AuditEntry, ProducedDocument, SignedDocument, StoredFile
from tests.pki import cast
from tests.signed_pdfs import (
    JAVASCRIPT,
    add_open_action,
    replace_text,
    sign,
    sign_as_the_commune,
    stamp,
)
from tests.signed_reports import hand_made_pdf, keep_pdfs, trust_roots, upload  # noqa: F401 (the fixture)
from tests.test_pdf import need_libreoffice  # noqa: F401 (the fixture)

pytestmark = pytest.mark.usefixtures("trust_roots")

LEADER = "Vũ Văn Nguyễn (UBND xã Nam Thanh Miện)"
SAVED_APPROVED = (
    "Đã lưu văn bản đã ký: chữ ký của Vũ Văn Nguyễn (lãnh đạo) và UBND xã Nam Thanh Miện "
    "(cơ quan ban hành), gắn với bản PDF đã duyệt để ký."
)
NOT_BOUND = (
    "Tệp không phải bản PDF hệ thống đã tạo cho báo cáo này (có thể là tệp của báo cáo khác, "
    "bản cũ, bản dự thảo hoặc bản do chương trình khác tạo lại). Thông tin ghi trong tệp: "
)


@pytest.fixture
def kept(seed_report, clerk):
    """The seed's approved PDF for signing (downloaded by the leader before the issue) and its
    issued PDF, kept; the seed issued as số 45."""
    return keep_pdfs(seed_report, clerk)


def post(client, report, data, name="BC 45 da ky.pdf"):
    return client.post(
        reverse("report_signed_upload", args=[report.pk]), {"file": upload(data, name)}
    )


def field_errors(response) -> list[str]:
    """The messages under the file field, as the page shows them (crispy's bootstrap5 pack)."""
    found = re.findall(
        r'<p id="error_\d+_id_file"><strong>(.*?)</strong>', response.content.decode()
    )
    return [html.unescape(text) for text in found]


def assert_refused(response, *messages):
    assert response.status_code == 400
    assert field_errors(response) == list(messages)
    assert not SignedDocument.objects.exists()
    assert not StoredFile.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.UPLOAD).exists()


def test_leader_stamp_and_body_on_the_approved_pdf_is_stored_current_and_named(
    client, clerk, seed_report, kept
):
    data = sign_as_the_commune(kept["approved"])
    client.force_login(clerk)

    response = post(client, seed_report, data)

    assert response.status_code == 302
    document = SignedDocument.objects.get(report=seed_report)
    assert (document.is_current, document.verdict) == (True, "verified")
    assert document.sha256 == hashlib.sha256(data).hexdigest() and document.size == len(data)
    with document.file.open("rb") as file:
        assert file.read() == data
    found = document.verification
    assert found["accepted"] is True and found["bound_to"] == "approved"
    assert found["first_revision_sha256"] == hashlib.sha256(kept["approved"]).hexdigest()
    assert found["identity"].startswith(f"cchc:commune={seed_report.commune_id};period=2026-Q2")
    assert [(s["role"], s["signer_name"], s["title"]) for s in found["signatures"]] == [
        ("leader", "Vũ Văn Nguyễn", "Phó Chủ tịch"),
        ("body", "UBND xã Nam Thanh Miện", ""),
    ]
    assert [(s["trust"], s["revocation"]) for s in found["signatures"]] == [
        ("trusted", "checked")
    ] * 2
    assert found["signatures"][0]["serial"] == format(cast().leader.certificate.serial_number, "X")
    assert found["signatures"][0]["issuer"] == "CA thử nghiệm CCHC"
    assert found["description"][:3] == [
        "Kết quả: CHẤP NHẬN",
        "SHA-256 của tệp: " + document.sha256,
        "Bản được ký: bản PDF đã duyệt để ký (chưa có số, ngày)",
    ]
    assert found["description"][3] == (
        "Thông tin ghi trong tệp: UBND xã Nam Thanh Miện, Quý II năm 2026, Đã duyệt"
    )
    audit = AuditEntry.objects.get(report=seed_report, action=AuditEntry.Action.UPLOAD)
    assert (audit.user, audit.old_value) == (clerk, "")
    assert (
        audit.new_value == "BC 45 da ky.pdf: " + SAVED_APPROVED[len("Đã lưu văn bản đã ký: ") : -1]
    )
    assert document.sha256 not in audit.new_value + audit.comment

    page = client.get(response["Location"]).content.decode()
    assert SAVED_APPROVED in html.unescape(page)
    assert "SHA-256:" not in page.split('id="van-ban-da-ky"')[0]  # the message is words
    section = html.unescape(page.split('id="van-ban-da-ky"')[1])
    assert "✓ Đã xác thực chữ ký số" in section
    assert (
        "Vũ Văn Nguyễn</span> (lãnh đạo) – Phó Chủ tịch, UBND xã Nam Thanh Miện; ký lúc" in section
    )
    assert "UBND xã Nam Thanh Miện</span> (cơ quan ban hành)" in section
    assert "Ký trên: bản PDF đã duyệt để ký (chưa có số, ngày)." in section
    assert "Số, ngày điền trên trang 1: Số: 123/BC-UBND, ngày 20/6/2026" in section
    assert "chứng thư số hợp lệ; đã kiểm tra tình trạng thu hồi" in section


def test_the_issued_pdf_signed_by_both_is_accepted(client, clerk, seed_report, kept):
    data = sign(
        sign(kept["issued"], cast().leader, "LanhDao"),
        cast().body,
        "CoQuan",
        box=(300, 150, 540, 230),
    )
    client.force_login(clerk)

    response = post(client, seed_report, data)

    assert response.status_code == 302
    document = SignedDocument.objects.get(report=seed_report)
    assert document.verification["bound_to"] == "issued"
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "gắn với bản PDF đã ban hành." in page
    assert "Ký trên: bản PDF đã ban hành (có số, ngày)." in page


def test_one_byte_changed_after_signing_is_refused(client, clerk, seed_report, kept):
    data = sign_as_the_commune(kept["approved"])
    at = data.index(b"5.683")
    client.force_login(clerk)

    response = post(client, seed_report, data[:at] + b"6" + data[at + 1 :])

    assert_refused(
        response,
        "Chữ ký số của " + LEADER + " không còn nguyên vẹn: tệp đã bị sửa sau khi ký.",
        "Chữ ký số của UBND xã Nam Thanh Miện (UBND thành phố Hải Phòng) không còn nguyên vẹn: "
        "tệp đã bị sửa sau khi ký.",
    )


def test_a_page_text_changed_in_an_update_after_signing_is_refused(
    client, clerk, seed_report, kept
):
    data = replace_text(sign_as_the_commune(kept["approved"]), "5.683", "5.999")
    client.force_login(clerk)

    response = post(client, seed_report, data)

    assert response.status_code == 400
    assert field_errors(response)[0] == (
        "Tệp đã bị thay đổi sau khi " + LEADER + " ký, ngoài việc thêm chữ ký số và điền số, "
        "ngày văn bản."
    )
    assert not SignedDocument.objects.exists()


def test_an_unsigned_pdf_is_refused(client, clerk, seed_report, kept):
    client.force_login(clerk)

    assert_refused(post(client, seed_report, kept["approved"]), "Tệp chưa có chữ ký số.")


UNTRUSTED = (
    "Chưa xác thực được chứng thư số của " + LEADER + ": chứng thư số không do tổ chức chứng "
    "thực tin cậy cấp."
)


def test_an_untrusted_authority_is_stored_and_marked_unless_the_setting_refuses(
    client, clerk, city_reviewer, seed_report, kept, settings
):
    data = sign_as_the_commune(kept["approved"], leader=cast().stranger_leader)
    client.force_login(clerk)

    settings.CCHC_UNTRUSTED_SIGNATURE_REFUSED = True
    assert_refused(post(client, seed_report, data), UNTRUSTED)

    settings.CCHC_UNTRUSTED_SIGNATURE_REFUSED = False
    response = post(client, seed_report, data)
    assert response.status_code == 302
    document = SignedDocument.objects.get(report=seed_report)
    assert (document.is_current, document.verdict) == (True, "untrusted")
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert SAVED_APPROVED + " Lưu ý: " + UNTRUSTED in page
    assert 'class="badge text-bg-danger">Chưa xác thực được chứng thư số</span>' in page
    assert (
        '<span class="text-danger fw-semibold">chưa xác thực được chứng thư số (chứng thư số '
        "không do tổ chức chứng thực tin cậy cấp)</span>" in page
    )
    client.force_login(city_reviewer)
    city_page = html.unescape(
        client.get(reverse("city_report", args=[seed_report.pk])).content.decode()
    )
    assert 'class="badge text-bg-danger">Chưa xác thực được chứng thư số</span>' in city_page
    assert UNTRUSTED in city_page


def test_an_expired_certificate_is_stored_as_not_validated(client, clerk, seed_report, kept):
    data = sign_as_the_commune(kept["approved"], leader=cast().expired_leader)
    client.force_login(clerk)

    assert post(client, seed_report, data).status_code == 302

    document = SignedDocument.objects.get(report=seed_report)
    assert document.verdict == "untrusted"
    assert document.verification["warnings"] == [
        {
            "code": "untrusted",
            "message": "Chưa xác thực được chứng thư số của " + LEADER + ": chứng thư số đã hết "
            "hạn tại thời điểm ký.",
        }
    ]


def test_the_leaders_signature_alone_is_refused_unless_the_setting_accepts_it(
    client, clerk, seed_report, kept, settings
):
    data = stamp(sign(kept["approved"], cast().leader, "LanhDao"), "Số: 45/BC-UBND")
    client.force_login(clerk)

    assert_refused(
        post(client, seed_report, data),
        "Thiếu chữ ký số của cơ quan ban hành (UBND xã Nam Thanh Miện).",
    )

    settings.CCHC_SIGNATURE_REQUIRE_BODY = False
    response = post(client, seed_report, data)
    assert response.status_code == 302
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert (
        "Đã lưu văn bản đã ký: chữ ký của Vũ Văn Nguyễn (lãnh đạo), gắn với bản PDF đã duyệt để "
        "ký. Lưu ý: Số, ngày văn bản được điền sau chữ ký số cuối cùng" in page
    )


def test_the_pdf_of_the_draft_or_of_another_report_is_refused_by_binding(
    client, clerk, seed_report, draft_report, other_report, kept
):
    client.force_login(clerk)

    draft = sign_as_the_commune(hand_made_pdf(docx_bytes(draft_report)))
    assert_refused(
        post(client, seed_report, draft),
        NOT_BOUND + "UBND xã Nam Thanh Miện, Quý III năm 2026, Dự thảo.",
    )
    another = sign_as_the_commune(hand_made_pdf(docx_bytes(other_report)))
    assert_refused(
        post(client, seed_report, another),
        NOT_BOUND + "UBND xã Tân Kỳ, Quý II năm 2026, Dự thảo.",
    )


def test_the_pdf_of_an_earlier_approval_is_refused_by_binding(
    client, staff, leader, clerk, seed_report
):
    """Approved, downloaded, reopened, approved again: only the new approval's PDF counts."""
    earlier = keep_pdfs(seed_report, clerk, issue=False)["approved"]
    workflow.report_reopen(seed_report, user=leader, comment="Sửa lại số liệu")
    workflow.report_submit(seed_report, user=staff)
    workflow.report_approve(seed_report, user=leader)
    now = keep_pdfs(seed_report, clerk)
    assert ProducedDocument.objects.filter(report=seed_report, kind="pdf").count() == 3
    client.force_login(clerk)

    assert_refused(
        post(client, seed_report, sign_as_the_commune(earlier)),
        NOT_BOUND + "UBND xã Nam Thanh Miện, Quý II năm 2026, Đã duyệt.",
    )
    assert post(client, seed_report, sign_as_the_commune(now["approved"])).status_code == 302


def _embed_file(data: bytes) -> bytes:
    """An incremental update that hides a file in the document's Names tree."""
    writer = IncrementalPdfFileWriter(BytesIO(data))
    stream = writer.add_object(
        generic.StreamObject({"/Type": generic.NameObject("/EmbeddedFile")}, stream_data=b"MZ")
    )
    spec = generic.DictionaryObject(
        {
            "/Type": generic.NameObject("/Filespec"),
            "/F": generic.TextStringObject("a.exe"),
            "/EF": generic.DictionaryObject({"/F": stream}),
        }
    )
    names = generic.ArrayObject([generic.TextStringObject("a.exe"), writer.add_object(spec)])
    writer.root["/Names"] = generic.DictionaryObject(
        {"/EmbeddedFiles": generic.DictionaryObject({"/Names": names})}
    )
    writer.update_root()
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("change", "what"),
    [
        (lambda data: add_open_action(data, JAVASCRIPT), "mã JavaScript"),
        (_embed_file, "tệp đính kèm"),
    ],
    ids=["javascript", "embedded file"],
)
def test_active_content_is_refused(client, clerk, seed_report, kept, change, what):
    client.force_login(clerk)

    response = post(client, seed_report, change(sign_as_the_commune(kept["approved"])))

    assert response.status_code == 400
    errors = field_errors(response)
    assert "Tệp chứa nội dung có thể tự chạy hoặc tệp ẩn: " + what + "." in errors
    assert not SignedDocument.objects.exists()


def test_a_second_upload_supersedes_the_first_and_both_stay_in_the_history(
    client, clerk, city_reviewer, seed_report, kept
):
    client.force_login(clerk)
    assert (
        post(client, seed_report, sign_as_the_commune(kept["approved"]), "lan 1.pdf").status_code
        == 302
    )
    second = sign(
        sign(kept["issued"], cast().leader, "A"), cast().body, "B", box=(300, 150, 540, 230)
    )
    assert post(client, seed_report, second, "lan 2.pdf").status_code == 302

    first_copy, second_copy = SignedDocument.objects.filter(report=seed_report).order_by("pk")
    assert (first_copy.is_current, second_copy.is_current) == (False, True)
    uploads = AuditEntry.objects.filter(report=seed_report, action=AuditEntry.Action.UPLOAD)
    assert [entry.new_value.split(":")[0] for entry in uploads.order_by("pk")] == [
        "lan 1.pdf",
        "lan 2.pdf",
    ]
    last = uploads.order_by("pk").last()
    assert last.old_value.startswith("lan 1.pdf, tải lên lúc ")
    assert last.old_value.endswith(" (Đã xác thực chữ ký số)")
    assert last.comment == (
        "Bản mới thay bản đã tải lên trước; bản trước vẫn được lưu trong lịch sử."
    )
    history = html.unescape(
        client.get(reverse("report_history", args=[seed_report.pk])).content.decode()
    )
    assert history.count("Tải lên văn bản đã ký") >= 2 and "lan 1.pdf, tải lên lúc" in history

    client.force_login(city_reviewer)
    page = html.unescape(
        client.get(reverse("report_exports", args=[seed_report.pk])).content.decode()
    )
    current, older = page.split('id="van-ban-da-ky"')[1].split("Các bản đã tải lên trước")
    assert "lan 2.pdf" in current and "Bản hiện hành" in current and "lan 1.pdf" not in current
    assert "lan 1.pdf" in older and "Trần Thị Mai" in older
    download = reverse("signed_document_download", args=[seed_report.pk, first_copy.pk])
    assert download in older
    assert b"".join(client.get(download).streaming_content) == bytes(
        StoredFile.objects.get(name=first_copy.file.name).content
    )
    city = client.get(reverse("city_report", args=[seed_report.pk])).content.decode()
    assert reverse("signed_document_download", args=[seed_report.pk, second_copy.pk]) in city
    assert download not in city


def test_the_city_sees_the_verification_and_the_grid_marks_verified_reports(
    client, clerk, city_reviewer, seed_report, kept
):
    client.force_login(city_reviewer)
    grid = reverse("city_grid") + "?ky=2026-Q2"
    assert "✓ Đã ký số</div>" not in client.get(grid).content.decode()
    city_page = html.unescape(
        client.get(reverse("city_report", args=[seed_report.pk])).content.decode()
    )
    assert "Xã chưa tải lên văn bản đã ký số." in city_page

    client.force_login(clerk)
    assert post(client, seed_report, sign_as_the_commune(kept["approved"])).status_code == 302

    client.force_login(city_reviewer)
    page = html.unescape(client.get(reverse("city_report", args=[seed_report.pk])).content.decode())
    assert "✓ Đã xác thực chữ ký số" in page
    assert "Vũ Văn Nguyễn</span> (lãnh đạo)" in page
    assert "Ký trên: bản PDF đã duyệt để ký (chưa có số, ngày)." in page
    grid_page = html.unescape(client.get(grid).content.decode())
    cell = re.search(
        r'<td class="cell[^"]*"><a class="state state-issued"[^>]*>.*?</td>', grid_page
    )
    assert 'title="Văn bản đã ký số: chữ ký đã được xác thực' in cell.group(0)
    assert "✓ Đã ký số</div>" in cell.group(0)
    assert "✓ Đã ký số</span>: văn bản đã ký số hiện hành" in grid_page  # the legend


def test_the_upload_page_names_the_pdfs_it_accepts(client, clerk, seed_report, kept):
    client.force_login(clerk)

    page = html.unescape(
        client.get(reverse("report_signed_upload", args=[seed_report.pk])).content.decode()
    )

    assert 'name="csrfmiddlewaretoken"' in page and 'type="file" name="file"' in page
    assert "lãnh đạo đã duyệt báo cáo (Vũ Văn Nguyễn) và của UBND xã Nam Thanh Miện" in page
    assert "bản PDF đã duyệt để ký (chưa có số, ngày): tạo lúc" in page
    assert "bản PDF đã ban hành (có số, ngày): tạo lúc" in page


def test_a_trust_roots_folder_that_cannot_be_read_stores_nothing(
    client, clerk, seed_report, kept, settings, tmp_path
):
    settings.CCHC_TRUST_ROOTS = str(tmp_path / "missing")
    client.force_login(clerk)

    response = post(client, seed_report, sign_as_the_commune(kept["approved"]))

    assert response.status_code == 503
    assert (
        "Máy chủ chưa kiểm tra được chữ ký số nên chưa lưu tệp: CCHC_TRUST_ROOTS="
        in html.unescape(response.content.decode())
    )
    assert not SignedDocument.objects.exists()


@pytest.mark.usefixtures("need_libreoffice")
def test_the_pdf_libreoffice_made_signed_by_both_through_the_pages(
    client, leader, clerk, seed_report
):
    """The real thing: the leader downloads the approved report's PDF (LibreOffice), signs it;
    the văn thư issues the report, stamps the number and date, signs for the UBND, uploads."""
    client.force_login(leader)
    response = client.get(reverse("report_export_pdf", args=[seed_report.pk]))
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    workflow.report_issue(seed_report, user=clerk, number="45", issued_on=date.today())
    data = sign_as_the_commune(pdf, stamp_text="Số: 45/BC-UBND")
    client.force_login(clerk)

    response = post(client, seed_report, data)

    assert response.status_code == 302, field_errors(response)
    document = SignedDocument.objects.get(report=seed_report)
    assert document.verdict == "verified"
    assert document.verification["bound_to"] == "approved"
    assert document.verification["identity"].startswith(
        f"cchc:commune={seed_report.commune_id};period=2026-Q2;status=approved;content="
    )
