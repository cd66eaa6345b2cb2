"""App configurations the project gives to third-party apps."""

from axes.apps import AppConfig as AxesAppConfig


class AxesConfig(AxesAppConfig):
    """django-axes, listed in the admin under a Vietnamese heading (its model and field names
    are translated in locale/vi)."""

    verbose_name = "Đăng nhập và khóa tài khoản"
