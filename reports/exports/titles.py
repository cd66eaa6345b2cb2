"""What the title rows of an annex sheet name: the period and the commune the figures are of.

The exported sheets say it in their title rows ("UBND xã Nam Thanh Miện – Quý II năm 2026");
the importer compares it with the report the file goes into, so that a file exported from
Quý III is not imported into Quý IV without a word. Texts are read loosely (upper or lower
case, non-breaking spaces, "Quý 3/2026"): a title that names nothing raises no warning.
"""

import re
import unicodedata

from reports.periods import ROMAN, Period

_PERIOD = re.compile(
    r"(?<!\w)(?:quý\s+(iv|iii|ii|i|[1-4])\s*(?:năm|/)\s*(\d{4})"
    r"|6\s+tháng\s+đầu\s+năm\s+(\d{4})|năm\s+(\d{4}))(?!\w)",
    re.IGNORECASE,
)
_QUARTERS = {**{roman.casefold(): n for n, roman in ROMAN.items()}, "1": 1, "2": 2, "3": 3, "4": 4}
_KIND_WORD = re.compile(r"(?<!\w)(xã|phường|đặc\s+khu)\s+", re.IGNORECASE)
_NOT_NAME = {"quý", "năm", "tháng"}  # words that end a name written in capitals

MESSAGES = {
    "other_period": (
        "Tệp này là số liệu của %(file)s, không phải của %(report)s (báo cáo đang nhập)."
    ),
    "other_commune": "Tệp này là số liệu của %(file)s, không phải của %(report)s.",
}


def plain(text) -> str:
    """For comparing names: one form of each letter, single spaces, no case."""
    return " ".join(unicodedata.normalize("NFC", str(text or "")).split()).casefold()


def named_period(text: str) -> Period | None:
    """ "UBND xã Nam Thanh Miện – Quý II năm 2026" → Period(2026, "Q2")."""
    match = _PERIOD.search(unicodedata.normalize("NFC", text))
    if match is None:
        return None
    quarter, quarter_year, half_year, year = match.groups()
    if quarter:
        return Period(int(quarter_year), f"Q{_QUARTERS[quarter.casefold()]}")
    if half_year:
        return Period(int(half_year), "H1")
    return Period(int(year), "Y")


def named_commune(text: str) -> str | None:
    """ "UBND xã Nam Thanh Miện – Quý II năm 2026" → "xã Nam Thanh Miện"."""
    text = unicodedata.normalize("NFC", text)
    for match in _KIND_WORD.finditer(text):
        words = []
        for word in text[match.end() :].split():
            word = word.strip(",.;:()[]–-")
            if not word or not word[0].isupper() or word.casefold() in _NOT_NAME:
                break
            words.append(word)
        if words:
            return f"{' '.join(match.group(1).split()).lower()} {' '.join(words)}"
    return None


def mismatches(report, titles: list[str]) -> list[str]:
    """A warning for each of period and commune when the title rows name another one than
    ``report``'s."""
    warnings = []
    periods = {p for p in map(named_period, titles) if p}
    other = sorted(p for p in periods if p != report.period)
    if other:
        warnings.append(
            MESSAGES["other_period"] % {"file": other[0].label, "report": report.period.label}
        )
    target = " " + plain(report.commune.name)
    foreign = [c for c in map(named_commune, titles) if c and not plain(c).endswith(target)]
    if foreign:
        warnings.append(
            MESSAGES["other_commune"] % {"file": foreign[0], "report": report.commune.official_name}
        )
    return warnings
