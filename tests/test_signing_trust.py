"""The trust roots folder (CCHC_TRUST_ROOTS): what it reads, what it refuses, and what it takes
to validate a chain and to check revocation. No test waits on the network."""

import hashlib
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.x509 import load_der_x509_crl

from reports.signing import ProducedPdf, TrustRoots, TrustRootsError, verify_signed_pdf
from tests.pki import BODY_NAME, LEADER_NAME, cast, issue, make_root, revocation_list
from tests.signed_pdfs import application_pdf, sign

ROOT = Path(__file__).resolve().parent.parent
APPROVED = application_pdf()
PRODUCED = (ProducedPdf("approved", hashlib.sha256(APPROVED).hexdigest()),)


def messages(notices) -> list[str]:
    return [notice.message for notice in notices]


def verify(data: bytes, roots: TrustRoots):
    return verify_signed_pdf(
        data,
        produced=PRODUCED,
        leader_name=LEADER_NAME,
        body_name=BODY_NAME,
        require_body=False,
        trust_roots=roots,
    )


@pytest.fixture(scope="module")
def intermediate():
    """A CA under the test root, and a leader it certified (as public CAs work under NEAC's
    national root)."""
    ca = make_root("CA trung gian thử nghiệm", parent=cast().root)
    return ca, issue(ca, cn=LEADER_NAME, o=BODY_NAME)


def test_the_folder_reads_pem_bundles_der_and_revocation_lists(tmp_path, intermediate):
    ca, _ = intermediate
    (tmp_path / "chain.pem").write_bytes(cast().root.pem + ca.pem)
    (tmp_path / "other-root.cer").write_bytes(cast().stranger_root.der)
    (tmp_path / "root.crl").write_bytes(cast().crl)
    pem_crl = load_der_x509_crl(revocation_list(ca)).public_bytes(serialization.Encoding.PEM)
    (tmp_path / "intermediate.crl").write_bytes(pem_crl)
    (tmp_path / "README.txt").write_text("not a certificate")

    roots = TrustRoots.from_folder(tmp_path)

    assert [c.subject.native["common_name"] for c in roots.anchors] == [
        "CA thử nghiệm CCHC",
        "CA không rõ nguồn gốc",
    ]
    assert [c.subject.native["common_name"] for c in roots.intermediates] == [
        "CA trung gian thử nghiệm"
    ]
    assert len(roots.crls) == 2
    assert roots.revocation_data and not roots.fetch


def test_a_broken_file_in_the_folder_is_named(tmp_path):
    broken = b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
    (tmp_path / "hong.pem").write_bytes(broken)

    with pytest.raises(TrustRootsError, match="Không đọc được tệp hong.pem trong CCHC_TRUST_ROOTS"):
        TrustRoots.from_folder(tmp_path)


def test_a_missing_folder_is_refused(tmp_path):
    missing = tmp_path / "khong-co"

    with pytest.raises(TrustRootsError) as error:
        TrustRoots.from_folder(missing)
    assert str(error.value) == f"CCHC_TRUST_ROOTS={missing} không phải là một thư mục trên máy chủ."


def test_roots_come_from_the_settings(settings, tmp_path):
    (tmp_path / "root.pem").write_bytes(cast().root.pem)
    settings.CCHC_TRUST_ROOTS = str(tmp_path)
    settings.CCHC_REVOCATION_FETCH = False
    assert len(TrustRoots.from_settings().anchors) == 1

    settings.CCHC_TRUST_ROOTS = ""
    assert TrustRoots.from_settings() == TrustRoots()


def test_a_broken_folder_in_the_settings_is_the_operators_error_not_the_files(settings, tmp_path):
    settings.CCHC_TRUST_ROOTS = str(tmp_path / "khong-co")
    data = sign(APPROVED, cast().leader, "LanhDao")

    with pytest.raises(TrustRootsError, match="không phải là một thư mục"):
        verify_signed_pdf(data, produced=PRODUCED, leader_name=LEADER_NAME, body_name=BODY_NAME)


def test_fetching_is_off_unless_the_setting_turns_it_on(settings):
    settings.CCHC_TRUST_ROOTS = ""
    settings.CCHC_REVOCATION_FETCH = False
    assert not TrustRoots.from_settings().validation_context(None).fetching_allowed

    settings.CCHC_REVOCATION_FETCH = True
    roots = TrustRoots.from_settings()
    # Only the context is built: nothing is fetched here.
    assert roots.fetch and roots.revocation_data
    assert roots.validation_context(None).fetching_allowed


def test_verify_without_explicit_roots_uses_the_settings(settings, tmp_path):
    settings.CCHC_TRUST_ROOTS = str(tmp_path)
    settings.CCHC_REVOCATION_FETCH = False
    (tmp_path / "root.pem").write_bytes(cast().root.pem)
    data = sign(APPROVED, cast().leader, "LanhDao")

    result = verify_signed_pdf(
        data, produced=PRODUCED, leader_name=LEADER_NAME, body_name=BODY_NAME, require_body=False
    )

    assert result.accepted and result.signatures[0].trust == "trusted"


def test_revocation_is_checked_only_with_a_list(tmp_path):
    (tmp_path / "root.pem").write_bytes(cast().root.pem)
    data = sign(APPROVED, cast().leader, "LanhDao")

    without = verify(data, TrustRoots.from_folder(tmp_path)).signatures[0]
    assert (without.trust, without.revocation) == ("trusted", "not_checked")

    (tmp_path / "root.crl").write_bytes(cast().crl)
    checked = verify(data, TrustRoots.from_folder(tmp_path)).signatures[0]
    assert (checked.trust, checked.revocation) == ("trusted", "checked")


def test_a_list_published_after_the_signing_serves_it(tmp_path):
    (tmp_path / "root.pem").write_bytes(cast().root.pem)
    later = datetime.now(UTC) + timedelta(days=2)
    crl = revocation_list(cast().root, published=later, next_update=later + timedelta(days=7))
    (tmp_path / "root.crl").write_bytes(crl)
    data = sign(APPROVED, cast().leader, "LanhDao")

    checked = verify(data, TrustRoots.from_folder(tmp_path)).signatures[0]
    assert (checked.trust, checked.revocation) == ("trusted", "checked")


def test_a_stale_list_fails_the_chain_and_says_why(tmp_path):
    (tmp_path / "root.pem").write_bytes(cast().root.pem)
    stale = revocation_list(cast().root, next_update=datetime.now(UTC) - timedelta(days=1))
    (tmp_path / "root.crl").write_bytes(stale)
    data = sign(APPROVED, cast().leader, "LanhDao")

    result = verify(data, TrustRoots.from_folder(tmp_path))
    assert messages(result.warnings) == [
        "Chưa xác thực được chứng thư số của Vũ Văn Nguyễn (UBND xã Nam Thanh Miện): danh sách "
        "chứng thư số bị thu hồi (CRL) trên máy chủ đã quá hạn cập nhật, cần tải bản mới."
    ]


def test_an_intermediate_ca_in_the_folder_completes_a_chain_the_signature_left_out(
    tmp_path, intermediate
):
    ca, leader = intermediate
    data = sign(APPROVED, leader, "LanhDao", embed_chain=False)
    (tmp_path / "root.pem").write_bytes(cast().root.pem)

    alone = verify(data, TrustRoots.from_folder(tmp_path)).signatures[0]
    assert (alone.trust, alone.trust_reason) == ("untrusted", "unknown_root")

    (tmp_path / "intermediate.pem").write_bytes(ca.pem)
    assert verify(data, TrustRoots.from_folder(tmp_path)).signatures[0].trust == "trusted"


@pytest.mark.parametrize(
    "name",
    ["CCHC_SIGNATURE_REQUIRE_BODY", "CCHC_UNTRUSTED_SIGNATURE_REFUSED", "CCHC_REVOCATION_FETCH"],
)
def test_a_bad_boolean_stops_startup(name):
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cchc.settings", name: "maybe"},
        capture_output=True,
        text=True,
    )

    assert result.returncode != 0
    assert f"{name}='maybe' không hợp lệ" in result.stderr
