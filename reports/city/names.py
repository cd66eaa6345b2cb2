"""Keys for sorting and searching commune names the Vietnamese way, stored on each Commune.

Sorting follows Vietnamese dictionaries, syllable by syllable: first the base letters of the
syllable in the alphabet a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f, j, w, z
of foreign names in their Latin places), then its tone: none, huyền, hỏi, ngã, sắc, nặng. So
"An Bảo" < "An Bình" (a < i decides before any tone) and "Ma" < "Mà" < "Mả" < "Mã" < "Má" <
"Mạ". Numbers sort by value before words ("Phường 2" < "Phường 10" < "Phường An Lạc").

The sort key uses only the characters 0-9 and a-z, on which every collation (SQLite's byte
order, PostgreSQL's C, en_US or vi_VN, ICU) agrees, so ``ORDER BY sort_key`` gives the same
order on every database and paging can stay in SQL.

The search key is the name without diacritics, in lower case ("đ" read as "d"): a search typed
without accents finds "Nam Thanh Miện" from "thanh mien".
"""

import unicodedata

from reports.texts import fold

# The alphabet in dictionary order; letters outside it (ß, ø, …) sort after it, all alike.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Combining tone marks in dictionary order: huyền, hỏi, ngã, sắc, nặng (no mark: 0).
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
SORT_KEY_LENGTH = 300
SEARCH_KEY_LENGTH = 150
MAX_NUMBER_DIGITS = 9


def _letter_code(letter: str) -> str:
    """Two lower-case ASCII letters whose order is the letter's place in ALPHABET."""
    index = ALPHABET.find(letter)
    if index < 0:
        base = "".join(c for c in unicodedata.normalize("NFD", letter) if c.isalpha())
        index = ALPHABET.find(base) if len(base) == 1 else -1
    if index < 0:
        index = len(ALPHABET)
    return chr(97 + index // 26) + chr(97 + index % 26)


def _tokens(text: str):
    """("word", [letters], tone) and ("number", digits, 0) in order; anything else separates."""
    letters, tone, digits = [], 0, []
    for ch in unicodedata.normalize("NFD", text.lower()):
        if unicodedata.category(ch) == "Mn":
            if ch in TONES:
                tone = tone or TONES[ch]
            elif letters:
                letters[-1] += ch  # breve, circumflex, horn: part of the letter (ă, â, ơ)
            continue
        if ch.isalpha():
            if digits:
                yield "number", "".join(digits), 0
                digits = []
            letters.append(ch)
            continue
        if letters:
            yield "word", letters, tone
            letters, tone = [], 0
        if ch.isdecimal():
            digits.append(str(unicodedata.decimal(ch)))
        elif digits:
            yield "number", "".join(digits), 0
            digits = []
    if letters:
        yield "word", letters, tone
    if digits:
        yield "number", "".join(digits), 0


def sort_key(name: str) -> str:
    """The key that puts ``name`` in Vietnamese dictionary order (see the module docstring).

    A word is its letters' codes followed by its tone (a digit), so a shorter syllable sorts
    before a longer one ("an" < "anh") and the tone decides only between equal letters. A
    number is its count of digits then its digits, so it sorts by value, and before any word
    (a digit sorts before a letter)."""
    parts = []
    for kind, value, tone in _tokens(name):
        if kind == "number":
            value = value.lstrip("0") or "0"
            value = value[:MAX_NUMBER_DIGITS]
            parts.append(f"{len(value)}{value}")
        else:
            letters = "".join(_letter_code(unicodedata.normalize("NFC", x)) for x in value)
            parts.append(f"{letters}{tone}")
    return "".join(parts)[:SORT_KEY_LENGTH]


def search_key(text: str) -> str:
    """ "Xã Nam Thanh Miện" → "xa nam thanh mien" (``reports.texts.fold``), cut to the
    column's length."""
    return fold(text)[:SEARCH_KEY_LENGTH]
