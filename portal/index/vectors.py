"""Each entry's terms and their frequencies, per field, cached by the entry's content hash.

An entry's vector depends on its content only, so it is computed once and kept in
``vectors.pickle``; a rebuild analyses only entries whose hash is new and forgets those that
went. The export then scores every posting from the vectors in one pass. Whoosh's own index
writer did the same bookkeeping at a cost of 130 s for 20,000 documents (7.4 million
postings sorted through pickled runs on disk); the export never used anything but the
frequencies and lengths. Deleting the folder is always safe: the next build starts over.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import pickle
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import compress
from operator import ne
from pathlib import Path

from portal.files import replacing
from portal.index.analysis import fold_all, normalize, numbers, pairs, syllables, words
from portal.index.entries import Entry
from portal.vietnamese import fold

CACHE_FILE = "vectors.pickle"
PARALLEL_FROM = 2000
"""Fewer new entries than this are analysed in the build's own process: a pool costs more."""
CHUNK = 500
"""Entries a worker analyses at a time; each chunk sends its own vocabulary back once."""

KINDS = {"number": "n", "title": "s", "body": "s", "exact": "e", "pairs": "p", "title_pairs": "p"}
"""The letter each field's terms start with in the shards: a syllable (``s``) of the title and the
same syllable of the body are one term, their scores added."""

Vector = dict[str, tuple[int, dict[str, int]]]
"""Field → (its length in terms, each term's frequency); terms carry their kind (``KINDS``)."""


FIELDS = ("number", "title", "body", "exact", "pairs", "title_pairs")
"""The order of the fields in a packed vector."""

Packed = tuple[tuple[int, array, array], ...]
"""Per field of ``FIELDS``: its length, the ids of its terms and their frequencies (parallel arrays)."""


@dataclass(frozen=True)
class Vectors:
    """Every current entry's packed vector by content hash, the terms their ids stand for, and what
    the update did. Ids keep a vector small and fast to load: 7 million postings at 20,000 documents
    are two arrays of integers instead of 7 million strings unpickled for every export."""

    terms: list[str]
    blobs: dict[str, bytes]
    added: int
    removed: int
    kept: int

    def unpack(self, digest: str) -> Packed:
        return pickle.loads(self.blobs[digest])


def analysed(entry: Entry) -> tuple[dict[str, list[str]], int]:
    """Each field's terms (without their kind), as ``analysis`` defines them and the browser repeats
    them, and the length of the exact field, which counts every syllable."""
    title, body, number = syllables(entry.title), syllables(entry.body), syllables(entry.number)
    folded_title, folded_body = fold_all(title), fold_all(body)
    found = numbers(f"{entry.number} {entry.title}\n{entry.body}")
    if entry.number:
        found.insert(0, fold(normalize(entry.number)))
    fields = {
        "number": words(" ".join(dict.fromkeys(found))),
        "title": folded_title + fold_all(number),
        "body": folded_body,
        # Queries ask the exact field only for syllables typed with their accents: unaccented terms stay out.
        "exact": list(compress(title + body, map(ne, title + body, folded_title + folded_body))),
        "pairs": pairs(folded_title + folded_body),
        "title_pairs": pairs(folded_title),
    }
    return fields, len(title) + len(body)


def vector(entry: Entry) -> Vector:
    """The fields the export scores, with each term's kind (``KINDS``) and frequency."""
    fields, exact_length = analysed(entry)
    return {
        name: (exact_length if name == "exact" else len(terms), {KINDS[name] + t: n for t, n in Counter(terms).items()})
        for name, terms in fields.items()
    }


class _Ids(dict):
    """Bare term → id, for one kind of term; a term met for the first time gets the next id."""

    def __init__(self, kind: str, terms: list[str]) -> None:
        super().__init__()
        self.kind = kind
        self.terms = terms

    def __missing__(self, term: str) -> int:
        number = self[term] = len(self.terms)
        self.terms.append(self.kind + term)
        return number


class Vocabulary:
    """Term ids: ``terms[id]`` is the term with its kind; ``ids[kind][term]`` the id of a bare term.

    Ids follow the order terms are first met. Nothing written depends on them: the export orders
    terms by their text and postings by entry.
    """

    def __init__(self, terms: list[str]) -> None:
        self.terms = terms
        self.ids: dict[str, _Ids] = {kind: _Ids(kind, terms) for kind in set(KINDS.values())}
        for number, term in enumerate(terms):
            self.ids[term[0]][term[1:]] = number

    def numbers(self, kind: str, terms: Iterable[str]) -> array:
        """The ids of ``terms``: one look-up in C for each known term (8 million at 20,000 documents)."""
        return array("I", map(self.ids[kind].__getitem__, terms))

    def table(self, terms: list[str]) -> list[int]:
        """The ids here of another vocabulary's ``terms`` (with their kinds), new ones added."""
        out = [0] * len(terms)
        by_kind: dict[str, list[int]] = {}
        for position, term in enumerate(terms):
            by_kind.setdefault(term[0], []).append(position)
        for kind, positions in sorted(by_kind.items()):
            for position, number in zip(positions, self.numbers(kind, [terms[p][1:] for p in positions]), strict=True):
                out[position] = number
        return out


def _pack(entry: Entry, vocabulary: Vocabulary) -> bytes:
    """``vector(entry)`` with term ids instead of terms (new terms join ``vocabulary``), pickled."""
    fields, exact_length = analysed(entry)
    packed = []
    for name in FIELDS:
        terms = fields[name]
        counts = Counter(terms)
        ids = vocabulary.numbers(KINDS[name], counts)
        packed.append((exact_length if name == "exact" else len(terms), ids, array("I", counts.values())))
    return pickle.dumps(tuple(packed), protocol=5)


def _chunk(entries: list[Entry]) -> tuple[list[str], list[tuple[str, bytes]]]:
    """Worker side: a chunk's vectors packed against a vocabulary of the chunk's own."""
    vocabulary = Vocabulary([])
    return vocabulary.terms, [(entry.digest, _pack(entry, vocabulary)) for entry in entries]


def _renumber(blob: bytes, table: list[int]) -> bytes:
    fields = pickle.loads(blob)
    return pickle.dumps(
        tuple((length, array("I", map(table.__getitem__, numbers)), tfs) for length, numbers, tfs in fields),
        protocol=5,
    )


def _version() -> str:
    """The analysis code: vectors computed by other code are not reused."""
    digest = hashlib.sha256()
    for name in ("analysis.py", "vectors.py"):
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()


def update(folder: Path, entries: list[Entry], jobs: int = 1) -> Vectors:
    """The vectors of ``entries``, analysing only new content, with the cache in ``folder`` brought in line."""
    version, path = _version(), folder / CACHE_FILE
    try:
        with path.open("rb") as file:
            saved = pickle.load(file)
        if saved.get("version") != version:
            raise ValueError("vectors of other code")
        cached: dict[str, bytes] = saved["blobs"]
        vocabulary = Vocabulary(saved["terms"])
    except (OSError, pickle.UnpicklingError, EOFError, KeyError, TypeError, AttributeError, ValueError, ImportError):
        cached, vocabulary = {}, Vocabulary([])
    missing = list({entry.digest: entry for entry in entries if entry.digest not in cached}.values())
    fresh: dict[str, bytes] = {}
    if jobs > 1 and len(missing) >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
        chunks = [missing[start : start + CHUNK] for start in range(0, len(missing), CHUNK)]
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for local, packed in pool.imap(_chunk, chunks):
                table = vocabulary.table(local)
                fresh.update((digest, _renumber(blob, table)) for digest, blob in packed)
    else:
        fresh = {entry.digest: _pack(entry, vocabulary) for entry in missing}
    blobs = {entry.digest: fresh.get(entry.digest) or cached[entry.digest] for entry in entries}
    removed = len(cached.keys() - blobs.keys())
    if fresh or removed:
        with replacing(path) as file:
            pickle.dump({"version": version, "terms": vocabulary.terms, "blobs": blobs}, file, protocol=5)
    return Vectors(vocabulary.terms, blobs, len(fresh), removed, len(blobs) - len(fresh))
