"""Numbers in Vietnamese: one rounding rule for every ratio, and one way to print values.

Ratios are rounded half-up to at most two decimals and printed with the Vietnamese decimal
comma and no trailing zeros: 5612 / 5650 → 99,33%; 19884 / 37094 → 53,6%; 220 / 220 → 100%.
A ratio whose denominator is zero or blank has no value (None), never 0% and never an error.
Thousands are grouped with a dot: 5650 → 5.650.

``format_value`` prints a value of a catalogue row, by its kind: the entry pages, the history,
the city's pages and the exported documents all print through it.
"""

from decimal import ROUND_HALF_UP, Decimal

from reports.catalogue import Kind

RATIO_PLACES = Decimal("0.01")
# A row whose unit column says "%" prints its ratio without the sign: the unit is printed once.
PERCENT_UNIT = "%"


def ratio(numerator, denominator) -> Decimal | None:
    """Percentage numerator / denominator × 100, half-up to two decimals; None without a base."""
    if numerator is None or denominator in (None, 0):
        return None
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return value.quantize(RATIO_PLACES, rounding=ROUND_HALF_UP)


def group_thousands(digits: str) -> str:
    out = []
    for i, ch in enumerate(reversed(digits)):
        if i and i % 3 == 0:
            out.append(".")
        out.append(ch)
    return "".join(reversed(out))


def format_number(value) -> str:
    """5650 → "5.650"; Decimal("37094.500") → "37.094,5"; None → ""."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    sign = "-" if value < 0 else ""
    value = abs(value)
    text = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0")
    whole = group_thousands(whole.split(".")[0] if whole else "0")
    return f"{sign}{whole},{frac}" if frac else f"{sign}{whole}"


def format_percent(value) -> str:
    """Decimal("99.33") → "99,33%"; None → ""."""
    if value is None:
        return ""
    return format_number(value) + "%"


def format_value(kind: str, value, *, unit: str = "", choices=()) -> str:
    """A stored value of a row of kind ``kind`` as printed: "" when blank; a count or an amount
    grouped the Vietnamese way (5.650; 37.094,5); a ratio's percentage with its sign (99,33%),
    or without it in a row whose ``unit`` is "%" (53,6); a code or yes/no as its digit, or as
    its label when the row's ``choices`` are given ("Có", "Phát phiếu")."""
    if value is None or value == "" or kind == Kind.HEADING:
        return ""
    if kind == Kind.RATIO:
        return format_number(value) if unit == PERCENT_UNIT else format_percent(value)
    if kind in (Kind.CODE, Kind.YESNO):
        return dict(choices).get(int(value), str(value)) if choices else str(value)
    return format_number(value)


def format_leading_zero(value: int) -> str:
    """Small counts in running text are written with a leading zero: 1 → "01"."""
    return f"{value:02d}" if 0 < value < 10 else format_number(value)


def long_date(value) -> str:
    """date(2026, 7, 5) → "ngày 05 tháng 7 năm 2026" (Nghị định 30/2020: days under 10 and the
    months 1 and 2 take a leading zero)."""
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"
