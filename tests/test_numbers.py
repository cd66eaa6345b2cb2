from datetime import date
from decimal import Decimal

import pytest

from reports import catalogue
from reports.numbers import format_number, format_percent, format_value, long_date, ratio

SURVEY = catalogue.ROWS["b1.survey_method"]  # a code: 0 Trực tuyến, 1 Phát phiếu, 2 Kết hợp
DIALOGUE = catalogue.ROWS["b1.citizen_dialogue"]  # yes/no


@pytest.mark.parametrize(
    ("num", "den", "text"),
    [
        (5612, 5650, "99,33%"),
        (19884, Decimal(37094), "53,6%"),
        (23, 38, "60,53%"),
        (220, 220, "100%"),
        (1, 8, "12,5%"),  # 12.5 exactly
        (1, 200, "0,5%"),
        (1, 600, "0,17%"),  # 0.1666… half-up
        (1, 0, ""),
        (None, 10, ""),
        (3, None, ""),
    ],
)
def test_ratio_half_up_two_decimals_vietnamese_comma(num, den, text):
    assert format_percent(ratio(num, den)) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(5650, "5.650"), (37094, "37.094"), (Decimal("53.6"), "53,6"), (0, "0"), (None, "")],
)
def test_format_number(value, text):
    assert format_number(value) == text


def test_long_date_by_decree_30():
    assert long_date(date(2026, 7, 15)) == "ngày 15 tháng 7 năm 2026"
    assert long_date(date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"


@pytest.mark.parametrize(
    ("kind", "value", "options", "text"),
    [
        ("count", 5650, {}, "5.650"),
        ("money", Decimal("37094.500"), {}, "37.094,5"),
        ("count", None, {}, ""),
        ("money", "", {}, ""),
        ("heading", 3, {}, ""),
        ("ratio", Decimal("99.33"), {}, "99,33%"),
        ("ratio", Decimal("53.60"), {"unit": "%"}, "53,6"),  # the unit column says "%"
        ("ratio", Decimal("100.00"), {"unit": "Tỷ lệ"}, "100%"),
        ("code", 1, {}, "1"),
        ("code", 1, {"choices": SURVEY.choices}, "Phát phiếu"),
        ("yesno", 1, {"choices": DIALOGUE.choices}, "Có"),
        ("yesno", 0, {"choices": DIALOGUE.choices}, "Không"),
        ("code", 7, {"choices": SURVEY.choices}, "7"),  # a code the form no longer lists
    ],
)
def test_format_value_prints_every_kind_one_way(kind, value, options, text):
    """The one printer of a row's value: pages, history, city pages and documents."""
    assert format_value(kind, value, **options) == text
