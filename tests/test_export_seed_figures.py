"""Every figure of Phụ lục III that the application prints differently from the seed, with its
reason: the list in ``tests.seed_annex.FIGURE_DIFFERENCES`` is checked to be complete and exact
against the Word report, so a new difference (or a fixed one) shows here."""

from io import BytesIO

from docx import Document

from reports.exports import docx_bytes
from tests.seed_annex import FIGURE_DIFFERENCES, seed_annex


def test_every_figure_printed_differently_from_the_seed_is_recorded_with_its_reason(
    seed_report,
):
    document = Document(BytesIO(docx_bytes(seed_report)))
    seed = seed_annex(raw=True)
    found = {}
    for number, table in enumerate(document.tables[2:], start=1):
        key = f"b{number}"
        printed = [row.cells[3].text for row in table.rows[2:]]
        for row, value in zip(seed[key], printed, strict=True):
            if row["value"] != value:
                found[(key, row["stt"])] = (row["value"], value)
    assert found == {key: (seed, printed) for key, (seed, printed, _) in FIGURE_DIFFERENCES.items()}
    assert all(reason for _, _, reason in FIGURE_DIFFERENCES.values())
    # The two the domain notes name: 60,5% → 60,53 and 99.32% → 99,33.
    assert found[("b1", "2.")] == ("60,5%", "60,53")
    assert found[("b3", "2.1.")] == ("99.32%", "99,33")
    # Biểu 6 item 1 already printed the unit once, as the application does.
    assert ("b6", "1.") not in found
