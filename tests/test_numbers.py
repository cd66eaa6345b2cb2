from datetime import date
from decimal import Decimal

import pytest

from reports.numbers import format_number, format_percent, long_date, ratio


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
