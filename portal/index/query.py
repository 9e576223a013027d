"""Answering a query from the exported shards, exactly as the browser does (``theme/assets/search.js``).

Used by ``build.py search`` and by the tests, which also record which files a query opened.
"""

from __future__ import annotations

import bisect
import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path

from portal.index.analysis import query_terms


@dataclass(frozen=True)
class Result:
    url: str
    site: str
    kind: str
    title: str
    snippet: str
    score: float


@dataclass
class Shards:
    """Reads ``search/`` of a built portal, remembering every file it opened."""

    folder: Path
    opened: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.meta = json.loads(self._read("meta.json.gz"))

    def _read(self, name: str) -> bytes:
        self.opened.append(name)
        data = (self.folder / name).read_bytes()
        return gzip.decompress(data) if name.endswith(".gz") else data

    def postings(self, terms: list[str]) -> dict[str, dict[int, int]]:
        wanted: dict[int, list[str]] = {}
        for term in terms:
            position = bisect.bisect_right(self.meta["shards"], term) - 1
            if position >= 0:
                wanted.setdefault(position, []).append(term)
        found: dict[str, dict[int, int]] = {}
        for position, members in sorted(wanted.items()):
            shard = json.loads(self._read(f"t/{self.meta['names'][position]}.json.gz"))
            for term in members:
                encoded, doc, postings = shard.get(term, []), 0, {}
                for index in range(0, len(encoded), 2):
                    doc += encoded[index]
                    postings[doc] = encoded[index + 1]
                found[term] = postings
        return found

    def entries(self, docs: list[int]) -> dict[int, list]:
        size = self.meta["docsPerShard"]
        out: dict[int, list] = {}
        for block in sorted({doc // size for doc in docs}):
            rows = json.loads(self._read(f"d/{block}.json.gz"))
            for doc in docs:
                if doc // size == block:
                    out[doc] = rows[doc % size]
        return out


def _share(matched: set[str], wanted: set[str]) -> float:
    """The share of the query's syllables an entry has."""
    return len(matched & wanted) / len(wanted)


def search(folder: Path, query: str, limit: int = 10) -> tuple[list[Result], Shards]:
    """The best ``limit`` entries for ``query``, and the shards object that says what was read."""
    shards = Shards(folder)
    syllables, exact, pairs, numbers = query_terms(query)
    if not syllables:
        return [], shards
    terms = [f"s{t}" for t in syllables] + [f"e{t}" for t in exact] + [f"p{t}" for t in pairs]
    terms += [f"n{t}" for t in numbers]
    postings = shards.postings(terms)
    scores: dict[int, float] = {}
    matched: dict[int, set[str]] = {}
    for term, docs in postings.items():
        for doc, impact in docs.items():
            scores[doc] = scores.get(doc, 0) + impact
            if term[0] == "s":
                matched.setdefault(doc, set()).add(term[1:])
    for number in numbers:  # a whole number typed covers its syllables
        for doc in postings.get(f"n{number}", {}):
            matched.setdefault(doc, set()).update(syllables)
    wanted = set(syllables)
    shares = {doc: _share(matched.get(doc, set()), wanted) for doc in scores}
    # Entries with every word typed, when there are any; otherwise the nearest, missing words costing much.
    complete = any(share == 1 for share in shares.values())
    ranked = sorted(
        ((score * shares[doc] * shares[doc], doc) for doc, score in scores.items() if shares[doc] == 1 or not complete),
        key=lambda item: (-item[0], item[1]),
    )
    rows = shards.entries([doc for _, doc in ranked[:limit]])
    results = [
        Result(rows[doc][0], rows[doc][1], rows[doc][2], rows[doc][3], rows[doc][4], score)
        for score, doc in ranked[:limit]
    ]
    return results, shards
