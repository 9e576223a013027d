"""Vietnamese-like text for synthetic corpora: varied enough that search and compression see real work.

A chain of syllable pairs is learned from the sample portal's own hand-written text (about
2,000 distinct syllables, in their natural frequencies), and one word in twenty-five comes
from a long tail of rarer syllables built from Vietnamese onsets, rhymes and tones, ranked
by a Zipf law. Vocabulary thus keeps growing with the corpus, as it does in real text.
"""

from __future__ import annotations

import itertools
import random
import re
import unicodedata
from bisect import bisect
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("content/**/*.md", "communes/**/*.md", "legal-db/**/*.yml", "content/thu-tuc/*.yml")
ONSETS = [
    "b",
    "c",
    "ch",
    "d",
    "đ",
    "g",
    "gh",
    "gi",
    "h",
    "k",
    "kh",
    "l",
    "m",
    "n",
    "ng",
    "ngh",
    "nh",
    "p",
    "ph",
    "qu",
    "r",
    "s",
    "t",
    "th",
    "tr",
    "v",
    "x",
]
RHYMES = [
    "a",
    "ai",
    "am",
    "an",
    "ang",
    "anh",
    "ao",
    "au",
    "ay",
    "ă",
    "ăm",
    "ăn",
    "ăng",
    "âm",
    "ân",
    "âng",
    "âu",
    "ây",
    "e",
    "em",
    "en",
    "eo",
    "ê",
    "êm",
    "ên",
    "ênh",
    "êu",
    "i",
    "ia",
    "im",
    "in",
    "inh",
    "iu",
    "o",
    "oa",
    "oai",
    "oan",
    "oang",
    "oanh",
    "oat",
    "oe",
    "oi",
    "om",
    "on",
    "ong",
    "ô",
    "ôi",
    "ôm",
    "ôn",
    "ông",
    "ơ",
    "ơi",
    "ơm",
    "ơn",
    "u",
    "ua",
    "uân",
    "uây",
    "ui",
    "um",
    "un",
    "ung",
    "uơ",
    "uy",
    "uyên",
    "uyêt",
    "ư",
    "ưa",
    "ưi",
    "ưng",
    "ươi",
    "ươm",
    "ươn",
    "ương",
    "ươu",
    "iêm",
    "iên",
    "iêng",
    "iêu",
    "uôi",
    "uôm",
    "uôn",
    "uông",
]
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
TAIL_SHARE = 0.04
VOWELS = "aăâeêioôơuưy"
_WORD = re.compile(r"[^\W\d_]+|\d+")


def _sentences() -> list[list[str]]:
    """The sample portal's sentences as lists of syllables (front matter keys and markup dropped)."""
    out = []
    for pattern in SOURCES:
        for path in sorted(ROOT.glob(pattern)):
            for line in path.read_text(encoding="utf-8").splitlines():
                text = re.sub(r"^\s*[-\w]+:\s", " ", line)  # a YAML key or a front matter field
                for sentence in re.split(r"[.;:!?()\[\]|\"]+", text):
                    words = _WORD.findall(sentence)
                    if len(words) >= 3:
                        out.append(words)
    return out


def _with_tone(rhyme: str, tone: str) -> str:
    """The tone mark on the main vowel: the last one with a hat or horn, else by the rhyme's ending."""
    vowels = [i for i, c in enumerate(rhyme) if c in VOWELS]
    marked = [i for i in vowels if rhyme[i] in "ăâêôơư"]
    if marked:
        at = marked[-1]
    elif rhyme[-1] not in VOWELS or rhyme in ("oa", "oe", "uy"):
        at = vowels[-1]
    else:
        at = vowels[0]
    return unicodedata.normalize("NFC", rhyme[: at + 1] + tone + rhyme[at + 1 :])


class Text:
    """Deterministic Vietnamese-like phrases from a seeded random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.follow: dict[str, list[str]] = {}
        self.starts: list[str] = []
        known: set[str] = set()
        for words in _sentences():
            if words[0][0].isalpha():
                self.starts.append(words[0])
            known.update(word.lower() for word in words)
            for first, second in itertools.pairwise(words):
                self.follow.setdefault(first.lower(), []).append(second)
        tail = sorted(
            {
                syllable
                for onset in ONSETS
                for rhyme in RHYMES
                for tone in TONES
                if (syllable := onset + _with_tone(rhyme, tone)) not in known
            }
        )
        rng.shuffle(tail)
        self.tail = tail
        self.cumulative = list(itertools.accumulate(1 / rank for rank in range(1, len(tail) + 1)))

    def words(self, count: int) -> str:
        """``count`` syllables that read like a Vietnamese phrase, starting with a capital when the source did."""
        rng = self.rng
        out = [rng.choice(self.starts)]
        while len(out) < count:
            if rng.random() < TAIL_SHARE:
                out.append(self.tail[bisect(self.cumulative, rng.random() * self.cumulative[-1])])
                continue
            followers = self.follow.get(out[-1].lower())
            out.append(rng.choice(followers) if followers else rng.choice(self.starts).lower())
        return " ".join(out)

    def sentence(self, low: int, high: int) -> str:
        text = self.words(self.rng.randint(low, high))
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence(8, 24) for _ in range(sentences))
