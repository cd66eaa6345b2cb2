"""The catalogue against the seed: every STT code, label and unit of the seven Biểu mẫu."""

import re
from pathlib import Path

import pytest

from reports import catalogue
from reports.catalogue import Kind

SEED = (Path(__file__).parent / "data" / "seed_report.txt").read_text(encoding="utf-8")

# The one departure from the printed form: Biểu 7 items 1.3.1 and 1.3.2 count applications.
UNIT_CORRECTIONS = {("b7", "1.3.1."): ("Thủ tục", "Hồ sơ"), ("b7", "1.3.2."): ("Thủ tục", "Hồ sơ")}


def seed_rows():
    """{section key: [(stt, label, unit, italic_note)]} read from the seed's Phụ lục III."""
    annex = SEED[SEED.index("Phụ lục III") :]
    blocks = re.split(r"\nBiểu mẫu (\d)\n", annex)[1:]
    out = {}
    for number, block in zip(blocks[::2], blocks[1::2], strict=True):
        rows = []
        for line in block.splitlines():
            cells = line.split("\t")
            if len(cells) < 3 or cells[0] == "STT" or not cells[1] or cells[1].startswith("Đơn"):
                continue
            label = cells[1]
            note_match = re.search(r"\s*<i>(\(.*\))</i>$", label)
            note = note_match.group(1) if note_match else ""
            if note_match:
                label = label[: note_match.start()]
            italic = label.startswith("<i>")
            strip = lambda s: re.sub(r"</?i>", "", s).strip()  # noqa: E731
            rows.append((cells[0], strip(label), strip(cells[2]), note, italic))
        out[f"b{number}"] = rows
    return out


SEED_ROWS = seed_rows()


@pytest.mark.parametrize("section", catalogue.FORMS, ids=lambda s: s.key)
def test_every_row_of_the_form_in_order(section):
    expected = SEED_ROWS[section.key]
    got = [(r.stt, r.label, r.unit, r.note, r.italic) for r in section.rows]
    corrected = [
        (stt, label, UNIT_CORRECTIONS.get((section.key, stt), (unit, unit))[1], note, italic)
        for stt, label, unit, note, italic in expected
    ]
    assert got == corrected


def test_seven_forms_with_their_titles():
    titles = re.findall(r"\nBiểu mẫu (\d)\n(.+)\n", SEED)
    assert [(s.heading, s.title) for s in catalogue.FORMS] == [
        (f"Biểu mẫu {n}", t) for n, t in titles
    ]


def test_unit_slip_of_biểu_7_is_corrected():
    assert catalogue.row("b7.full_service_apps").unit == "Hồ sơ"
    assert catalogue.row("b7.full_service_apps_online").unit == "Hồ sơ"
    assert "<i>Thủ tục</i>\t907" in SEED  # the seed's slip, kept in the test data on purpose


def test_ratios_name_existing_input_rows():
    ratios = [r for r in catalogue.ROWS.values() if r.kind == Kind.RATIO]
    assert len(ratios) == 11
    for r in ratios:
        assert catalogue.ROWS[r.numerator].is_input
        assert catalogue.ROWS[r.denominator].is_input


def test_coded_units_and_their_choices():
    survey = catalogue.row("b1.survey_method")
    assert survey.kind == Kind.CODE
    assert survey.unit == "Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2"
    assert [c[0] for c in survey.choices] == [0, 1, 2]
    dialogue = catalogue.row("b1.citizen_dialogue")
    assert (dialogue.kind, dialogue.unit) == (Kind.YESNO, "Không = 0 Có = 1")


def test_refs_are_unique_and_stt_codes_unique_per_section():
    refs = [r.ref for s in catalogue.SECTIONS for r in s.rows]
    assert len(refs) == len(set(refs))
    for s in catalogue.SECTIONS:
        codes = [r.stt for r in s.rows if r.stt]
        assert len(codes) == len(set(codes)), s.key


def test_formula_is_written_from_the_codes():
    assert catalogue.formula(catalogue.row("b3.on_time_rate")) == "(2.1.2) / (2.1.1)"
