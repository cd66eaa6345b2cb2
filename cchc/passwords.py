"""Password rules beyond Django's own validators (see AUTH_PASSWORD_VALIDATORS).

- not similar to the user's full name (kept on the profile, with Vietnamese diacritics: the
  comparison ignores them, so "NguyenThiThuHa" is as close to "Nguyễn Thị Thu Hà" as it looks);
- not a common password, from Django's list and a short list of Vietnamese ones, nor such a
  password with digits or symbols stuck to either end ("matkhau123", "Password!2026");
- not the password in use, nor the one before it (the profile keeps that one's hash).
"""

import re
from difflib import SequenceMatcher
from pathlib import Path

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

from reports.texts import fold, strip_accents

VIETNAMESE_COMMON = Path(__file__).resolve().parent / "common_passwords_vi.txt"
# Digits, punctuation and spaces stuck to either end of a common word.
_DECORATION = re.compile(r"^[\d\W_]+|[\d\W_]+$")
_SHORTEST_CORE = 4


def _profile(user):
    if user is None or user.pk is None:
        return None
    return getattr(user, "profile", None)


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    """Django's check of the user's own fields, plus the full name on the profile."""

    def validate(self, password, user=None):
        super().validate(password, user)
        profile = _profile(user)
        if profile is None or not profile.full_name.strip():
            return
        typed = re.sub(r"\W+", "", strip_accents(password).lower())
        parts = fold(profile.full_name).split()
        names = {"".join(parts), "".join(parts[-2:]), *(p for p in parts if len(p) >= 3)}
        for name in names:
            if password_validation.exceeds_maximum_length_ratio(typed, self.max_similarity, name):
                continue
            if SequenceMatcher(a=typed, b=name).quick_ratio() >= self.max_similarity:
                raise ValidationError(
                    "Mật khẩu quá giống họ và tên của bạn.", code="password_too_similar"
                )

    def get_help_text(self):
        return "Không quá giống tên đăng nhập, họ và tên hay email của bạn."


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    """Django's 20,000 common passwords and the Vietnamese list, also with decorations."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        with open(VIETNAMESE_COMMON, encoding="utf-8") as lines:
            self.passwords |= {
                line.strip().lower() for line in lines if line.strip() and line[0] != "#"
            }

    def validate(self, password, user=None):
        super().validate(password, user)
        # Punctuation inside stays: "p@ssw0rd" is on the list as it is written.
        core = _DECORATION.sub("", strip_accents(password.strip()).lower())
        if len(core) >= _SHORTEST_CORE and core in self.passwords:
            raise ValidationError(
                "Mật khẩu này chỉ là một mật khẩu phổ biến thêm chữ số hoặc ký hiệu ở đầu, ở cuối.",
                code="password_too_common",
            )

    def get_help_text(self):
        return "Không phải mật khẩu phổ biến (kể cả khi thêm chữ số, ký hiệu ở đầu hay cuối)."


class NotPreviousPasswordValidator:
    """The new password differs from the one in use and from the one before it."""

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        if user.password and check_password(password, user.password):
            raise ValidationError(
                "Mật khẩu mới phải khác mật khẩu đang dùng.", code="password_unchanged"
            )
        profile = _profile(user)
        previous = profile.previous_password_hash if profile is not None else ""
        if previous and check_password(password, previous):
            raise ValidationError(
                "Mật khẩu mới không được trùng mật khẩu dùng trước đó.", code="password_reused"
            )

    def get_help_text(self):
        return "Khác mật khẩu đang dùng và mật khẩu dùng trước đó."
