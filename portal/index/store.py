"""The build-time Whoosh index, kept in a cache folder and updated incrementally.

Each entry carries a content hash; a rebuild re-indexes only entries whose hash changed and
deletes the ones that disappeared. Deleting the folder is always safe: the next build starts over.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from whoosh import index
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from portal.index.analysis import exact_analyzer, folded_analyzer, normalize, numbers, pair_analyzer
from portal.index.entries import Entry
from portal.vietnamese import fold

SCHEMA_VERSION = "2"


def schema() -> Schema:
    return Schema(
        key=ID(unique=True, stored=True),
        digest=STORED,
        entry=STORED,
        number=KEYWORD(lowercase=False, scorable=True),
        title=TEXT(analyzer=folded_analyzer()),
        body=TEXT(analyzer=folded_analyzer()),
        exact=TEXT(analyzer=exact_analyzer()),
        pairs=TEXT(analyzer=pair_analyzer()),
        title_pairs=TEXT(analyzer=pair_analyzer()),
    )


@dataclass(frozen=True)
class Update:
    """What an update did, for the build report and the tests."""

    added: int
    changed: int
    removed: int
    kept: int


def open_index(folder: Path) -> index.FileIndex:
    """The index in ``folder``, created (or recreated after a schema change) when needed."""
    stamp = folder / "schema-version"
    if folder.is_dir() and (not stamp.is_file() or stamp.read_text() != SCHEMA_VERSION):
        shutil.rmtree(folder)
    if index.exists_in(str(folder)):
        return index.open_dir(str(folder))
    folder.mkdir(parents=True, exist_ok=True)
    created = index.create_in(str(folder), schema())
    stamp.write_text(SCHEMA_VERSION)
    return created


def update(folder: Path, entries: list[Entry]) -> Update:
    """Bring the index in ``folder`` in line with ``entries``."""
    ix = open_index(folder)
    with ix.searcher() as searcher:
        known = {fields["key"]: fields["digest"] for fields in searcher.all_stored_fields()}
    wanted = {entry.key: entry for entry in entries}
    added = [entry for key, entry in wanted.items() if key not in known]
    changed = [entry for key, entry in wanted.items() if key in known and known[key] != entry.digest]
    removed = [key for key in known if key not in wanted]
    if added or changed or removed:
        writer = ix.writer()
        for key in removed:
            writer.delete_by_term("key", key)
        for entry in changed:
            writer.update_document(**_fields(entry))
        for entry in added:
            writer.add_document(**_fields(entry))
        # No full merge: the export takes its statistics from live postings only, so the
        # segments an update leaves behind do not change a single byte of it.
        writer.commit()
    return Update(len(added), len(changed), len(removed), len(wanted) - len(added) - len(changed))


def _fields(entry: Entry) -> dict[str, object]:
    both = f"{entry.title}\n{entry.body}"
    found = numbers(f"{entry.number} {both}")
    if entry.number:
        found.insert(0, fold(normalize(entry.number)))
    return {
        "key": entry.key,
        "digest": entry.digest,
        "entry": json.dumps(entry.__dict__, ensure_ascii=False),
        "number": " ".join(dict.fromkeys(found)),
        "title": f"{entry.title} {entry.number}",
        "body": entry.body,
        "exact": both,
        "pairs": both,
        "title_pairs": entry.title,
    }
