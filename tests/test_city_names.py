"""Commune names in Vietnamese order and searchable without diacritics, in SQL, the same on
SQLite and PostgreSQL (run the suite with DATABASE_URL for the second)."""

import pytest
from django.apps import apps
from django.db import connection

from reports.city.names import search_key, sort_key
from reports.city.seeding import ensure_communes
from reports.models import City, Commune

# The order of a Vietnamese dictionary: base letters syllable by syllable (a ă â b c d đ e ê
# … o ô ơ … u ư …), then the tone (none, huyền, hỏi, ngã, sắc, nặng); numbers by value, before
# words. "An Bảo" before "An Bình": a < i decides before any tone.
ORDERED = [
    "An",
    "An Bảo",
    "An Bình",
    "Án",
    "Anh Sơn",
    "Ăn Thịnh",
    "Ân Thi",
    "Bạch Long Vĩ",
    "Dương Kinh",
    "Đa Phúc",
    "Đồ Sơn",
    "Hoa Lư",
    "Hòa An",
    "Ma",
    "Mà",
    "Mả",
    "Mã",
    "Má",
    "Mạ",
    "Mai Sơn",
    "Nam Thanh Miện",
    "O Lâm",
    "Ô Môn",
    "Ơ Rê",
    "Phường 2",
    "Phường 10",
    "Phường An Lạc",
    "Uông Bí",
    "Ưng Hòa",
    "Ý Yên",
    "Yên Bái",
]


def test_sort_key_orders_a_vietnamese_list():
    shuffled = sorted(ORDERED, key=lambda name: name[::-1])
    assert sorted(shuffled, key=sort_key) == ORDERED


def test_sort_key_ignores_case_spacing_and_tone_placement():
    assert sort_key("hòa an") == sort_key("HÒA  AN") == sort_key("Hoà An")
    assert set("".join(sort_key(name) for name in ORDERED)) <= set(
        "0123456789abcdefghijklmnopqrstuvwxyz"
    )


def test_search_key():
    assert search_key("xã Nam Thanh Miện") == "xa nam thanh mien"
    assert search_key("  ĐẶC khu  Bạch-Long Vĩ ") == "dac khu bach long vi"
    assert search_key("Đồ Sơn") == search_key("do son")


@pytest.fixture
def city(db):
    city = City.objects.create(name="Thử")
    # Created in an order unrelated to the expected one, half by save(), half in bulk.
    names = sorted(ORDERED, key=lambda name: name[::-1])
    for name in names[::2]:
        Commune.objects.create(city=city, name=name)
    Commune.objects.bulk_create([Commune(city=city, name=name) for name in names[1::2]])
    return city


def test_database_orders_by_the_key_on_this_backend(city):
    assert list(city.communes.values_list("name", flat=True)) == ORDERED
    assert list(Commune.objects.filter(city=city).order_by("-sort_key").values_list(
        "name", flat=True)) == ORDERED[::-1]  # fmt: skip


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL collations")
@pytest.mark.parametrize("collation", ["C", "und-x-icu", "vi-x-icu", "en-US-x-icu"])
def test_every_postgresql_collation_gives_the_same_order(city, collation):
    with connection.cursor() as cursor:
        order = f'ORDER BY sort_key COLLATE "{collation}"'
        cursor.execute(f"SELECT name FROM reports_commune WHERE city_id = %s {order}", [city.pk])
        assert [row[0] for row in cursor.fetchall()] == ORDERED


def test_keys_follow_renames_through_every_write_path(city):
    commune = city.communes.get(name="Ma")
    commune.name = "Zô"
    commune.save(update_fields=["name"])
    commune.refresh_from_db()
    assert (commune.sort_key, commune.search_key) == (sort_key("Zô"), "xa zo")
    Commune.objects.update_or_create(city=city, name="Zô", defaults={"kind": "phuong"})
    assert Commune.objects.get(pk=commune.pk).search_key == "phuong zo"
    commune.name = "Mà Lâm"
    Commune.objects.bulk_update([commune], ["name"])
    assert Commune.objects.get(pk=commune.pk).sort_key == sort_key("Mà Lâm")


def test_synthetic_seeding_fills_the_keys(db):
    city = City.objects.create(name="Tổng hợp")
    communes = ensure_communes(city, 30)
    assert all(c.sort_key and c.search_key for c in Commune.objects.filter(city=city))
    names = list(city.communes.values_list("name", flat=True))
    assert names == sorted((c.name for c in communes), key=sort_key)


def test_data_migration_fills_existing_rows(city):
    migration = __import__("reports.migrations.0006_commune_name_keys", fromlist=["x"])
    Commune.objects.update(sort_key="", search_key="")
    migration.fill_name_keys(apps, None)
    assert list(city.communes.values_list("name", flat=True)) == ORDERED
    assert city.communes.get(name="Đồ Sơn").search_key == "xa do son"


def test_grid_searches_without_diacritics_and_sorts_in_vietnamese(client, city_reviewer, demo):
    for name in ("Thanh Miện Đông", "Đồng Thanh", "An Bình", "An Bảo"):
        Commune.objects.create(city=demo.city, name=name)
    client.force_login(city_reviewer)

    def names(**params):
        response = client.get("/thanh-pho/", {"ky": "2026-Q2", "so_ky": 1, **params})
        assert response.status_code == 200
        return [commune.name for commune, _ in response.context["grid"].rows]

    assert names(q="thanh mien") == ["Nam Thanh Miện", "Thanh Miện Đông"]
    assert names(q="THANH MIỆN") == ["Nam Thanh Miện", "Thanh Miện Đông"]
    assert names(q="dong") == ["Đồng Thanh", "Thanh Miện Đông"]
    assert names() == ["An Bảo", "An Bình", "Đồng Thanh", "Nam Thanh Miện", "Thanh Miện Đông"]
    assert names(q="100%_") == []
