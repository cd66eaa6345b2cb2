"""The seed's Phụ lục III read from tests/data/seed_report.txt, with the seed's slips corrected
the way the application prints them (one rule for every ratio, the right unit for 1.3.1/1.3.2).

Corrections (seed → printed):
- ratios: "60,5%" → "60,53%", "99.32%" → "99,33%", "53,6" → "53,6%", "= 100%" → "100%"
  (half-up to two decimals, decimal comma, always with "%");
- Biểu 7 items 1.3.1 and 1.3.2 count applications: unit "Thủ tục" → "Hồ sơ".
"""

import re
from pathlib import Path

SEED = Path(__file__).parent / "data" / "seed_report.txt"

VALUE_CORRECTIONS = {
    ("b1", "2."): "60,53%",
    ("b3", "2.1."): "99,33%",
    ("b6", "1."): "53,6%",
}
UNIT_CORRECTIONS = {("b7", "1.3.1."): "Hồ sơ", ("b7", "1.3.2."): "Hồ sơ"}


def _plain(text: str) -> str:
    return re.sub(r"</?i>", "", text).strip()


def seed_annex() -> dict[str, list[dict]]:
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
        value = value.removeprefix("= ")
        value = VALUE_CORRECTIONS.get((current, stt), value)
        unit = UNIT_CORRECTIONS.get((current, stt), _plain(unit))
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
