"""reports.texts: the one accent folding, used by search keys, the CSV loader, password
similarity and file names."""

import pytest

from reports.texts import fold, strip_accents


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Đồng Hới, Quảng Bình", "Dong Hoi, Quang Binh"),
        ("Nguyễn Thị Thu Hà", "Nguyen Thi Thu Ha"),
        ("ĐẶC KHU Bạch Long Vĩ", "DAC KHU Bach Long Vi"),
        ("Phường 10 ơ ư ă â", "Phuong 10 o u a a"),
        ("", ""),
        (None, ""),
    ],
)
def test_strip_accents_keeps_case_and_punctuation(text, plain):
    assert strip_accents(text) == plain


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Xã Nam Thanh Miện", "xa nam thanh mien"),
        ("  Phó   Chủ tịch ", "pho chu tich"),
        ("dac_khu", "dac khu"),
        (
            "Ủy ban nhân dân xã Nam Thanh Miện, Hải Phòng",
            "uy ban nhan dan xa nam thanh mien hai phong",
        ),
        # Decomposed input (as some keyboards and PDFs send it) folds alike.
        ("Mie\u0302\u0323n", "mien"),
    ],
)
def test_fold_compares_without_diacritics_case_or_punctuation(text, folded):
    assert fold(text) == folded


def test_every_folding_place_uses_it():
    """The commune search key, the CSV loader's keys and the document file names agree with
    ``fold`` / ``strip_accents`` (they call them)."""
    from reports.city.csvload import _key
    from reports.city.names import search_key
    from reports.exports.builder import _ascii

    name = "Xã Đông Hưng (cũ)"
    assert search_key(name) == _key(name) == fold(name) == "xa dong hung cu"
    assert _ascii("BC-CCHC-2026-Q2-xã Đông Hưng") == "BC-CCHC-2026-Q2-xa-Dong-Hung"


@pytest.mark.parametrize(
    "name",
    [
        "Vũ Văn Nguyễn - Phó Chủ tịch",
        "Ủy ban nhân dân xã Nam Thanh Miện",
        "ĐẶNG THỊ HỒNG (ký thay)",
    ],
)
def test_the_signing_names_can_build_on_fold(name):
    """``reports.signing.names.fold`` (the signed branch's) is ``fold`` plus one spelling of
    "UBND": it can call ``fold`` instead of folding on its own."""
    import re

    from reports.signing.names import fold as signing_fold

    assert signing_fold(name) == re.sub(r"\buy ban nhan dan\b", "ubnd", fold(name))


def test_the_csv_loader_reads_a_kind_written_with_an_underscore():
    """ "dac_khu" folds to "dac khu": the loader needs no second spelling of it."""
    from reports.city.csvload import KINDS, _key
    from reports.models import Commune

    assert KINDS[_key("Đặc_khu")] == KINDS[_key("đặc khu")] == Commune.Kind.SPECIAL_ZONE
