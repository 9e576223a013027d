"""The static export of the index: small gzip shards that a browser fetches only when a query needs them.

Layout under ``search/``:

- ``meta.json.gz``: the first term of every term shard (sorted, so a term's shard is found by binary
  search), the sites, the facet values, the number of entries per document shard;
- ``t/<hash>.json.gz``: terms → postings ``[entry, impact, entry delta, impact, …]``;
- ``d/<n>.json.gz``: the entries themselves (URL, site, kind, title, snippet, facets), in blocks;
- ``f.json.gz``: each entry's facet values, fetched only when a filter is used.

Each file has a twin ``.js`` that hands the same data to ``portalSearchShard(name, data)``:
browsers refuse ``fetch`` on pages opened from disk (``file://``) but run scripts, so the
site searches offline too, from a USB stick or a folder copied to a LAN.

Impacts are BM25F scores (Whoosh's formula and defaults) of a term in an entry, weighted by
field (number and title above body) and rounded, so the browser only adds numbers. Shard names are content hashes:
unchanged shards keep their names and stay in every cache.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from array import array
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from math import log
from pathlib import Path

import numpy as np

from portal.index.entries import SNIPPET, Entry
from portal.index.vectors import FIELDS as VECTOR_FIELDS
from portal.index.vectors import Vectors

TARGET_SHARD_BYTES = 12_000
DOCS_PER_SHARD = 20
MAX_POSTINGS = 400
K1, B = 1.2, 0.75  # BM25 as Whoosh's BM25F defaults
FACETS = ("site", "kind", "doc_type", "year", "issuer", "status")
# Field → weight. Syllables in the title count three times those in the body; pairs of syllables
# (words typed together) add a bonus, twice as large when the pair is in the title ("Đăng ký khai
# sinh" itself). Terms carry their kind (``vectors.KINDS``), so title and body add up per syllable.
FIELDS = {"number": 6.0, "title": 3.0, "body": 1.0, "exact": 0.6, "pairs": 1.5, "title_pairs": 3.0}


@dataclass(frozen=True)
class ExportReport:
    entries: int
    terms: int
    term_shards: int
    bytes: int
    """Of the gzip shards, what browsers read over HTTP."""


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True)
class _Field:
    """One field's postings over all entries as parallel arrays, and its length in each entry."""

    name: str
    terms: np.ndarray
    entries: np.ndarray
    frequencies: np.ndarray
    lengths: np.ndarray


def _fields(ordered: list[str], vectors: Vectors) -> list[_Field]:
    """The packed vectors of the entries ``ordered``, field by field; an entry is its position."""
    columns = [(array("I"), array("I"), array("I"), array("I")) for _ in VECTOR_FIELDS]
    for digest in ordered:
        for (length, ids, tfs), (terms, frequencies, lengths, sizes) in zip(
            vectors.unpack(digest), columns, strict=True
        ):
            terms.extend(ids)
            frequencies.extend(tfs)
            lengths.append(length)
            sizes.append(len(ids))
    every = np.arange(len(ordered), dtype=np.uint32)
    return [
        _Field(
            name,
            np.frombuffer(terms, dtype=np.uint32),
            np.repeat(every, np.frombuffer(sizes, dtype=np.uint32)),
            np.frombuffer(frequencies, dtype=np.uint32),
            np.frombuffer(lengths, dtype=np.uint32),
        )
        for name, (terms, frequencies, lengths, sizes) in zip(VECTOR_FIELDS, columns, strict=True)
    ]


def _scores(ordered: list[str], vectors: Vectors) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """BM25F of every term in every entry, sorted by term, then entry: three parallel arrays.

    Array arithmetic over the 7 million postings of 20,000 documents, with the operations of the
    formula for one posting in the same order (``w * (tf * (k1 + 1)) / (tf + norm)``, IEEE doubles
    either way): a posting's score does not depend on how it was computed.
    """
    count = len(ordered)
    fields = _fields(ordered, vectors)
    term = np.concatenate([field.terms for field in fields])
    entry = np.concatenate([field.entries for field in fields])
    score = np.empty(len(term))
    start = 0
    for field in fields:
        average = int(field.lengths.sum(dtype=np.int64)) / count or 1
        norms = K1 * ((1 - B) + B * np.maximum(field.lengths, 1) / average)
        # idf by the scalar formula (``math.log``), once for each document frequency up to the highest.
        frequency_of = np.bincount(field.terms, minlength=len(vectors.terms))
        weight = FIELDS[field.name]
        idf = np.array([weight * (log(count / (n + 1)) + 1) for n in range(int(frequency_of.max(initial=0)) + 1)])
        tf = field.frequencies.astype(np.float64)
        end = start + len(tf)
        np.divide(idf[frequency_of[field.terms]] * (tf * (K1 + 1)), tf + norms[field.entries], out=score[start:end])
        start = end
    del fields
    # Sorted by term, then entry; one array at a time, for memory (7 million postings at 20,000 documents).
    key = term.astype(np.int64)
    key *= count
    key += entry
    order = np.argsort(key)
    del key
    term = term[order]
    entry = entry[order]
    score = score[order]
    del order
    # A syllable of the title is one of the body too (one term id, ``KINDS``), a pair of the title
    # one of the text: their scores add up (two numbers: the same sum in either order).
    starts = _runs(term, entry)
    return term[starts], entry[starts], np.add.reduceat(score, starts) if len(starts) else score


def _runs(*columns: np.ndarray) -> np.ndarray:
    """Where each run of rows with the same values in ``columns`` starts."""
    changed = np.zeros(len(columns[0]), dtype=bool)
    changed[:1] = True
    for column in columns:
        changed[1:] |= column[1:] != column[:-1]
    return np.flatnonzero(changed)


def _strongest(terms: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Which postings (sorted by term, then entry) are among their term's ``MAX_POSTINGS`` strongest;
    of equal scores, the earlier entry's.

    A crowded term's floor is found by partition, not by sorting its run: the postings above it are
    kept, and as many of those equal to it as there is room for, earliest entries first.
    """
    keep = np.ones(len(terms), dtype=bool)
    starts = _runs(terms)
    ends = np.r_[starts[1:], len(terms)]
    crowded = np.flatnonzero(ends - starts > MAX_POSTINGS)
    for start, end in zip(starts[crowded].tolist(), ends[crowded].tolist(), strict=True):
        run = scores[start:end]
        floor = np.partition(run, len(run) - MAX_POSTINGS)[len(run) - MAX_POSTINGS]
        kept = run > floor
        kept[np.flatnonzero(run == floor)[: MAX_POSTINGS - int(kept.sum())]] = True
        keep[start:end] = kept
    return keep


@dataclass(frozen=True)
class _Postings:
    """Each term's strongest postings, by entry, delta-encoded (``[entry, impact, delta, impact, …]``),
    all in one array: those of term id ``terms[n]`` are ``flat[bounds[n] : bounds[n + 1]]``.

    Shards take them out term by term: made into Python numbers all at once, the 4.5 million
    numbers of 20,000 documents took 130 MB of fresh memory and half a second.
    """

    terms: list[int]
    bounds: list[int]
    flat: np.ndarray

    def of(self, n: int) -> list[int]:
        return self.flat[self.bounds[n] : self.bounds[n + 1]].tolist()


def _encoded(ordered: list[str], vectors: Vectors) -> _Postings:
    """The strongest postings of every term in the entries ``ordered`` (by position), encoded."""
    if not ordered:
        return _Postings([], [0], np.empty(0, dtype=np.int64))
    terms, entries, scores = _scores(ordered, vectors)
    keep = _strongest(terms, scores)
    terms, entries, scores = terms[keep], entries[keep].astype(np.int64), scores[keep]
    starts = _runs(terms)
    flat = np.empty(2 * len(terms), dtype=np.int64)
    flat[0::2] = np.diff(entries, prepend=0)
    flat[2 * starts] = entries[starts]
    flat[1::2] = np.maximum(1, np.rint(scores * 10))  # ``round``: half to even, as Python's
    return _Postings(terms[starts].tolist(), (2 * np.r_[starts, len(terms)]).tolist(), flat)


def export(found: list[Entry], vectors: Vectors, out_dir: Path, sites: dict[str, str]) -> ExportReport:
    """Write the shards of the entries ``found``, whose vectors are in ``vectors``, into ``out_dir``."""
    ordered = sorted(found, key=lambda entry: entry.key)
    postings = _encoded([entry.digest for entry in ordered], vectors)
    entries = [entry.__dict__ for entry in ordered]
    files: dict[str, bytes] = {}  # name without extension → JSON
    firsts, names, size, chunk = [], [], 0, {}

    def flush() -> None:
        data = _json(chunk)
        name = hashlib.sha256(data).hexdigest()[:16]
        files[f"t/{name}"] = data
        names.append(name)

    words = [vectors.terms[number] for number in postings.terms]
    bounds = postings.bounds
    for n in sorted(range(len(words)), key=words.__getitem__):
        term, weight = words[n], len(words[n]) + 6 * (bounds[n + 1] - bounds[n])
        if chunk and size + weight > TARGET_SHARD_BYTES:
            flush()
            chunk, size = {}, 0
        if not chunk:
            firsts.append(term)
        chunk[term] = postings.of(n)
        size += weight
    if chunk:
        flush()
    for start in range(0, len(entries), DOCS_PER_SHARD):
        block = entries[start : start + DOCS_PER_SHARD]
        rows = [[e["url"], e["site"], e["kind"], e["title"], e["body"][:SNIPPET], e["number"]] for e in block]
        files[f"d/{start // DOCS_PER_SHARD}"] = _json(rows)
    values = {facet: sorted({e[facet] for e in entries if e[facet]}) for facet in FACETS}
    positions = {facet: {value: code for code, value in enumerate(values[facet], start=1)} for facet in FACETS}
    codes = {facet: [positions[facet].get(e[facet], 0) for e in entries] for facet in FACETS}
    files["f"] = _json(codes)
    meta = {
        "version": 1,
        "entries": len(entries),
        "docsPerShard": DOCS_PER_SHARD,
        "shards": firsts,
        "names": names,
        "sites": sites,
        "facets": values,
    }
    files["meta"] = _json(meta)
    with ThreadPoolExecutor(max_workers=4) as pool:
        written = sum(pool.map(partial(_write, out_dir), files.items()))
    return ExportReport(len(entries), len(words), len(names), written)


def _write(out_dir: Path, item: tuple[str, bytes]) -> int:
    """A shard as ``.json.gz`` and as its ``.js`` twin; the size of the gzip file."""
    stem, data = item
    target = out_dir / f"{stem}.json.gz"
    target.parent.mkdir(parents=True, exist_ok=True)
    packed = gzip.compress(data, compresslevel=9, mtime=0)
    target.write_bytes(packed)
    target.with_name(f"{target.name.removesuffix('.json.gz')}.js").write_bytes(
        b"portalSearchShard(" + _json(f"{stem}.json.gz") + b"," + data + b");\n"
    )
    return len(packed)
