"""Who does what: every user has a profile with one role, scoped to a commune or to a city."""

from django.conf import settings
from django.db import models

from .places import City, Commune


class Role(models.TextChoices):
    STAFF = "staff", "Chuyên viên"
    LEADER = "leader", "Lãnh đạo UBND"
    CLERK = "clerk", "Văn thư"
    CITY_REVIEWER = "city", "Chuyên viên Sở Nội vụ"
    ADMIN = "admin", "Quản trị hệ thống"


COMMUNE_ROLES = (Role.STAFF, Role.LEADER, Role.CLERK)


class Position(models.TextChoices):
    CHAIRMAN = "chu_tich", "Chủ tịch"
    VICE_CHAIRMAN = "pho_chu_tich", "Phó Chủ tịch"
    OTHER = "khac", "Khác"


class NewAccountFlag(models.BooleanField):
    """False for accounts made in code (demo data, tests, benchmarks) but ticked by default on
    the admin's form: an account an administrator creates gets a password the administrator
    knows, so its owner must choose their own at first login."""

    def formfield(self, **kwargs):
        return super().formfield(**{"initial": True, **kwargs})

    def deconstruct(self):
        # In the database it is a plain boolean: migrations need not know this class.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.BooleanField", args, kwargs


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name="tài khoản",
    )
    full_name = models.CharField("họ và tên", max_length=100)
    role = models.CharField("vai trò", max_length=10, choices=Role.choices)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, verbose_name="xã, phường"
    )
    city = models.ForeignKey(City, on_delete=models.PROTECT, verbose_name="thành phố")
    position = models.CharField(
        "chức vụ", max_length=20, choices=Position.choices, default=Position.OTHER
    )
    job_title = models.CharField("chức danh", max_length=100, blank=True)
    must_change_password = NewAccountFlag(
        "phải đổi mật khẩu khi đăng nhập",
        default=False,
        help_text="Người dùng phải tự đặt mật khẩu mới trước khi làm việc khác "
        "(tài khoản do quản trị tạo hoặc nạp từ tệp CSV).",
    )
    # The hash of the password used before the current one: a change may not go back to it.
    previous_password_hash = models.CharField(
        "mật khẩu trước (mã băm)", max_length=128, blank=True, default="", editable=False
    )

    class Meta:
        verbose_name = "hồ sơ người dùng"
        verbose_name_plural = "hồ sơ người dùng"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=[r.value for r in COMMUNE_ROLES])
                | models.Q(commune__isnull=False),
                name="profile_commune_role_has_commune",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.get_role_display()})"

    @property
    def is_commune_user(self) -> bool:
        return self.role in COMMUNE_ROLES

    @property
    def signature_titles(self) -> list[str]:
        """The lines above the signature: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH."""
        if self.position == Position.VICE_CHAIRMAN:
            return ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        if self.position == Position.CHAIRMAN:
            return ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
        return ["TM. ỦY BAN NHÂN DÂN", (self.job_title or "").upper()]
