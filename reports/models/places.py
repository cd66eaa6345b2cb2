"""Where reports come from: a city and its commune-level units (xã, phường, đặc khu)."""

from django.db import models


class City(models.Model):
    name = models.CharField("tên", max_length=100, unique=True)

    class Meta:
        verbose_name = "thành phố"
        verbose_name_plural = "thành phố"
        ordering = ["name"]

    def __str__(self):
        return f"Thành phố {self.name}"


class Commune(models.Model):
    class Kind(models.TextChoices):
        COMMUNE = "xa", "Xã"
        WARD = "phuong", "Phường"
        SPECIAL_ZONE = "dac_khu", "Đặc khu"

    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="communes", verbose_name="thành phố"
    )
    kind = models.CharField("loại", max_length=10, choices=Kind.choices, default=Kind.COMMUNE)
    name = models.CharField("tên", max_length=100)
    code = models.CharField("mã đơn vị hành chính", max_length=10, blank=True)

    class Meta:
        verbose_name = "xã, phường, đặc khu"
        verbose_name_plural = "xã, phường, đặc khu"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["city", "name"], name="commune_unique_name_in_city")
        ]

    def __str__(self):
        return self.official_name

    @property
    def official_name(self) -> str:
        """ "xã Nam Thanh Miện" """
        return f"{self.get_kind_display().lower()} {self.name}"

    @property
    def people_committee(self) -> str:
        """ "UBND xã Nam Thanh Miện" """
        return f"UBND {self.official_name}"

    @property
    def header_name(self) -> str:
        """The second line of the document header: "XÃ NAM THANH MIỆN"."""
        return self.official_name.upper()
