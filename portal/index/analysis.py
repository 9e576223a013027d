"""How text becomes search terms, shared by the build-time index, the exporter and ``build.py search``.

Vietnamese is written in syllables separated by spaces; a word is often two or three of
them ("giấy phép", "xây dựng"). Citizens type without diacritics. So every syllable is
indexed folded ("giay"), its accented form is kept for an exact-match bonus, and each pair of
adjacent syllables becomes a term of its own ("giay phep") so that words typed together rank
first. Document numbers are also kept whole ("123/qd-ubnd") so they are found as written.
The browser applies the same rules (``theme/assets/search.js``); tests keep the two in step.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from itertools import pairwise

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, Token

from portal.vietnamese import fold

SYLLABLE = r"[^\W_]+"
NUMBER = re.compile(r"\b\d+(?:/\d{4})?/[^\W_]+(?:-[^\W_]+)*", re.UNICODE)


def normalize(text: str) -> str:
    """NFC and lower case: what a term is before folding."""
    return unicodedata.normalize("NFC", text).lower()


def folded(term: str) -> str:
    return fold(term)


class FoldFilter(Filter):
    """Replaces each token by its accent-free form (``giấy`` → ``giay``, ``đ`` → ``d``)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = fold(token.text)
            yield token


class PairFilter(Filter):
    """Replaces the token stream by its adjacent pairs (``a b c`` → ``a b``, ``b c``)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        previous: str | None = None
        for token in tokens:
            current = token.text
            if previous is not None:
                token.text = f"{previous} {current}"
                yield token
            previous = current


def _syllables():
    return RegexTokenizer(SYLLABLE) | LowercaseFilter()


def folded_analyzer():
    """Syllables without diacritics: the terms every query is matched against."""
    return _syllables() | FoldFilter()


def exact_analyzer():
    """Syllables with their diacritics: a bonus when the query was typed with the right accents."""
    return _syllables()


def pair_analyzer():
    """Adjacent folded syllables: the bonus for words typed together."""
    return _syllables() | FoldFilter() | PairFilter()


_SYLLABLES = re.compile(SYLLABLE)
_WORDS = re.compile(r"[^ \t\r\n]+")  # Whoosh's SpaceSeparatedTokenizer, for the number field


class _Folded(dict):
    """``fold`` of each term seen, remembered per process: a corpus repeats a few thousand syllables."""

    def __missing__(self, term: str) -> str:
        folded = self[term] = fold(term)
        return folded


_FOLDED = _Folded()


def syllables(text: str) -> list[str]:
    """What ``exact_analyzer`` yields, as plain strings: the index analyses millions of syllables,
    and Whoosh's per-token objects cost ten times more (a test keeps the two equal).

    The text is lowered whole, a quarter faster than syllable by syllable, where that gives the
    same syllables: when no character lowers to two (``İ``) and there is no capital sigma, whose
    lower case depends on the letters around it. No character lowers to one of another class.
    """
    lowered = text.lower()
    if len(lowered) == len(text) and "Σ" not in text:
        return _SYLLABLES.findall(lowered)
    return list(map(str.lower, _SYLLABLES.findall(text)))


def fold_all(terms: list[str]) -> list[str]:
    """``fold`` of each term; a lookup in C for every syllable seen before."""
    return list(map(_FOLDED.__getitem__, terms))


def pairs(terms: list[str]) -> list[str]:
    """Adjacent terms joined by a space, as ``PairFilter`` makes them."""
    return [f"{first} {second}" for first, second in pairwise(terms)]


def words(text: str) -> list[str]:
    return _WORDS.findall(text)


def numbers(text: str) -> list[str]:
    """Document numbers in ``text``, folded and lower-cased as people type them (``123/qd-ubnd``)."""
    return [fold(normalize(match.group(0))) for match in NUMBER.finditer(text)]


def query_terms(query: str) -> tuple[list[str], list[str], list[str], list[str]]:
    """Folded syllables, exact syllables, pairs and whole numbers of a query, each without repeats."""
    text = normalize(query)
    exact = _unique(token.text for token in exact_analyzer()(text))
    syllables = _unique(fold(term) for term in exact)
    pairs = _unique(token.text for token in pair_analyzer()(text))
    return syllables, [term for term in exact if fold(term) != term], pairs, _unique(numbers(text))


def _unique(terms) -> list[str]:
    return list(dict.fromkeys(terms))
