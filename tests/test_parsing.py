"""The Vietnamese number parser: what it accepts, what it refuses and with which message."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from reports import catalogue
from reports.numbers import format_value
from reports.parsing import MESSAGES, parse_value, unambiguous_text

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
        (" 5650 ", COUNT, 5650),
        ("\u00a05.650\u202f", COUNT, 5650),
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
        ("37.094,5", MONEY, Decimal("37094.5")),
        ("0,125", MONEY, Decimal("0.125")),  # a whole part of 0 is never grouped: a decimal
        ("1234,567", MONEY, Decimal("1234.567")),  # 1234 is not an English group either
        ("2,1250", MONEY, Decimal("2.125")),  # how 2,125 is written unambiguously
        ("1,5000", MONEY, Decimal("1.5")),
        ("+5 ", COUNT, 5),
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
SPACED = "{0} là {1} hay các số {2}? Gõ {1} nếu là một số; mỗi ô chỉ nhập một số."


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
        ("1,000", MONEY, "ambiguous_comma", "1,000 là 1 hay 1.000? Gõ 1 hoặc 1.000."),
        ("53,600", MONEY, "ambiguous_comma", "53,600 là 53,6 hay 53.600? Gõ 53,6 hoặc 53.600."),
        ("+1,500", MONEY, "ambiguous_comma", "1,500 là 1,5 hay 1.500? Gõ 1,5 hoặc 1.500."),
        (
            "2,125",
            MONEY,
            "ambiguous_comma",
            "2,125 là 2,125 hay 2.125? Gõ 2,1250 hoặc 2.125.",
        ),
        ("1,000", COUNT, "comma_in_count", COMMA),  # a count has no decimals: nothing to ask
        ("5 6", COUNT, "spaced_digits", SPACED.format("5 6", "56", "5 và 6")),
        (" 5 650 ", COUNT, "spaced_digits", SPACED.format("5 650", "5.650", "5 và 650")),
        ("1 2  3", COUNT, "spaced_digits", SPACED.format("1 2 3", "123", "1, 2 và 3")),
        (
            "37\u00a0094,5",
            MONEY,
            "spaced_digits",
            SPACED.format("37 094,5", "37.094,5", "37 và 094,5"),
        ),
        ("5 6a", COUNT, "not_number", LETTERS),  # not a number at all: that is said first
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


# Text a user types into a number cell: grouped or not, a decimal part, a sign, stray spaces.
NUMBER_LIKE = st.from_regex(r" ?[+]?\d{1,3}(\.\d{3}){0,2}(,\d{1,4})? ?", fullmatch=True) | (
    st.from_regex(r"[0-9.,\- +]{0,16}", fullmatch=True)
)


@settings(max_examples=300, deadline=None)
@given(text=NUMBER_LIKE, row=st.sampled_from(INPUT_ROWS))
def test_number_like_text_reads_back_as_printed_or_gets_its_own_message(text, row):
    """What the parser accepts, printed back as the page prints it (``format_value``, made
    unambiguous), reads as the same value, so a saved page saves again unchanged; what it
    refuses carries exactly one of its own messages, filled in (never a stray text)."""
    try:
        value = parse_value(text, row)
    except ValidationError as error:
        assert error.code in MESSAGES
        assert error.messages == [MESSAGES[error.code] % (error.params or {})]
        return
    printed = unambiguous_text(format_value(row.kind, value))
    assert parse_value(printed, row) == value


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

    assert parse_value(unambiguous_text(format_number(amount)), MONEY) == amount


@settings(max_examples=200, deadline=None)
@given(
    whole=st.integers(min_value=1, max_value=999), fraction=st.integers(min_value=0, max_value=999)
)
def test_money_with_three_digits_after_a_short_whole_is_always_asked(whole, fraction):
    """ "1,000" and its kind are never read one way or the other; the message's readings are
    both accepted as they are written."""
    text = f"{whole},{fraction:03d}"
    with pytest.raises(ValidationError) as info:
        parse_value(text, MONEY)
    assert info.value.code == "ambiguous_comma"
    readings = info.value.messages[0].split("Gõ ")[1].rstrip(".").split(" hoặc ")
    assert parse_value(readings[0], MONEY) == Decimal(f"{whole}.{fraction:03d}")
    assert parse_value(readings[1], MONEY) == whole * 1000 + fraction


def test_long_text_with_letters_is_not_a_number_rather_than_too_large():
    with pytest.raises(ValidationError) as info:
        parse_value("một trăm nghìn hồ sơ đã tiếp nhận", COUNT)
    assert info.value.code == "not_number"
    with pytest.raises(ValidationError) as info:
        parse_value("1" * 100, COUNT)
    assert info.value.code == "too_large"


def test_a_number_cell_of_the_annex_is_never_ambiguous(seed_report):
    """A spreadsheet cell holding the number 2.125 (triệu đồng) is 2,125, not a typed text
    to ask about: the importer hands it to the parser in its unambiguous form."""
    from io import BytesIO

    from openpyxl import load_workbook

    from reports.exports import xlsx_bytes
    from reports.exports.importer import read_workbook

    book = load_workbook(BytesIO(xlsx_bytes(seed_report)))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == 37094]
    cells[0].value = 2.125
    out = BytesIO()
    book.save(out)
    read = read_workbook(out.getvalue())
    assert read.problems == []
    assert read.values["b6.investment_plan"] == Decimal("2.125")
