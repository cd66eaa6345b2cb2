"""verify_signed_pdf on the application's PDF signed with a throwaway CA: what is accepted,
bound and named, and every refusal with its exact Vietnamese message."""

import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyhanko.pdf_utils import generic

from reports.signing import ProducedPdf, TrustRoots, Verification, describe, verify_signed_pdf
from reports.signing.messages import local_time, summary
from tests.pki import BODY_NAME, LEADER_NAME, cast
from tests.signed_pdfs import (
    BODY_BOX,
    EMBEDDED_FILE_CATALOG,
    JAVASCRIPT,
    STAMP,
    add_open_action,
    application_pdf,
    replace_text,
    sign,
    sign_as_the_commune,
    stamp,
)

APPROVED = application_pdf(status="approved")
ISSUED = application_pdf(
    status="issued", lines=("So: 123/BC-UBND", "Nam Thanh Mien, ngay 20 thang 6 nam 2026")
)
PRODUCED = (
    ProducedPdf("approved", hashlib.sha256(APPROVED).hexdigest()),
    ProducedPdf("issued", hashlib.sha256(ISSUED).hexdigest()),
)
LEADER = "Vũ Văn Nguyễn (UBND xã Nam Thanh Miện)"
BODY = "UBND xã Nam Thanh Miện (UBND thành phố Hải Phòng)"


@pytest.fixture(scope="module")
def roots(tmp_path_factory) -> TrustRoots:
    """The deployment's folder: the test CA's root and its revocation list."""
    folder = tmp_path_factory.mktemp("trust-roots")
    (folder / "root.pem").write_bytes(cast().root.pem)
    (folder / "root.crl").write_bytes(cast().crl)
    return TrustRoots.from_folder(folder)


def verify(data: bytes, roots: TrustRoots, **options):
    options = {
        "produced": PRODUCED,
        "leader_name": LEADER_NAME,
        "body_name": BODY_NAME,
        "trust_roots": roots,
        **options,
    }
    return verify_signed_pdf(data, **options)


def signed_by_both(pdf: bytes = APPROVED, leader=None) -> bytes:
    return sign_as_the_commune(pdf, leader=leader or cast().leader)


def messages(notices) -> list[str]:
    return [notice.message for notice in notices]


def test_leader_stamp_and_body_on_the_approved_pdf_is_accepted_and_bound(roots):
    result = verify(signed_by_both(), roots)

    assert result.accepted, result.refusals
    assert result.bound_to == "approved"
    assert result.first_revision_sha256 == PRODUCED[0].sha256
    assert result.identity.startswith("cchc:commune=Nam Thanh Miện;period=2026-Q2;status=approved")
    assert result.stamps == ((1, STAMP),)
    assert result.warnings == ()
    leader, body = result.signatures
    assert (leader.role, leader.signer_name, leader.organisation, leader.title) == (
        "leader",
        "Vũ Văn Nguyễn",
        "UBND xã Nam Thanh Miện",
        "Phó Chủ tịch",
    )
    assert (body.role, body.signer_name) == ("body", "UBND xã Nam Thanh Miện")
    assert leader.serial == format(cast().leader.certificate.serial_number, "X")
    assert leader.issuer == "CA thử nghiệm CCHC"
    for signature in (leader, body):
        assert signature.intact and signature.valid
        assert (signature.trust, signature.revocation) == ("trusted", "checked")
        assert abs(signature.signing_time - datetime.now(UTC)) < timedelta(minutes=5)
    # The stamp comes after the leader's signature, nothing after the body's.
    assert (leader.modification_level, body.modification_level) == ("ANNOTATIONS", "NONE")
    assert result.modification_level == "ANNOTATIONS"


def test_the_verification_in_words_and_as_json(roots):
    result = verify(signed_by_both(), roots)
    lines = describe(result)

    assert lines[:4] == [
        "Kết quả: CHẤP NHẬN",
        "SHA-256 của tệp: " + result.sha256,
        "Bản được ký: bản PDF đã duyệt để ký (chưa có số, ngày)",
        "Thông tin ghi trong tệp: Nam Thanh Miện, Quý II năm 2026, Đã duyệt",
    ]
    leader = result.signatures[0]
    assert lines[4] == (
        "Chữ ký 1 (lãnh đạo): " + LEADER + "; ký lúc "
        + local_time(leader.signing_time)
        + "; số hiệu chứng thư " + leader.serial + ", do CA thử nghiệm CCHC cấp; nguyên vẹn; "
        "chứng thư số hợp lệ; đã kiểm tra tình trạng thu hồi; "
        "sau chữ ký: chỉ thêm chữ ký số và điền số, ngày văn bản."
    )  # fmt: skip
    assert lines[5].startswith("Chữ ký 2 (cơ quan ban hành): " + BODY + "; ký lúc ")
    assert lines[5].endswith("; sau chữ ký: không có thay đổi nào.")
    assert lines[6:] == ["Số, ngày điền trên trang 1: " + STAMP]
    stored = json.loads(json.dumps(result.to_json()))
    assert stored["accepted"] is True
    assert stored["bound_to"] == "approved"
    assert stored["signatures"][0]["signer_name"] == "Vũ Văn Nguyễn"
    assert stored["signatures"][0]["signing_time"].startswith(str(datetime.now(UTC).year))


def test_the_issued_pdf_signed_by_both_is_accepted(roots):
    data = sign(sign(ISSUED, cast().leader, "LanhDao"), cast().body, "CoQuan", box=BODY_BOX)
    result = verify(data, roots)

    assert result.accepted, result.refusals
    assert result.bound_to == "issued"
    assert result.stamps == ()
    assert result.modification_level == "FORM_FILLING"


def test_one_byte_changed_after_signing_breaks_both_signatures(roots):
    data = signed_by_both()
    position = data.index(b"5.683")
    tampered = data[:position] + b"6" + data[position + 1 :]
    result = verify(tampered, roots)

    assert not result.accepted
    assert messages(result.refusals) == [
        "Chữ ký số của " + LEADER + " không còn nguyên vẹn: tệp đã bị sửa sau khi ký.",
        "Chữ ký số của " + BODY + " không còn nguyên vẹn: tệp đã bị sửa sau khi ký.",
    ]
    assert [s.intact for s in result.signatures] == [False, False]
    assert describe(result)[2] == (
        "Bản được ký: không khớp bản PDF nào hệ thống đã tạo cho báo cáo này"
    )
    assert describe(result)[4].endswith("; không còn nguyên vẹn.")
    assert describe(result)[-1] == (
        "Lý do từ chối: Chữ ký số của " + BODY + " không còn nguyên vẹn: tệp đã bị sửa sau khi ký."
    )


def test_page_text_changed_in_an_update_after_signing_is_refused(roots):
    result = verify(replace_text(signed_by_both(), "5.683", "5.999"), roots)

    assert result.refusal_codes() == ["modified", "modified"]
    assert result.refusals[0].message == (
        "Tệp đã bị thay đổi sau khi " + LEADER + " ký, ngoài việc thêm chữ ký số và điền số, "
        "ngày văn bản."
    )
    assert [s.modification_level for s in result.signatures] == ["OTHER", "OTHER"]


def test_text_changed_between_the_two_signatures_is_refused_for_the_leader(roots):
    leader_signed = sign(APPROVED, cast().leader, "LanhDao")
    data = sign(replace_text(leader_signed, "5.683", "5.999"), cast().body, "CoQuan", box=BODY_BOX)
    result = verify(data, roots)

    assert messages(result.refusals) == [
        "Tệp đã bị thay đổi sau khi " + LEADER + " ký, ngoài việc thêm chữ ký số và điền số, "
        "ngày văn bản."
    ]


def test_unsigned_pdf_is_refused(roots):
    result = verify(APPROVED, roots)

    assert messages(result.refusals) == ["Tệp chưa có chữ ký số."]
    assert result.signatures == ()


def test_untrusted_authority_is_accepted_but_marked_unless_the_setting_refuses(roots):
    data = signed_by_both(leader=cast().stranger_leader)
    expected = (
        "Chưa xác thực được chứng thư số của "
        + LEADER
        + ": chứng thư số không do tổ chức chứng thực tin cậy cấp."
    )

    result = verify(data, roots)
    assert result.accepted
    assert messages(result.warnings) == [expected]
    assert (result.signatures[0].trust, result.signatures[0].trust_reason) == (
        "untrusted",
        "unknown_root",
    )
    assert result.signatures[0].revocation == "not_checked"

    refused = verify(data, roots, untrusted_is_refusal=True)
    assert messages(refused.refusals) == [expected]


def test_no_trust_roots_configured_says_so(roots):
    result = verify(signed_by_both(), TrustRoots())

    assert result.accepted
    assert messages(result.warnings) == [
        "Chưa xác thực được chứng thư số của "
        + who
        + ": máy chủ chưa được cấu hình chứng thư số gốc tin cậy (CCHC_TRUST_ROOTS)."
        for who in (LEADER, BODY)
    ]


def test_expired_certificate_is_not_validated(roots):
    result = verify(signed_by_both(leader=cast().expired_leader), roots)

    assert result.accepted
    assert messages(result.warnings) == [
        "Chưa xác thực được chứng thư số của " + LEADER + ": chứng thư số đã hết hạn tại thời "
        "điểm ký."
    ]
    assert verify(
        signed_by_both(leader=cast().expired_leader), roots, untrusted_is_refusal=True
    ).refusal_codes() == ["untrusted"]


def test_validated_at_the_signing_time_a_since_expired_certificate_is_trusted(roots):
    signed_at = datetime.now(UTC) - timedelta(days=60)
    leader_signed = sign(APPROVED, cast().expired_leader, "LanhDao", at=signed_at)
    data = sign(stamp(leader_signed, STAMP), cast().body, "CoQuan", box=BODY_BOX)
    result = verify(data, roots)

    assert result.accepted and result.warnings == ()
    assert result.signatures[0].signing_time == signed_at.replace(microsecond=0)
    assert result.signatures[0].trust == "trusted"


def test_revoked_certificate_is_refused(roots):
    result = verify(signed_by_both(leader=cast().revoked_leader), roots)
    leader = result.signatures[0]

    assert leader.trust == "revoked"
    assert abs(leader.revoked_at - (datetime.now(UTC) - timedelta(days=40))) < timedelta(hours=1)
    assert messages(result.refusals) == [
        "Chứng thư số của "
        + LEADER
        + " đã bị thu hồi từ "
        + local_time(leader.revoked_at)
        + ", trước thời điểm ký."
    ]


def test_leader_alone_is_refused_by_default_and_accepted_with_the_setting(roots):
    data = stamp(sign(APPROVED, cast().leader, "LanhDao"), STAMP)

    result = verify(data, roots)
    assert messages(result.refusals) == [
        "Thiếu chữ ký số của cơ quan ban hành (UBND xã Nam Thanh Miện)."
    ]

    alone = verify(data, roots, require_body=False)
    assert alone.accepted
    assert [s.role for s in alone.signatures] == ["leader"]
    # The stamp follows the only signature: allowed, and said.
    assert messages(alone.warnings) == [
        "Số, ngày văn bản được điền sau chữ ký số cuối cùng nên không được chữ ký số nào xác nhận."
    ]


def test_body_alone_lacks_the_leader(roots):
    result = verify(sign(APPROVED, cast().body, "CoQuan"), roots)

    assert messages(result.refusals) == ["Thiếu chữ ký số của người có thẩm quyền (Vũ Văn Nguyễn)."]


def test_the_leaders_certificate_does_not_also_count_as_the_body(roots):
    """The leader's personal certificate carries the UBND in O: signing twice with it is still
    one signer."""
    twice = sign(sign(APPROVED, cast().leader, "A"), cast().leader, "B", box=BODY_BOX)

    assert verify(twice, roots).refusal_codes() == ["body_missing"]


NOT_BOUND = (
    "Tệp không phải bản PDF hệ thống đã tạo cho báo cáo này (có thể là tệp của báo cáo khác, "
    "bản cũ, bản dự thảo hoặc bản do chương trình khác tạo lại)."
)


IN_FILE = " Thông tin ghi trong tệp: "


@pytest.mark.parametrize(
    ("pdf", "identity"),
    [
        (application_pdf(commune="Tân Kỳ"), "Tân Kỳ, Quý II năm 2026, Đã duyệt."),
        (application_pdf(status="draft"), "Nam Thanh Miện, Quý II năm 2026, Dự thảo."),
        (application_pdf(content="b" * 64), "Nam Thanh Miện, Quý II năm 2026, Đã duyệt."),
    ],
    ids=["another report", "the draft", "an older version"],
)
def test_a_signed_pdf_of_another_report_or_version_is_refused_by_binding(roots, pdf, identity):
    result = verify(signed_by_both(pdf), roots)

    assert messages(result.refusals) == [NOT_BOUND + IN_FILE + identity]
    assert result.bound_to is None
    assert result.first_revision_sha256 == hashlib.sha256(pdf).hexdigest()


def test_a_pdf_remade_by_another_program_is_refused_by_binding(roots):
    # Another program writes other bytes and no identity line (a key renamed, same length).
    remade = APPROVED.replace(b"/Producer (CCHC tests)", b"/Producer (Other tool)")
    remade = remade.replace(b"/Subject", b"/Xubject")

    assert messages(verify(signed_by_both(remade), roots).refusals) == [NOT_BOUND]


def test_javascript_run_on_opening_is_refused(roots):
    result = verify(add_open_action(signed_by_both(), JAVASCRIPT), roots)

    assert "Tệp chứa nội dung có thể tự chạy hoặc tệp ẩn: mã JavaScript." in messages(
        result.refusals
    )
    assert "modified" in result.refusal_codes()


def test_a_launch_action_is_refused(roots):
    launch = {"/S": generic.NameObject("/Launch"), "/F": generic.TextStringObject("cmd.exe")}
    result = verify(add_open_action(signed_by_both(), launch), roots)

    assert (
        "Tệp chứa nội dung có thể tự chạy hoặc tệp ẩn: lệnh mở chương trình hoặc tệp khác."
        in messages(result.refusals)
    )


def test_an_embedded_file_is_refused_even_in_a_produced_pdf(roots):
    with_file = application_pdf(catalog_extra=EMBEDDED_FILE_CATALOG)
    produced = (ProducedPdf("approved", hashlib.sha256(with_file).hexdigest()),)
    result = verify(signed_by_both(with_file), roots, produced=produced)

    assert result.bound_to == "approved"
    assert messages(result.refusals) == [
        "Tệp chứa nội dung có thể tự chạy hoặc tệp ẩn: tệp đính kèm."
    ]


@pytest.mark.parametrize(("subtype", "codes"), [("/Stamp", []), ("/Link", ["modified"])])
def test_a_seal_image_is_a_stamp_a_link_is_not(roots, subtype, codes):
    leader_signed = sign(APPROVED, cast().leader, "LanhDao")
    annotated = stamp(leader_signed, STAMP, extra={"/Subtype": generic.NameObject(subtype)})
    result = verify(sign(annotated, cast().body, "CoQuan", box=BODY_BOX), roots)

    assert result.refusal_codes() == codes


def test_a_stamp_that_runs_javascript_is_not_a_stamp(roots):
    leader_signed = sign(APPROVED, cast().leader, "LanhDao")
    scripted = stamp(leader_signed, STAMP, extra={"/A": generic.DictionaryObject(JAVASCRIPT)})
    result = verify(sign(scripted, cast().body, "CoQuan", box=BODY_BOX), roots)

    assert result.refusal_codes() == ["active_content", "modified"]
    assert result.signatures[0].modification_level == "OTHER"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"<html><body><script>alert(1)</script></body></html>\n" + APPROVED,
            "Tệp không phải PDF thuần: có nội dung khác (như trang HTML) đứng trước phần đầu PDF.",
        ),
        (
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64,
            "Tệp là một chương trình máy tính được đổi tên, không phải tệp PDF.",
        ),
        (b"PK\x03\x04 a renamed archive", "Tệp không phải là tệp PDF."),
        (b"", "Tệp không phải là tệp PDF."),
        (b"%PDF-1.7\nnot really a PDF\n", "Không đọc được tệp PDF: cấu trúc tệp bị hỏng."),
    ],
    ids=["html hybrid", "renamed exe", "zip", "empty", "broken pdf"],
)
def test_files_that_are_not_plain_pdfs_are_refused(roots, data, message):
    result = verify(data, roots)

    assert messages(result.refusals) == [message]
    assert result.sha256 == hashlib.sha256(data).hexdigest()


def test_data_glued_after_the_pdf_is_refused(roots):
    result = verify(signed_by_both() + b"PK\x03\x04" + b"\x00" * 40, roots)

    assert messages(result.refusals) == [
        "Tệp không phải PDF thuần: có nội dung khác nối sau phần cuối của PDF."
    ]


@pytest.fixture(scope="module")
def signed_once() -> bytes:
    return sign(APPROVED, cast().leader, "LanhDao")


@settings(max_examples=40, deadline=None)
@given(position=st.floats(0, 1, exclude_max=True), junk=st.binary(max_size=24), cut=st.booleans())
def test_a_mangled_file_is_refused_or_accepted_never_an_error(
    roots, signed_once, position, junk, cut
):
    """Bytes overwritten, inserted or cut anywhere: the answer is a verdict, never an
    exception (an upload must not end in a 500)."""
    data = signed_once
    at = int(position * len(data))
    mangled = data[:at] + junk + (b"" if cut else data[at + len(junk) :])

    result = verify(mangled, roots)

    assert result.accepted == (not result.refusals)
    assert all(notice.message for notice in result.refusals)


def test_the_identity_line_is_read_from_the_subject_else_from_the_keywords(roots):
    """LibreOffice copies the Word file's subject into the PDF's /Subject; files made before
    the line moved there carry it in /Keywords."""
    older = application_pdf(commune="7", status="draft", identity_key=b"/Keywords")
    communes = {"7": "UBND xã Tân Kỳ"}

    result = verify(signed_by_both(older), roots, communes=communes)

    assert result.identity.startswith("cchc:commune=7;period=2026-Q2;status=draft")
    assert messages(result.refusals) == [
        NOT_BOUND + IN_FILE + "UBND xã Tân Kỳ, Quý II năm 2026, Dự thảo."
    ]
    assert "Thông tin ghi trong tệp: UBND xã Tân Kỳ, Quý II năm 2026, Dự thảo" in describe(
        result, communes
    )


def test_the_stored_json_reads_back_as_the_same_verification(roots):
    result = verify(signed_by_both(), roots, produced=PRODUCED)
    stored = json.loads(json.dumps(result.to_json()))

    again = Verification.from_json(stored)

    assert describe(again) == describe(result)
    assert again.accepted and again.bound_to == "approved"
    assert again.signatures[0].signing_time == result.signatures[0].signing_time
    assert summary(again) == (
        "chữ ký của Vũ Văn Nguyễn (lãnh đạo) và UBND xã Nam Thanh Miện (cơ quan ban hành), "
        "gắn với bản PDF đã duyệt để ký"
    )
    assert Verification.from_json({}).signatures == ()
