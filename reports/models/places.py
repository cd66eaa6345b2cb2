"""Where reports come from: a city and its commune-level units (xã, phường, đặc khu)."""

from django.db import models

from reports.city.names import SEARCH_KEY_LENGTH, SORT_KEY_LENGTH, search_key, sort_key


class City(models.Model):
    name = models.CharField("tên", max_length=100, unique=True)

    class Meta:
        verbose_name = "thành phố"
        verbose_name_plural = "thành phố"
        ordering = ["name"]

    def __str__(self):
        return f"Thành phố {self.name}"


class CommuneQuerySet(models.QuerySet):
    """Bulk writes fill the name keys too: ``bulk_create`` and ``bulk_update`` call no save()."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for commune in objs:
            commune.set_name_keys()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs, fields = list(objs), list(fields)
        if {"name", "kind"} & set(fields):
            for commune in objs:
                commune.set_name_keys()
            fields += [f for f in Commune.NAME_KEYS if f not in fields]
        return super().bulk_update(objs, fields, *args, **kwargs)


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
    # Derived from the name (reports.city.names), so that lists sort in Vietnamese order and
    # search without diacritics in SQL, with paging, on SQLite and PostgreSQL alike.
    sort_key = models.CharField(
        "khóa sắp xếp tên", max_length=SORT_KEY_LENGTH, editable=False, default=""
    )
    search_key = models.CharField(
        "khóa tìm kiếm tên", max_length=SEARCH_KEY_LENGTH, editable=False, default=""
    )

    objects = CommuneQuerySet.as_manager()

    NAME_KEYS = ("sort_key", "search_key")

    class Meta:
        verbose_name = "xã, phường, đặc khu"
        verbose_name_plural = "xã, phường, đặc khu"
        ordering = ["sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["city", "name"], name="commune_unique_name_in_city")
        ]
        indexes = [models.Index(fields=["city", "sort_key"], name="commune_city_sort_key")]

    def __str__(self):
        return self.official_name

    def save(self, *args, **kwargs):
        """Keep the name keys in step with the name, also when saving only some fields."""
        self.set_name_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "kind"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, *self.NAME_KEYS}
        super().save(*args, **kwargs)

    def set_name_keys(self) -> None:
        self.sort_key = sort_key(self.name)
        self.search_key = search_key(self.official_name)

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
