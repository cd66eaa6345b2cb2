"""The seed's Phụ lục III read from tests/data/seed_report.txt, as the application prints it.

``FIGURE_DIFFERENCES`` records every figure the application prints differently from the seed,
with the reason (``tests/test_export_seed_figures.py`` checks the list is complete and exact);
``UNIT_CORRECTIONS`` the units it corrects. ``seed_annex()`` gives the rows with both applied;
``seed_annex(raw=True)`` the seed exactly as typed.
"""

import re
from pathlib import Path

SEED = Path(__file__).parent / "data" / "seed_report.txt"

UNIT_ONCE = "the unit column says %: the figure prints without it, so the unit prints once"
FIGURE_DIFFERENCES = {
    ("b1", "2."): (
        "60,5%",
        "60,53",
        "one rounding rule, half-up to two decimals: 23 / 38 = 60,526…% (the seed kept one "
        "decimal); " + UNIT_ONCE,
    ),
    ("b3", "2.1."): (
        "99.32%",
        "99,33",
        "one rounding rule: 5.612 / 5.650 = 99,327…% rounds half-up to 99,33 (the seed "
        "truncated it and wrote a decimal point, not the Vietnamese comma); " + UNIT_ONCE,
    ),
    **{
        (form, stt): (seed, "100", "220 / 220 and the like: " + UNIT_ONCE)
        for form, stt, seed in (
            ("b1", "3.2.", "100%"),
            ("b3", "1.1.", "100%"),
            ("b3", "2.2.", "100%"),
            ("b7", "1.1.", "= 100%"),
            ("b7", "1.2.", "= 100%"),
            ("b7", "1.3.", "= 100%"),
            ("b7", "1.4.", "= 100%"),
            ("b7", "1.5.", "= 100%"),
        )
    },
}
# Biểu 7 items 1.3.1 and 1.3.2 count applications (hồ sơ), not procedures.
UNIT_CORRECTIONS = {("b7", "1.3.1."): "Hồ sơ", ("b7", "1.3.2."): "Hồ sơ"}


def _plain(text: str) -> str:
    return re.sub(r"</?i>", "", text).strip()


def seed_annex(*, raw: bool = False) -> dict[str, list[dict]]:
    """{"b1": [{"stt", "label", "unit", "value", "remark", "italic"}, …], …} in printed order."""
    tables: dict[str, list[dict]] = {}
    current = None
    for line in SEED.read_text().splitlines():
        heading = re.match(r"^Biểu mẫu (\d)$", line.strip())
        if heading:
            current = f"b{heading.group(1)}"
            tables[current] = []
            continue
        if current is None or "\t" not in line:
            continue
        cells = line.split("\t") + [""] * 5
        stt, label, unit, value, remark = (c.strip() for c in cells[:5])
        if stt == "STT" or (not stt and not label):
            continue
        italic = label.startswith("<i>") and label.endswith("</i>")
        unit = _plain(unit)
        if not raw:
            value = FIGURE_DIFFERENCES.get((current, stt), (value, value))[1]
            unit = UNIT_CORRECTIONS.get((current, stt), unit)
        tables[current].append(
            {
                "stt": stt,
                "label": _plain(label),
                "unit": unit,
                "value": value,
                "remark": remark,
                "italic": italic,
            }
        )
    return tables
