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
import multiprocessing
from array import array
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from itertools import compress, pairwise
from math import log
from operator import sub
from pathlib import Path

from portal.index.entries import SNIPPET, Entry
from portal.index.vectors import FIELDS as VECTOR_FIELDS
from portal.index.vectors import PARALLEL_FROM, Vectors

TARGET_SHARD_BYTES = 12_000
DOCS_PER_SHARD = 20
MAX_POSTINGS = 400
RAISE_EVERY = 500
"""Entries scored between two raises of the crowded terms' floors (``_raise_floors``)."""
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


_WORK: tuple[list[str], Vectors, dict[str, float], list[dict[int, float]], set[int]] | None = None
"""What the forked scoring workers read: entry digests in order, vectors, average lengths, weighted
idfs, crowded terms."""

_MERGED = {"title": "body", "title_pairs": "pairs"}
"""A syllable of the title is also one of the body, a pair of the title one of the text: one term each."""


def _statistics(ordered: list[str], vectors: Vectors) -> tuple[dict[str, float], list[dict[int, float]], set[int]]:
    """Each field's average length, each term's idf (over entries that have it) times the field's
    weight, and the crowded terms: those that may have more than ``MAX_POSTINGS`` postings."""
    lengths = dict.fromkeys(VECTOR_FIELDS, 0)
    frequencies: list[Counter[int]] = [Counter() for _ in VECTOR_FIELDS]
    for digest in ordered:
        for (length, ids, _), name, counts in zip(vectors.unpack(digest), VECTOR_FIELDS, frequencies, strict=True):
            lengths[name] += length
            counts.update(ids)
    count = len(ordered)
    averages = {name: (total / count if count else 0) or 1 for name, total in lengths.items()}
    weighted = [
        {term: FIELDS[name] * (log(count / (n + 1)) + 1) for term, n in counts.items()}
        for name, counts in zip(VECTOR_FIELDS, frequencies, strict=True)
    ]
    everywhere: Counter[int] = Counter()
    for counts in frequencies:
        everywhere.update(counts)
    return averages, weighted, {term for term, n in everywhere.items() if n > MAX_POSTINGS}


def _score(span: tuple[int, int]) -> dict[int, array]:
    """BM25F of every term of the entries in ``span``: term id → ``[entry, impact, entry, impact, …]``.

    Only postings that can still be among their term's ``MAX_POSTINGS`` strongest are kept
    (``_raise_floors``): two thirds of all postings belong to a few thousand common terms and
    were scored, stored and sorted only to be dropped by ``_encode``.
    """
    assert _WORK is not None
    ordered, vectors, averages, weighted, crowded = _WORK
    impacts: defaultdict[int, array] = defaultdict(lambda: array("d"))
    floor = [0.0] * len(vectors.terms)
    for position in range(*span):
        if (position - span[0]) % RAISE_EVERY == RAISE_EVERY - 1:
            _raise_floors(impacts, crowded, floor)
        scores = {}
        fields = zip(vectors.unpack(ordered[position]), VECTOR_FIELDS, weighted, strict=True)
        for (length, ids, tfs), name, weights in fields:
            norm = K1 * ((1 - B) + B * (length or 1) / averages[name])
            pairs = zip(ids, tfs, strict=True)
            scores[name] = {term: weights[term] * (tf * (K1 + 1)) / (tf + norm) for term, tf in pairs}
        for short, long in _MERGED.items():
            into = scores[long]
            for term, score in scores.pop(short).items():
                into[term] = into.get(term, 0.0) + score
        for field in scores.values():
            for term, score in field.items():
                if score >= floor[term]:
                    impacts[term].extend((position, score))
    return dict(impacts)


def _raise_floors(impacts: defaultdict[int, array], crowded: set[int], floor: list[float]) -> None:
    """For each crowded term with many postings so far, drop those below its ``MAX_POSTINGS``-th
    strongest score, and keep out later ones below it.

    Exact: that score is at most the term's final ``MAX_POSTINGS``-th, so no dropped posting is
    one ``_encode`` keeps; ties with it are kept, so ``_encode`` breaks them as before. A term is
    cut only once it holds twice what it keeps, which makes the sorting cheap next to the saving.
    """
    for term in crowded:
        postings = impacts.get(term)
        if postings is None or len(postings) < 4 * MAX_POSTINGS:  # two numbers per posting
            continue
        scores = postings[1::2]
        lowest = sorted(scores, reverse=True)[MAX_POSTINGS - 1]
        keep = list(map(lowest.__le__, scores))
        strong = array("d", compress(scores, keep))
        kept = array("d", [0.0]) * (2 * len(strong))
        kept[0::2] = array("d", compress(postings[0::2], keep))
        kept[1::2] = strong
        impacts[term] = kept
        floor[term] = lowest


def _impacts(ordered: list[str], vectors: Vectors, jobs: int) -> dict[int, array]:
    """Every posting scored, the entries split over ``jobs`` processes; the result does not depend on it."""
    global _WORK
    _WORK = (ordered, vectors, *_statistics(ordered, vectors))
    count = len(ordered)
    try:
        if jobs < 2 or count < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
            return _score((0, count))
        bounds = [count * part // jobs for part in range(jobs + 1)]
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            parts = pool.map(_score, list(pairwise(bounds)))
    finally:
        _WORK = None
    impacts = parts[0]
    for part in parts[1:]:  # later spans hold later entries: appending keeps entry order
        for term, postings in part.items():
            if term in impacts:
                impacts[term].extend(postings)
            else:
                impacts[term] = postings
    return impacts


def export(found: list[Entry], vectors: Vectors, out_dir: Path, sites: dict[str, str], jobs: int = 1) -> ExportReport:
    """Write the shards of the entries ``found``, whose vectors are in ``vectors``, into ``out_dir``."""
    ordered = sorted(found, key=lambda entry: entry.key)
    impacts = _impacts([entry.digest for entry in ordered], vectors, jobs)
    terms = vectors.terms
    entries = [entry.__dict__ for entry in ordered]
    files: dict[str, bytes] = {}  # name without extension → JSON
    firsts, names, size, chunk = [], [], 0, {}

    def flush() -> None:
        data = _json(chunk)
        name = hashlib.sha256(data).hexdigest()[:16]
        files[f"t/{name}"] = data
        names.append(name)

    for number in sorted(impacts, key=terms.__getitem__):
        term, postings = terms[number], _encode(impacts[number])
        if chunk and size + len(term) + 6 * len(postings) > TARGET_SHARD_BYTES:
            flush()
            chunk, size = {}, 0
        if not chunk:
            firsts.append(term)
        chunk[term] = postings
        size += len(term) + 6 * len(postings)
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
    return ExportReport(len(entries), len(impacts), len(names), written)


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


def _encode(postings: array) -> list[int]:
    """The strongest postings, by entry, delta-encoded: ``[entry, impact, delta, impact, …]``."""
    docs, scores = postings[0::2], postings[1::2]
    if len(docs) > MAX_POSTINGS:  # a stable sort: equal impacts keep the earlier entry
        kept = sorted(sorted(range(len(docs)), key=scores.__getitem__, reverse=True)[:MAX_POSTINGS])
        docs, scores = array("d", map(docs.__getitem__, kept)), array("d", map(scores.__getitem__, kept))
    entries = list(map(int, docs))
    out = [0] * (2 * len(entries))
    out[0::2] = list(map(sub, entries, [0, *entries[:-1]]))
    out[1::2] = [max(1, round(score * 10)) for score in scores]
    return out
