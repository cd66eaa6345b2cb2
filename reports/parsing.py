"""Reading numbers as Vietnamese users type them, for one catalogue row at a time.

Vietnamese groups thousands with a dot and writes decimals with a comma: "5.650" is five
thousand six hundred and fifty, "53,6" is fifty-three point six. Both "5.650" and "5650" are
accepted for a count; a comma is accepted only where the row holds money (triệu đồng), because
"5,65" hồ sơ cannot be meant. A dot not followed by groups of exactly three digits ("5.65") is
refused rather than guessed. Every refusal is a ``ValidationError`` with a Vietnamese message
and a ``code``, never another exception: the entry page shows it next to the field.

Input that reads differently under the Vietnamese and the English conventions is refused with
both readings rather than guessed: in a money field "1,000" is 1 to a Vietnamese reader and
1.000 to an English one, so a comma followed by exactly three digits after a whole part of one
to three digits is ambiguous ("0,125" and "1.234,567" are not); "5 6" is 56 or the two numbers
5 and 6, so spaces between digits are ambiguous too. A money value whose Vietnamese text would
be ambiguous (2,125) is written with a fourth, zero decimal ("2,1250"), which reads back the
same: see ``unambiguous_text``.
"""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from reports import catalogue
from reports.catalogue import Kind
from reports.numbers import format_number, format_value

# Longer than any plausible value, even with separators: refuse before doing any arithmetic.
MAX_LENGTH = 24
MONEY_PLACES = 3  # the model stores triệu đồng with three decimals (nghìn đồng)

# re.ASCII: "\d" must not accept other scripts' digits ("٣", "²").
_DIGITS = re.compile(r"\d+", re.ASCII)
_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+", re.ASCII)
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_SPACED_DIGITS = re.compile(r"\d[\s\u00a0\u202f]+\d", re.ASCII)
_AMBIGUOUS_COMMA = re.compile(r"[1-9]\d{0,2},\d{3}", re.ASCII)

MESSAGES = {
    "computed": "Chỉ tiêu này được tính tự động, không nhập.",
    "negative": "Số liệu không được âm.",
    "not_number": "Chỉ nhập chữ số, ví dụ 5.650 hoặc 5650.",
    "comma_in_count": (
        "Chỉ tiêu này là số nguyên, không có phần thập phân: nhập 5.650 hoặc 5650, không dùng "
        "dấu phẩy."
    ),
    "bad_grouping": (
        "Dấu chấm chỉ dùng để phân cách hàng nghìn (ví dụ 5.650); phần thập phân dùng dấu phẩy "
        "(ví dụ 53,6)."
    ),
    "too_many_places": "Chỉ nhập tối đa %(places)s chữ số sau dấu phẩy.",
    "too_large": "Số quá lớn (tối đa %(max)s): vui lòng kiểm tra lại.",
    "bad_choice": "Chọn một trong các giá trị: %(choices)s.",
    "ambiguous_comma": "%(typed)s là %(decimal)s hay %(thousands)s? Gõ %(decimal_text)s hoặc "
    "%(thousands)s.",
    "spaced_digits": "%(typed)s là %(joined)s hay các số %(parts)s? Gõ %(joined)s nếu là một "
    "số; mỗi ô chỉ nhập một số.",
}


def _error(code: str, **params) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params=params or None)


def parse_value(text, row: catalogue.Row):
    """The value of ``text`` typed into ``row``'s Số liệu cell: int (counts, codes), Decimal
    (money) or None (blank). Raises ValidationError with a Vietnamese message otherwise."""
    if not row.is_input:
        raise _error("computed")
    if text is None:
        return None
    typed = str(text).strip()
    value = _parse_compact(_SPACES.sub("", typed), row)
    if value is not None and _SPACED_DIGITS.search(typed):
        parts = typed.split()
        raise _error(
            "spaced_digits",
            typed=" ".join(parts),
            joined=unambiguous_text(format_value(row.kind, value)),
            parts=", ".join(parts[:-1]) + " và " + parts[-1],
        )
    return value


def _parse_compact(text: str, row: catalogue.Row):
    """``parse_value`` of a text without any whitespace."""
    if not text:
        return None
    if text.startswith(("-", "−", "–")):
        raise _error("negative")
    if text.strip("0123456789.,+"):  # letters or symbols somewhere: not a number at all
        raise _error("bad_choice" if row.choices else "not_number", **_choice_params(row))
    if len(text) > MAX_LENGTH:
        raise _error("too_large", max=_max_text(row))
    if text.startswith("+"):
        text = text[1:]
    if row.kind in (Kind.CODE, Kind.YESNO):
        return _parse_choice(text, row)
    whole, comma, fraction = text.partition(",")
    if not comma:
        fraction = ""
    elif row.kind != Kind.MONEY:
        raise _error("comma_in_count" if _is_number(whole) else "not_number")
    if not _is_number(whole) or (comma and not _DIGITS.fullmatch(fraction)):
        if any(ch.isalpha() for ch in text) or not whole:
            raise _error("not_number")
        raise _error("bad_grouping" if "." in whole or "," in fraction else "not_number")
    digits = whole.replace(".", "")
    if row.kind == Kind.COUNT:
        value = int(digits)
        if value > catalogue.MAX_COUNT:
            raise _error("too_large", max=_max_text(row))
        return value
    if _AMBIGUOUS_COMMA.fullmatch(text):
        decimal = Decimal(f"{digits}.{fraction}")
        raise _error(
            "ambiguous_comma",
            typed=text,
            decimal=format_number(decimal),
            decimal_text=unambiguous_text(format_number(decimal)),
            thousands=format_number(int(digits + fraction)),
        )
    # Zeros past the stored places change nothing: "2,1250" is how 2,125 is written unambiguously.
    if len(fraction.rstrip("0")) > MONEY_PLACES:
        raise _error("too_many_places", places=MONEY_PLACES)
    fraction = fraction[:MONEY_PLACES]
    try:
        value = Decimal(f"{digits}.{fraction}" if fraction else digits)
    except InvalidOperation:  # pragma: no cover - the regexes above admit only digits
        raise _error("not_number") from None
    if value > catalogue.MAX_MONEY:
        raise _error("too_large", max=_max_text(row))
    return value


def unambiguous_text(text: str) -> str:
    """A number's Vietnamese text as ``parse_value`` reads it back unchanged: "2,125" (which
    could be 2.125) gets a fourth, zero decimal ("2,1250"); any other text is returned as is."""
    return text + "0" if _AMBIGUOUS_COMMA.fullmatch(text) else text


def _is_number(whole: str) -> bool:
    return bool(_DIGITS.fullmatch(whole) or _GROUPED.fullmatch(whole))


def _choice_params(row: catalogue.Row) -> dict:
    if not row.choices:
        return {}
    return {"choices": "; ".join(f"{code} = {label}" for code, label in row.choices)}


def _parse_choice(text: str, row: catalogue.Row) -> int:
    allowed = {str(code): code for code, _ in row.choices}
    if text not in allowed:
        raise _error("bad_choice", **_choice_params(row))
    return allowed[text]


def _max_text(row: catalogue.Row) -> str:
    if row.kind == Kind.MONEY:
        return format_number(int(catalogue.MAX_MONEY))
    return format_number(catalogue.MAX_COUNT)


def message_of(error: ValidationError) -> str:
    """The single Vietnamese message of a parse error, parameters filled in."""
    return " ".join(error.messages)
