"""Loading communes and accounts from CSV (command and admin page), and seed_synthetic."""

import random

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from reports import catalogue
from reports.city.csvload import load_communes
from reports.city.synthetic import commune_base, synthetic_values
from reports.models import City, Commune, Profile, Report, Role
from reports.periods import Period
from reports.services import report_values, with_figures

rules = pytest.importorskip("reports.rules")

HEADER = "thanh_pho,ma,loai,ten_xa,ten_dang_nhap,ho_ten,vai_tro,chuc_vu,chuc_danh,email\n"
GOOD = HEADER + (
    "Hải Phòng,11311,xã,An Lão,anlao_cv,Nguyễn Văn An,chuyên viên,,Công chức,an@example.vn\n"
    "Hải Phòng,11311,xã,An Lão,anlao_ld,Trần Văn Bình,lãnh đạo,Phó Chủ tịch,,\n"
    "Hải Phòng,11312,Phường,Đồ Sơn,,,,,,\n"
    "Hải Phòng,,,,snv_hp,Lê Thị Cúc,Sở Nội vụ,,,\n"
)


def test_load_creates_communes_and_accounts(db):
    result = load_communes(GOOD.encode())
    assert result.errors == []
    assert (result.communes_created, result.users_created) == (2, 3)
    city = City.objects.get(name="Hải Phòng")
    assert sorted(city.communes.values_list("name", "kind", "code")) == [
        ("An Lão", "xa", "11311"),
        ("Đồ Sơn", "phuong", "11312"),
    ]
    leader = Profile.objects.get(user__username="anlao_ld")
    assert (leader.role, leader.position, leader.commune.name) == (
        Role.LEADER,
        "pho_chu_tich",
        "An Lão",
    )
    reviewer = Profile.objects.get(user__username="snv_hp")
    assert reviewer.role == Role.CITY_REVIEWER and reviewer.commune is None
    username, password = result.passwords[0]
    assert get_user_model().objects.get(username=username).check_password(password)


def test_loading_twice_changes_nothing(db):
    load_communes(GOOD.encode())
    hashes = dict(get_user_model().objects.values_list("username", "password"))
    again = load_communes(GOOD.encode())
    assert again.errors == [] and again.passwords == []
    assert (again.communes_created, again.users_created) == (0, 0)
    assert Commune.objects.count() == 2 and get_user_model().objects.count() == 3
    assert dict(get_user_model().objects.values_list("username", "password")) == hashes


def test_bad_rows_are_reported_in_vietnamese_and_nothing_is_saved(db):
    bad = HEADER + (
        "Hải Phòng,,huyện,Tiên Lãng,,,,,,\n"
        "Hải Phòng,,xã,,tl_cv,Ngô Văn Dũng,chuyên viên,,,\n"
        "Hải Phòng,,xã,Vĩnh Bảo,vb cv,Ngô Văn Em,kế toán,,,\n"
        "Hải Phòng,,xã,Kiến Thụy,kt_cv,,chuyên viên,,,\n"
        "Hải Phòng,,xã,An Lão,ok_cv,Phạm Văn Phúc,chuyên viên,,,\n"
    )
    result = load_communes(bad.encode())
    assert result.errors == [
        "Dòng 2: loại đơn vị “huyện” không hợp lệ (dùng: xã, phường, đặc khu).",
        "Dòng 3: thiếu tên xã, phường.",
        "Dòng 4: vai trò “kế toán” không hợp lệ (dùng: chuyên viên, lãnh đạo, văn thư, sở nội "
        "vụ); tên đăng nhập “vb cv” không hợp lệ (chỉ chữ, số và . @ + - _).",
        "Dòng 5: có tên đăng nhập nhưng thiếu họ và tên.",
    ]
    assert not Commune.objects.exists() and not get_user_model().objects.exists()


def test_duplicates_missing_columns_and_encoding(db, django_user_model):
    dup = GOOD + "Hải Phòng,,xã,Đồ Sơn,anlao_cv,Người Khác,văn thư,,,\n"
    assert load_communes(dup.encode()).errors == [
        "Dòng 6: tên đăng nhập “anlao_cv” đã có ở dòng 2.",
        "Dòng 6: Đồ Sơn khác loại hoặc mã với dòng 4.",
    ]
    assert load_communes(b"ten,loai\nA,xa\n").errors == ["Tệp thiếu cột: thanh_pho, ten_xa."]
    assert load_communes(GOOD.encode("utf-16")).errors == [
        "Tệp không đọc được theo mã UTF-8: hãy lưu lại tệp CSV với mã UTF-8."
    ]
    django_user_model.objects.create_superuser("anlao_cv", password="x-Secret-2026")
    assert load_communes(GOOD.encode()).errors == [
        "Dòng 2: tên đăng nhập “anlao_cv” đã được dùng cho một tài khoản khác, không thể ghi đè."
    ]


def test_semicolon_file_and_command(db, tmp_path):
    path = tmp_path / "xa.csv"
    path.write_text(GOOD.replace(",", ";"), encoding="utf-8-sig")
    out = tmp_path / "mk.csv"
    call_command("load_communes", str(path), "--passwords", str(out))
    assert Commune.objects.count() == 2
    assert out.read_text(encoding="utf-8").splitlines()[0] == "ten_dang_nhap,mat_khau"
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "Hải Phòng,,huyện,X,,,,,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 lỗi, chưa lưu gì"):
        call_command("load_communes", str(bad))


def test_admin_upload_page(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="x-Secret-2026")
    client.force_login(admin)
    assert "Nạp từ CSV" in client.get("/quan-tri/reports/commune/").content.decode()
    url = "/quan-tri/reports/commune/nap-csv/"
    upload = SimpleUploadedFile("xa.csv", GOOD.encode(), content_type="text/csv")
    body = client.post(url, {"file": upload}).content.decode()
    assert "Xã, phường: 2 thêm mới" in body and "anlao_cv" in body
    assert Commune.objects.count() == 2
    bad = SimpleUploadedFile("x.csv", (HEADER + "Hải Phòng,,huyện,X,,,,,,\n").encode())
    body = client.post(url, {"file": bad}).content.decode()
    assert "Dòng 2: loại đơn vị “huyện” không hợp lệ" in body
    city = City.objects.get()
    response = client.post(
        "/quan-tri/reports/city/",
        {"action": "load_communes_action", "_selected_action": [city.pk]},
    )
    assert response.status_code == 302 and response["Location"] == url


def test_synthetic_values_respect_every_rule():
    inputs = {r.ref for s in catalogue.SECTIONS for r in s.input_rows}
    for i in range(300):
        rng = random.Random(i)
        base = commune_base(rng)
        for kind in ("Q1", "Q4", "H1", "Y"):
            values = synthetic_values(rng, base, Period(2026, kind))
            assert set(values) == inputs
            assert rules.check_values(values) == []


def test_seed_synthetic_command(db):
    call_command("seed_synthetic", "--communes", 12, "--periods", 3, "--city", "Thử")
    city = City.objects.get(name="Thử")
    assert city.communes.count() == 12
    reports = Report.objects.filter(commune__city=city)
    count = reports.count()
    assert 12 * 2 < count <= 36
    for report in with_figures(reports):
        errors = [r for r in rules.check_values(report_values(report)) if r.severity == "error"]
        assert errors == []
    call_command("seed_synthetic", "--communes", 12, "--periods", 3, "--city", "Thử")
    assert reports.count() == count  # idempotent
