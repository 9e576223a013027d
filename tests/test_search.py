"""The portal-wide search: Vietnamese analysis, the cached term vectors, the static shards and ``build.py search``."""

from __future__ import annotations

import gzip
import importlib
import json
import shutil
from collections import Counter
from math import log
from pathlib import Path

import pytest

from portal import pipeline
from portal.index.analysis import exact_analyzer, folded_analyzer, numbers, pair_analyzer, query_terms, syllables
from portal.index.entries import Entry, entries, plain
from portal.index.export import K1, B, export
from portal.index.query import search
from portal.index.vectors import update, vector
from tests.conftest import AS_OF, copy_portal, delete_cache
from tests.test_bad_input import run_cli

# ``portal.index.export`` is also the name of a function the package exports.
export_module = importlib.import_module("portal.index.export")
vectors_module = importlib.import_module("portal.index.vectors")


def test_queries_fold_accents_keep_pairs_and_numbers() -> None:
    syllables, exact, pairs, found = query_terms("Giấy phép  XÂY DỰNG")
    assert syllables == ["giay", "phep", "xay", "dung"]
    assert exact == ["giấy", "phép", "xây", "dựng"]
    assert pairs == ["giay phep", "phep xay", "xay dung"]
    assert found == []
    assert query_terms("giay phep")[1] == []  # nothing typed with accents: no exact bonus
    assert numbers("Theo Quyết định số 123/QĐ-UBND và 05/2019/NQ-HĐND") == ["123/qd-ubnd", "05/2019/nq-hdnd"]
    assert query_terms("123/qd-ubnd")[3] == query_terms("123/QĐ-UBND")[3] == ["123/qd-ubnd"]
    assert query_terms("123 qđ")[2] == ["123 qd"]
    assert query_terms("Ðường")[0] == query_terms("đường")[0] == ["duong"]  # the look-alike Ð too


def test_the_fast_analysis_is_whooshs_on_the_whole_sample_portal(sample_root: Path) -> None:
    def tokens(analyzer, text: str) -> list[str]:
        return [token.text for token in analyzer(text)]

    found = entries(pipeline.load_portal(sample_root, AS_OF))
    assert len(found) > 150
    for entry in found:
        fields = vector(entry)
        title = f"{entry.title} {entry.number}"
        both = f"{entry.title}\n{entry.body}"
        for name, analyzer, text in (
            ("title", folded_analyzer(), title),
            ("body", folded_analyzer(), entry.body),
            ("pairs", pair_analyzer(), both),
            ("title_pairs", pair_analyzer(), entry.title),
        ):
            expected = tokens(analyzer, text)
            kind = "p" if "pairs" in name else "s"
            counts = {kind + t: expected.count(t) for t in expected}
            assert fields[name] == (len(expected), counts), (entry.key, name)
        exact = tokens(exact_analyzer(), both)
        assert fields["exact"][0] == len(exact)
        assert set(fields["exact"][1]) == {"e" + t for t in exact if t not in tokens(folded_analyzer(), t)}


@pytest.mark.parametrize("text", ["ĐƯỜNG Láng, Ngõ 5", "İzmir İLÇE", "ΟΔΟΣ'Α ΣΑΣ", "ǅ ǄX ǆ", "MỘT_HAI ba"])
def test_syllables_are_whooshs_whatever_the_case(text: str) -> None:
    """Lowered whole or syllable by syllable, the syllables are those of Whoosh's analyzer."""
    assert syllables(text) == [token.text for token in exact_analyzer()(text)]


def test_markdown_is_reduced_to_words() -> None:
    text = plain('# Tiêu đề\n\n![ảnh](a.png) Xem [trang](b.md) **đậm** | ô |\n\n!!! note "Lưu ý"\n    nội dung')
    assert text == 'Tiêu đề Xem trang đậm ô note "Lưu ý" nội dung'


def _entry(key: str, title: str, body: str, **extra: str) -> Entry:
    return Entry(key, key + "/", "nui-thanh", extra.pop("kind", "page"), title, body, **extra)


CORPUS = [
    _entry("a", "Cấp giấy phép xây dựng nhà ở", "Thủ tục cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ."),
    _entry("b", "Xây dựng nông thôn mới", "Giấy tờ, phép tính và dựng lều trại trong ngày hội."),
    _entry("c", "Quy định về trật tự xây dựng", "Ban hành quy định", kind="document", number="79/2019/QĐ-UBND"),
    _entry("d", "Hòa giải tranh chấp đất đai", "Hoà giải ở cơ sở."),
    *(_entry(f"z{i}", f"Tin số {i}", "Nội dung tin tức khác về văn hóa, thể thao. " * 5) for i in range(200)),
]


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("search")
    export(CORPUS, update(base / "index", CORPUS), base / "search", {"nui-thanh": "Huyện"})
    return base / "search"


def test_pairs_rank_words_typed_together_first(shards: Path) -> None:
    for query in ("giay phep xay dung", "giấy phép xây dựng", "GIAY PHEP XAY DUNG"):
        results, _ = search(shards, query)
        assert results[0].url == "a/", query
        assert {result.url for result in results[:3]} >= {"a/", "b/"}


def test_numbers_are_found_as_written_and_as_typed(shards: Path) -> None:
    for query in ("79/2019/QĐ-UBND", "79/2019/qd-ubnd", "79 qđ", "79/2019"):
        results, _ = search(shards, query)
        assert results[0].url == "c/", query


def test_a_query_reads_only_its_shards(shards: Path) -> None:
    _, opened = search(shards, "hoa giai")
    all_files = {p.relative_to(shards).as_posix() for p in shards.rglob("*") if p.is_file()}
    term_shards = {name for name in all_files if name.startswith("t/")}
    doc_shards = {name for name in all_files if name.startswith("d/")}
    assert len(term_shards) > 3 and len(doc_shards) > 3
    read = set(opened.opened)
    assert "meta.json.gz" in read and "f.json.gz" not in read
    # Two syllables: their folded terms, their pair and their number look-ups, nothing else.
    assert 1 <= len(read & term_shards) <= 5 < len(term_shards)
    assert len(read & doc_shards) == 1
    assert opened.opened.count("meta.json.gz") == 1


def test_incremental_update_matches_a_cold_build(tmp_path: Path) -> None:
    first = update(tmp_path / "ix", CORPUS)
    assert (first.added, first.removed) == (len(CORPUS), 0)
    again = update(tmp_path / "ix", CORPUS)
    assert (again.added, again.removed, again.kept) == (0, 0, len(CORPUS))
    edited = [*CORPUS[:3], _entry("d", "Hòa giải ở cơ sở", "Sửa đổi."), *CORPUS[5:]]
    step = update(tmp_path / "ix", edited)
    assert (step.added, step.removed, step.kept) == (1, 2, len(CORPUS) - 2)
    export(edited, step, tmp_path / "warm", {})
    export(edited, update(tmp_path / "cold-ix", edited), tmp_path / "cold", {})
    warm = {p.relative_to(tmp_path / "warm"): p.read_bytes() for p in (tmp_path / "warm").rglob("*") if p.is_file()}
    cold = {p.relative_to(tmp_path / "cold"): p.read_bytes() for p in (tmp_path / "cold").rglob("*") if p.is_file()}
    assert warm == cold
    shutil.rmtree(tmp_path / "ix")  # deleting the cache is always safe
    assert update(tmp_path / "ix", edited).added == len(edited)


def test_parallel_analysis_gives_the_same_shards(
    tmp_path: Path, sample_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Worker processes number terms in vocabularies of their own, renumbered on return: the
    shards must be those of one process, on a partly warm cache too."""
    found = entries(pipeline.load_portal(sample_root, AS_OF))
    monkeypatch.setattr(vectors_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(vectors_module, "CHUNK", 7)
    half = update(tmp_path / "warm-ix", found[::2], jobs=2)
    assert half.added == len(found[::2])
    both = update(tmp_path / "warm-ix", found, jobs=2)
    assert (both.added, both.kept) == (len(found) - len(found[::2]), len(found[::2]))
    export(found, both, tmp_path / "parallel", {})
    export(found, update(tmp_path / "one-ix", found, jobs=1), tmp_path / "one", {})
    parallel = {p.relative_to(tmp_path / "parallel"): p.read_bytes() for p in (tmp_path / "parallel").rglob("*.*")}
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*.*")}
    assert len(one) > 20 and parallel == one


def test_each_impact_is_the_formula_for_one_posting_and_crowded_terms_keep_their_strongest(
    tmp_path: Path, sample_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The export scores all postings at once, in arrays. Here BM25F is written out one posting
    at a time; title and body add up per syllable, and a term with more than ``MAX_POSTINGS``
    keeps its strongest (of equal scores, the earlier entry's), delta-encoded by entry."""
    keep = 3
    monkeypatch.setattr(export_module, "MAX_POSTINGS", keep)
    found = entries(pipeline.load_portal(sample_root, AS_OF))
    export(found, update(tmp_path / "ix", found), tmp_path / "out", {})
    written: dict[str, list[int]] = {}
    for shard in (tmp_path / "out" / "t").glob("*.json.gz"):
        written.update(json.loads(gzip.decompress(shard.read_bytes())))

    fields = [vector(entry) for entry in sorted(found, key=lambda entry: entry.key)]
    count = len(fields)
    scores: dict[str, dict[int, float]] = {}
    for name, weight in export_module.FIELDS.items():
        average = sum(field[name][0] for field in fields) / count
        having = Counter(term for field in fields for term in field[name][1])
        for position, field in enumerate(fields):
            length, frequencies = field[name]
            norm = K1 * ((1 - B) + B * (length or 1) / average)
            for term, tf in frequencies.items():
                idf = weight * (log(count / (having[term] + 1)) + 1)
                postings = scores.setdefault(term, {})
                postings[position] = postings.get(position, 0.0) + idf * (tf * (K1 + 1)) / (tf + norm)
    expected = {}
    for term, postings in scores.items():
        strongest = sorted(sorted(postings.items(), key=lambda item: item[1], reverse=True)[:keep])
        entries_, impacts = [p for p, _ in strongest], [max(1, round(s * 10)) for _, s in strongest]
        deltas = [b - a for a, b in zip([0, *entries_], entries_, strict=False)]
        expected[term] = [n for pair in zip(deltas, impacts, strict=True) for n in pair]
    assert sum(len(postings) > keep for postings in scores.values()) > 500
    assert written == expected


def test_cli_search_on_the_sample_portal(site: Path, sample_root: Path) -> None:
    def first(query: str) -> str:
        result = run_cli(sample_root, "search", query, "--limit", "3")
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout.splitlines()[1].strip()

    assert first("giay phep xay dung") in {
        "/thu-tuc/cap-giay-phep-xay-dung-nha-o-rieng-le/",
        "/thu-tuc/gia-han-giay-phep-xay-dung/",
        "/huong-dan/xin-giay-phep-xay-dung-truc-tuyen/",
    }
    assert first("79/2019/qd-ubnd") == "/van-ban/2019/79-2019-qd-ubnd/"
    assert first("ket hon tam hai").startswith("/tam-hai/")
    for accented in ("đăng ký khai sinh", "giấy phép xây dựng", "lịch tiếp công dân", "hòa giải tranh chấp đất đai"):
        from portal.vietnamese import fold

        assert first(accented) == first(fold(accented)), accented
    missing = run_cli(sample_root, "search", "zzzxqv")
    assert missing.returncode == 1 and "Không tìm thấy" in missing.stdout


def test_the_export_is_reused_while_nothing_changes_and_the_cache_may_go(tmp_path: Path) -> None:
    root = copy_portal(tmp_path / "p")

    def files() -> dict[str, bytes]:
        search = root / "site" / "search"
        return {p.relative_to(search).as_posix(): p.read_bytes() for p in search.rglob("*") if p.is_file()}

    pipeline.build(root, root / "site", AS_OF)
    first = files()
    stamp = root / ".cache/search/portal/export.json"
    written = stamp.stat().st_mtime_ns
    pipeline.build(root, root / "site", AS_OF, force=True)
    assert stamp.stat().st_mtime_ns == written  # nothing changed: the shards were not exported again
    assert files() == first
    page = root / "content/gioi-thieu/index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nTừ khóa thử nghiệm zzquokka.\n", encoding="utf-8")
    pipeline.build(root, root / "site", AS_OF)
    assert stamp.stat().st_mtime_ns != written
    results, _ = search(root / "site" / "search", "zzquokka")
    assert [result.url for result in results] == ["gioi-thieu/"]
    edited = files()
    folder = root / ".cache/search/portal"
    exports = [p.name for p in folder.iterdir() if p.is_dir() and "export" in p.name]
    assert len(exports) == 1 and exports[0].startswith("export-")  # the previous one is forgotten
    # A build beside this one exported the same entries first: its export is kept, ours dropped.
    stamp.unlink()
    pipeline.build(root, root / "site", AS_OF, force=True)
    assert files() == edited
    assert [p.name for p in folder.iterdir() if p.is_dir() and "export" in p.name] == exports
    delete_cache(root)  # deleting the cache is always safe: same shards from scratch
    pipeline.build(root, root / "site", AS_OF)
    assert files() == edited
