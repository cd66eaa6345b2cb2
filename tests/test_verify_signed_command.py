"""``manage.py verify_signed``: one file verified as the upload page verifies it (exit 0 when
accepted and bound, 1 otherwise), every current signed copy of a period checked again after the
trust roots or a revocation list change (exit 1 when any no longer passes), 2 for bad
arguments."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from reports.models import SignedDocument
from tests.pki import cast, revocation_list
from tests.signed_pdfs import sign_as_the_commune
from tests.signed_reports import keep_pdfs, trust_roots, upload  # noqa: F401 (the fixture)

pytestmark = pytest.mark.usefixtures("trust_roots")
NAME = "UBND xã Nam Thanh Miện – Quý II năm 2026"


def run(*args) -> tuple[int, str]:
    """(exit status, what was printed), as from the command line."""
    out = StringIO()
    try:
        call_command("verify_signed", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()


@pytest.fixture
def signed_file(seed_report, clerk, tmp_path):
    path = tmp_path / "da-ky.pdf"
    path.write_bytes(sign_as_the_commune(keep_pdfs(seed_report, clerk)["approved"]))
    return path


def test_an_accepted_bound_file_prints_its_verification_and_exits_0(signed_file):
    status, out = run(str(signed_file), "--commune", "Nam Thanh Miện", "--period", "2026-Q2")

    lines = out.splitlines()
    assert status == 0
    assert lines[:2] == [NAME, "Kết quả: CHẤP NHẬN"]
    assert "Bản được ký: bản PDF đã duyệt để ký (chưa có số, ngày)" in lines
    assert "Thông tin ghi trong tệp: UBND xã Nam Thanh Miện, Quý II năm 2026, Đã duyệt" in lines
    assert any(
        line.startswith("Chữ ký 1 (lãnh đạo): Vũ Văn Nguyễn (UBND xã Nam Thanh Miện); ký lúc ")
        and line.endswith("chứng thư số hợp lệ; đã kiểm tra tình trạng thu hồi; sau chữ ký: chỉ "
                          "thêm chữ ký số và điền số, ngày văn bản.")
        for line in lines
    )  # fmt: skip
    assert not SignedDocument.objects.exists()  # a check, nothing stored


def test_a_refused_file_prints_the_reasons_and_exits_1(seed_report, clerk, tmp_path):
    path = tmp_path / "chua-ky.pdf"
    path.write_bytes(keep_pdfs(seed_report, clerk)["approved"])

    status, out = run(str(path), "--commune", "xã Nam Thanh Miện", "--period", "2026-Q2")

    assert status == 1
    assert out.splitlines()[1] == "Kết quả: TỪ CHỐI"
    assert "Lý do từ chối: Tệp chưa có chữ ký số." in out.splitlines()
    assert out.endswith("Văn bản đã ký không được chấp nhận.")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x.pdf", "--commune", "Nam Thanh Miện"], "Thiếu --period, ví dụ --period 2026-Q2."),
        (["--period", "2026-Q2"], "Chỉ định một tệp PDF, hoặc --all"),
        (["x.pdf", "--all", "--period", "2026-Q2"], "Chỉ định một tệp PDF, hoặc --all"),
        (["x.pdf", "--period", "2026-Q2"], "Thiếu --commune"),
        (["x.pdf", "--commune", "Nam Thanh Miện", "--period", "2026-Q9"], "Kỳ"),
        (["x.pdf", "--commune", "Không Có", "--period", "2026-Q2"], "Không tìm thấy xã, phường"),
        (
            ["x.pdf", "--commune", "Nam Thanh Miện", "--period", "2025-Q2"],
            "Không có báo cáo Quý II năm 2025 của UBND xã Nam Thanh Miện.",
        ),
        (["khong-co.pdf", "--commune", "Nam Thanh Miện", "--period", "2026-Q2"], "khong-co.pdf"),
    ],
    ids=["no period", "no file", "file and all", "no commune", "bad period", "unknown commune",
         "no report", "no such file"],
)  # fmt: skip
def test_bad_arguments_exit_2(demo, args, message):
    status, out = run(*args)

    assert status == 2
    assert message in out


def test_all_checks_every_current_copy_again_and_fails_on_a_revoked_certificate(
    client, clerk, seed_report, settings
):
    kept = keep_pdfs(seed_report, clerk)
    client.force_login(clerk)
    url = reverse("report_signed_upload", args=[seed_report.pk])
    for name in ("lan-1.pdf", "lan-2.pdf"):
        data = sign_as_the_commune(kept["approved"])
        assert client.post(url, {"file": upload(data, name)}).status_code == 302
    first, current = SignedDocument.objects.order_by("pk")

    status, out = run("--all", "--period", "2026-Q2")
    assert status == 0
    assert out.splitlines() == [
        NAME + ": Đã xác thực chữ ký số – chữ ký của Vũ Văn Nguyễn (lãnh đạo) và UBND xã Nam "
        "Thanh Miện (cơ quan ban hành), gắn với bản PDF đã duyệt để ký",
        "Đã kiểm tra lại 1 văn bản đã ký, 0 không đạt.",
    ]

    # The CA publishes the leader's certificate as revoked; the city checks again.
    (Path(settings.CCHC_TRUST_ROOTS) / "root.crl").write_bytes(
        revocation_list(cast().root, (cast().leader,))
    )
    status, out = run("--all", "--period", "2026-Q2")
    assert status == 1
    assert out.splitlines()[0].startswith(
        NAME + ": KHÔNG ĐẠT – Chứng thư số của Vũ Văn Nguyễn (UBND xã Nam Thanh Miện) đã bị thu "
        "hồi từ "
    )
    assert out.endswith("1/1 văn bản đã ký không đạt.")
    current.refresh_from_db()
    first.refresh_from_db()
    assert (current.verdict, current.is_current) == ("refused", True)
    assert current.verification["refusals"][0]["code"] == "revoked"
    assert first.verdict == "verified"  # superseded copies are not checked again

    client.force_login(clerk)
    page = client.get(reverse("report_exports", args=[seed_report.pk])).content.decode()
    assert 'class="badge text-bg-danger">Không đạt khi kiểm tra lại</span>' in page


def test_all_checks_copies_uploaded_before_verification(seed_report, clerk):
    data = sign_as_the_commune(keep_pdfs(seed_report, clerk)["issued"])
    legacy = SignedDocument(
        report=seed_report,
        original_name="cu.pdf",
        sha256="0" * 64,
        size=len(data),
        uploaded_by=clerk,
        is_current=True,
    )
    legacy.file.save("cu.pdf", ContentFile(data), save=True)
    assert legacy.verdict == "unchecked" and legacy.verification == {}

    status, out = run("--all", "--period", "2026-Q2", "--city", "Hải Phòng")

    assert status == 0
    legacy.refresh_from_db()
    assert legacy.verdict == "verified" and legacy.checked_at is not None
    assert legacy.verification["bound_to"] == "issued"
    assert "gắn với bản PDF đã ban hành" in out


def test_all_reports_a_stored_file_that_is_missing(seed_report, clerk):
    lost = SignedDocument(
        report=seed_report, original_name="mat.pdf", sha256="0" * 64, size=1,
        uploaded_by=clerk, is_current=True,
    )  # fmt: skip
    lost.file.name = "signed/mat.pdf"
    lost.save()

    status, out = run("--all", "--period", "2026-Q2")

    assert status == 1
    assert out.splitlines()[0] == NAME + ": KHÔNG ĐẠT – không đọc được tệp đã lưu."
