"""The Vietnamese number parser: what it accepts, what it refuses and with which message."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from reports import catalogue
from reports.parsing import parse_value

COUNT = catalogue.ROWS["b3.resolved_total"]
MONEY = catalogue.ROWS["b6.investment_plan"]
CODE = catalogue.ROWS["b1.survey_method"]
YESNO = catalogue.ROWS["b1.citizen_dialogue"]
RATIO = catalogue.ROWS["b3.on_time_rate"]


@pytest.mark.parametrize(
    ("text", "row", "expected"),
    [
        ("5.650", COUNT, 5650),
        ("5650", COUNT, 5650),
        (" 5 650 ", COUNT, 5650),
        ("1.234.567", COUNT, 1234567),
        ("0", COUNT, 0),
        ("+12", COUNT, 12),
        ("", COUNT, None),
        ("   ", COUNT, None),
        (None, COUNT, None),
        ("37.094", MONEY, Decimal("37094")),
        ("37094", MONEY, Decimal("37094")),
        ("53,6", MONEY, Decimal("53.6")),
        ("19.884,125", MONEY, Decimal("19884.125")),
        ("0", CODE, 0),
        ("2", CODE, 2),
        ("1", YESNO, 1),
    ],
)
def test_accepts(text, row, expected):
    value = parse_value(text, row)
    assert value == expected
    assert type(value) is type(expected)


COMMA = (
    "Chỉ tiêu này là số nguyên, không có phần thập phân: nhập 5.650 hoặc 5650, không dùng dấu phẩy."
)
GROUPING = (
    "Dấu chấm chỉ dùng để phân cách hàng nghìn (ví dụ 5.650); phần thập phân dùng dấu phẩy "
    "(ví dụ 53,6)."
)
LETTERS = "Chỉ nhập chữ số, ví dụ 5.650 hoặc 5650."


@pytest.mark.parametrize(
    ("text", "row", "code", "message"),
    [
        ("5,65", COUNT, "comma_in_count", COMMA),
        ("5.65", COUNT, "bad_grouping", GROUPING),
        ("5.6500", COUNT, "bad_grouping", GROUPING),
        ("19884.5", MONEY, "bad_grouping", GROUPING),
        ("-3", COUNT, "negative", "Số liệu không được âm."),
        ("−3", MONEY, "negative", "Số liệu không được âm."),
        ("abc", COUNT, "not_number", LETTERS),
        ("12a", COUNT, "not_number", LETTERS),
        ("1e5", MONEY, "not_number", LETTERS),
        ("٣", COUNT, "not_number", LETTERS),
        ("²", COUNT, "not_number", LETTERS),
        (",5", MONEY, "not_number", LETTERS),
        ("10.000.000", COUNT, "too_large", "Số quá lớn (tối đa 9.999.999): vui lòng kiểm tra lại."),
        (
            "1.000.000.000",
            MONEY,
            "too_large",
            "Số quá lớn (tối đa 999.999.999): vui lòng kiểm tra lại.",
        ),
        ("9" * 200, COUNT, "too_large", "Số quá lớn (tối đa 9.999.999): vui lòng kiểm tra lại."),
        ("1,2345", MONEY, "too_many_places", "Chỉ nhập tối đa 3 chữ số sau dấu phẩy."),
        (
            "3",
            CODE,
            "bad_choice",
            "Chọn một trong các giá trị: 0 = Trực tuyến; 1 = Phát phiếu; 2 = Kết hợp.",
        ),
        ("có", YESNO, "bad_choice", "Chọn một trong các giá trị: 0 = Không; 1 = Có."),
        ("99", RATIO, "computed", "Chỉ tiêu này được tính tự động, không nhập."),
    ],
)
def test_refuses_with_message(text, row, code, message):
    with pytest.raises(ValidationError) as info:
        parse_value(text, row)
    assert info.value.code == code
    assert info.value.messages == [message]


INPUT_ROWS = [row for row in catalogue.ROWS.values() if row.is_input]


@settings(max_examples=400, deadline=None)
@given(text=st.text(max_size=40), row=st.sampled_from(INPUT_ROWS))
def test_never_raises_anything_but_validation_error(text, row):
    try:
        value = parse_value(text, row)
    except ValidationError as error:
        assert error.messages and all(error.messages)
        return
    assert value is None or value >= 0


@settings(max_examples=200, deadline=None)
@given(
    text=st.from_regex(r"[0-9.,\- +]{0,16}", fullmatch=True),
    row=st.sampled_from(INPUT_ROWS),
)
def test_number_like_text_never_crashes(text, row):
    try:
        parse_value(text, row)
    except ValidationError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=catalogue.MAX_COUNT))
def test_count_round_trips_through_vietnamese_format(number):
    from reports.numbers import format_number

    assert parse_value(format_number(number), COUNT) == number
    assert parse_value(str(number), COUNT) == number


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=catalogue.MAX_MONEY, places=3))
def test_money_round_trips_through_vietnamese_format(amount):
    from reports.numbers import format_number

    assert parse_value(format_number(amount), MONEY) == amount


def test_long_text_with_letters_is_not_a_number_rather_than_too_large():
    with pytest.raises(ValidationError) as info:
        parse_value("một trăm nghìn hồ sơ đã tiếp nhận", COUNT)
    assert info.value.code == "not_number"
    with pytest.raises(ValidationError) as info:
        parse_value("1" * 100, COUNT)
    assert info.value.code == "too_large"
