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

Impacts are Whoosh's BM25F scores of a term in an entry, weighted by field (number and title
above body) and rounded, so the browser only adds numbers. Shard names are content hashes:
unchanged shards keep their names and stay in every cache.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from math import log
from pathlib import Path

from portal.index.entries import SNIPPET
from portal.index.store import open_index

TARGET_SHARD_BYTES = 12_000
DOCS_PER_SHARD = 20
MAX_POSTINGS = 400
K1, B = 1.2, 0.75  # BM25 as Whoosh's BM25F defaults
FACETS = ("site", "kind", "doc_type", "year", "issuer", "status")
# Field → (term kind, weight). Syllables in the title count three times those in the body; pairs of
# syllables (words typed together) add a bonus, twice as large when the pair is in the title.
FIELDS = {
    "number": ("n", 6.0),
    "title": ("s", 3.0),
    "body": ("s", 1.0),
    "exact": ("e", 0.6),
    "pairs": ("p", 1.5),
    "title_pairs": ("p", 3.0),  # words typed together that are in the title: "Đăng ký khai sinh" itself
}


@dataclass(frozen=True)
class ExportReport:
    entries: int
    terms: int
    term_shards: int
    bytes: int
    """Of the gzip shards, what browsers read over HTTP."""


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def export(index_dir: Path, out_dir: Path, sites: dict[str, str]) -> ExportReport:
    """Write the shards of the index in ``index_dir`` into ``out_dir`` (``search/`` of the site)."""
    ix = open_index(index_dir)
    with ix.reader() as reader:
        stored = sorted(((fields["key"], docnum, fields["entry"]) for docnum, fields in reader.iter_docs()))
        dense = {docnum: position for position, (_, docnum, _) in enumerate(stored)}
        entries = [json.loads(entry) for _, _, entry in stored]
        impacts: dict[str, dict[int, float]] = {}
        count = len(stored)
        for fieldname, (kind, weight) in FIELDS.items():
            # Whoosh keeps the lengths of deleted documents in its field totals even after a merge;
            # the average is taken over live entries so an updated index scores like a fresh one.
            lengths = {docnum: reader.doc_field_length(docnum, fieldname, 0) or 0 for _, docnum, _ in stored}
            average = (sum(lengths.values()) / count if count else 0) or 1
            # Whoosh's BM25F formula, computed here in bulk: its per-posting scorer objects take minutes.
            norms = {docnum: K1 * ((1 - B) + B * (length or 1) / average) for docnum, length in lengths.items()}
            for term in reader.field_terms(fieldname):
                # Live postings only: a deleted entry's term, still in its old segment, has none.
                live = list(reader.postings(fieldname, term).items_as("weight"))
                if not live:
                    continue
                idf = log(count / (len(live) + 1)) + 1  # Whoosh's idf, over live entries
                postings = impacts.setdefault(f"{kind}{term}", {})
                for docnum, tf in live:
                    doc = dense[docnum]
                    score = weight * idf * (tf * (K1 + 1)) / (tf + norms[docnum])
                    postings[doc] = postings.get(doc, 0.0) + score
    files: dict[str, bytes] = {}  # name without extension → JSON
    firsts, names, size, chunk = [], [], 0, {}

    def flush() -> None:
        data = _json(chunk)
        name = hashlib.sha256(data).hexdigest()[:16]
        files[f"t/{name}"] = data
        names.append(name)

    for term in sorted(impacts):
        postings = _encode(impacts[term])
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
    written = 0
    for stem, data in files.items():
        target = out_dir / f"{stem}.json.gz"
        target.parent.mkdir(parents=True, exist_ok=True)
        packed = gzip.compress(data, compresslevel=9, mtime=0)
        target.write_bytes(packed)
        target.with_name(f"{target.name.removesuffix('.json.gz')}.js").write_bytes(
            b"portalSearchShard(" + _json(f"{stem}.json.gz") + b"," + data + b");\n"
        )
        written += len(packed)
    return ExportReport(len(entries), len(impacts), len(names), written)


def _encode(postings: dict[int, float]) -> list[int]:
    """The strongest postings, by entry, delta-encoded: ``[entry, impact, delta, impact, …]``."""
    strongest = sorted(postings.items(), key=lambda item: (-item[1], item[0]))[:MAX_POSTINGS]
    out, previous = [], 0
    for doc, impact in sorted(strongest):
        out += [doc - previous, max(1, round(impact * 10))]
        previous = doc
    return out
