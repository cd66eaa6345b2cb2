"""What users and administrators read of Django's and django-axes' own texts is Vietnamese
(locale/vi overrides the missing and the wrong translations)."""

import json

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation


def _error(field, value) -> str:
    with translation.override("vi"):
        with pytest.raises(ValidationError) as caught:
            field.clean(value)
    return caught.value.messages[0]


def test_form_messages():
    assert _error(forms.IntegerField(), "2.026") == "Nhập một số nguyên."
    assert _error(forms.IntegerField(max_value=10), "11") == "Giá trị phải nhỏ hơn hoặc bằng 10."
    assert _error(forms.IntegerField(min_value=1), "0") == "Giá trị phải lớn hơn hoặc bằng 1."
    assert _error(forms.CharField(max_length=3), "abcd") == "Tối đa 3 ký tự (hiện có 4)."
    assert _error(forms.ChoiceField(choices=[("a", "A")]), "b") == (
        "Hãy chọn một giá trị trong danh sách: b không có trong danh sách."
    )
    assert _error(forms.EmailField(), "x") == "Nhập một địa chỉ email hợp lệ."


def test_admin_chrome_and_axes_in_vietnamese(admin_client, client, demo):
    client.post("/dang-nhap/", {"username": "lanhdao", "password": "sai"})  # one failure
    page = admin_client.get("/quan-tri/").content.decode()
    for english in ("Toggle theme", "Access attempts", "Access failures", "Access logs", "Axes"):
        assert english not in page, english
    assert "Đổi giao diện sáng/tối" in page
    assert "Đăng nhập và khóa tài khoản" in page
    assert "Đăng nhập sai (đang tính khóa)" in page and "Nhật ký đăng nhập" in page
    listing = admin_client.get("/quan-tri/reports/report/").content.decode()
    assert "Show counts" not in listing and "Hiện số lượng" in listing
    assert "2.026" not in listing and ">2026<" in listing
    attempts = admin_client.get("/quan-tri/axes/accessattempt/").content.decode()
    assert "Tên đăng nhập" in attempts and "Địa chỉ IP" in attempts


def test_admin_scripts_in_vietnamese(admin_client, demo):
    catalog = admin_client.get("/quan-tri/jsi18n/").content.decode()
    for text in ("Chủ nhật", "Chọn tất cả %s"):
        assert json.dumps(text) in catalog or json.dumps(text, ensure_ascii=False) in catalog
