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
import os
import pickle
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from portal.index.analysis import fold_all, normalize, numbers, pairs, syllables, words
from portal.index.entries import Entry
from portal.vietnamese import fold

CACHE_FILE = "vectors.pickle"
PARALLEL_FROM = 2000
"""Fewer new entries than this are analysed in the build's own process: a pool costs more."""

KINDS = {"number": "n", "title": "s", "body": "s", "exact": "e", "pairs": "p", "title_pairs": "p"}
"""The letter each field's terms start with in the shards: a syllable (``s``) of the title and the
same syllable of the body are one term, their scores added."""

Vector = dict[str, tuple[int, dict[str, int]]]
"""Field → (its length in terms, each term's frequency); terms carry their kind (``KINDS``)."""


@dataclass(frozen=True)
class Vectors:
    """The pickled vector of every current entry by content hash, and what the update did."""

    blobs: dict[str, bytes]
    added: int
    removed: int
    kept: int


def vector(entry: Entry) -> Vector:
    """The fields the export scores, analysed as ``analysis`` defines (and the browser repeats)."""
    title, body, number = syllables(entry.title), syllables(entry.body), syllables(entry.number)
    folded_title, folded_body = fold_all(title), fold_all(body)
    found = numbers(f"{entry.number} {entry.title}\n{entry.body}")
    if entry.number:
        found.insert(0, fold(normalize(entry.number)))
    exact = Counter(title + body)
    fields = {
        "number": words(" ".join(dict.fromkeys(found))),
        "title": folded_title + fold_all(number),
        "body": folded_body,
        "pairs": pairs(folded_title + folded_body),
        "title_pairs": pairs(folded_title),
    }
    out: Vector = {
        name: (len(terms), {KINDS[name] + term: n for term, n in Counter(terms).items()})
        for name, terms in fields.items()
    }
    # Queries ask the exact field only for syllables typed with their accents: unaccented terms stay out.
    out["exact"] = (len(title) + len(body), {"e" + term: n for term, n in exact.items() if fold(term) != term})
    return out


def _blob(entry: Entry) -> tuple[str, bytes]:
    return entry.digest, pickle.dumps(vector(entry), protocol=5)


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
        cached: dict[str, bytes] = saved["blobs"] if saved.get("version") == version else {}
    except (OSError, pickle.UnpicklingError, EOFError, KeyError, TypeError, AttributeError, ValueError, ImportError):
        cached = {}
    missing = list({entry.digest: entry for entry in entries if entry.digest not in cached}.values())
    if jobs > 1 and len(missing) >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            fresh = dict(pool.imap(_blob, missing, chunksize=256))
    else:
        fresh = dict(map(_blob, missing))
    blobs = {entry.digest: fresh.get(entry.digest) or cached[entry.digest] for entry in entries}
    removed = len(cached.keys() - blobs.keys())
    if fresh or removed:
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".new")
        with partial.open("wb") as file:
            pickle.dump({"version": version, "blobs": blobs}, file, protocol=5)
        os.replace(partial, path)
    return Vectors(blobs, len(fresh), removed, len(blobs) - len(fresh))
