#!/usr/bin/env python3
"""Write the scale portal: the sample's 18 sites plus synthetic documents, news, procedures and guides.

    .venv/bin/python benchmarks/make_corpus.py --out /tmp/corpus [--documents 20000] [--posts 1000]
        [--procedures 300] [--guides 100] [--seed 1]

Documents spread over ten years and all 18 issuers (half of them the district's); posts over
every site and two years; procedures are variants of the 40 sample ones (so every field is
real-shaped); guides teach them, each with a poster. Text comes from ``vietnamese_text``.
Everything written is marked as sample data, like the sample portal it extends.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from make_documents import write as write_documents  # noqa: E402
from vietnamese_text import Text  # noqa: E402

from portal.vietnamese import slugify  # noqa: E402

INPUTS = ("content", "theme", "communes", "legal-db", "mkdocs.yml")
CATEGORIES = ("Tin tức", "Thông báo", "Sự kiện")
VARIANTS = (
    "đối với tổ chức",
    "đối với cá nhân",
    "trường hợp cấp lại",
    "trường hợp điều chỉnh",
    "cho người cao tuổi",
    "tại khu vực nông thôn",
    "có yếu tố nước ngoài",
)
SAMPLE_NOTE = (
    '!!! warning "Dữ liệu mẫu"\n    Trang do phần mềm sinh ra để đo hiệu năng, không phải thông tin chính thức.\n'
)


def copy_inputs(out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in INPUTS:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, out / name)


def sites(out: Path) -> list[str]:
    return ["nui-thanh", *sorted(p.name for p in (out / "communes").iterdir() if (p / "commune.yml").is_file())]


def write_posts(out: Path, count: int, text: Text, rng: random.Random) -> None:
    """Half on the district's site, half spread over the communes', over 2023 and 2024."""
    communes = sites(out)[1:]
    for index in range(count):
        day = date(2023, 1, 1) + timedelta(days=(index * 730) // max(count, 1))
        title = text.sentence(7, 14).rstrip(".")
        slug = f"{slugify(title)[:60].strip('-')}-{index}"
        folder = out / "content" if index % 2 == 0 else out / "communes" / communes[index % len(communes)]
        body = "\n\n".join(text.paragraph(rng.randint(2, 5)) for _ in range(rng.randint(3, 7)))
        meta = {
            "title": title,
            "description": text.sentence(12, 24),
            "date": day,
            "updated": day,
            "category": CATEGORIES[index % len(CATEGORIES)],
        }
        page = f"---\n{_yaml(meta)}---\n\n# {title}\n\n{SAMPLE_NOTE}\n{body}\n"
        path = folder / "tin-tuc" / str(day.year) / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")


def write_procedures(out: Path, count: int, text: Text, rng: random.Random) -> list[str]:
    """``count`` procedures in all: the sample's plus variants of them. Returns every slug."""
    folder = out / "content" / "thu-tuc"
    originals = sorted(folder.glob("*.yml"))
    slugs = [path.stem for path in originals]
    for index in range(count - len(originals)):
        source = originals[index % len(originals)]
        record = yaml.safe_load(source.read_text(encoding="utf-8"))
        variant = VARIANTS[(index // len(originals)) % len(VARIANTS)]
        record["name"] = f"{record['name']} {variant} ({index + 1})"
        record["code"] = f"9.{900000 + index}"
        if record.get("national_url"):
            record["national_url"] = re.sub(
                r"ma_thu_tuc=[\d.]+", f"ma_thu_tuc={record['code']}", record["national_url"]
            )
        record["steps"] = [text.sentence(12, 30) for _ in range(rng.randint(2, 5))]
        record["sample"] = True
        slug = f"{source.stem}-{index + 1}"
        header = "# Dữ liệu mẫu: thủ tục sinh ra để đo hiệu năng, không dùng để làm thủ tục thật.\n"
        (folder / f"{slug}.yml").write_text(header + _yaml(record), encoding="utf-8")
        slugs.append(slug)
    return slugs


def write_guides(out: Path, count: int, procedures: list[str], text: Text, rng: random.Random) -> None:
    folder = out / "content" / "huong-dan"
    existing = len([path for path in folder.glob("*.md") if path.name != "index.md"])
    for index in range(count - existing):
        procedure = procedures[(index * 7) % len(procedures)]
        title = f"Hướng dẫn {text.words(rng.randint(4, 9)).lower()} trực tuyến"
        steps = [text.words(rng.randint(6, 12)).capitalize()[:85] for _ in range(rng.randint(3, 5))]
        meta = {
            "title": title,
            "description": text.sentence(12, 22),
            "updated": date(2024, 1, 1) + timedelta(days=index * 3),
            "procedures": [procedure],
            "poster": {"title": title[:60], "steps": steps},
        }
        sections = "\n\n".join(
            f"## Bước {step}\n\n{text.paragraph(rng.randint(2, 4))}" for step in range(1, rng.randint(3, 6))
        )
        page = f"---\n{_yaml(meta)}---\n\n# {title}\n\n{SAMPLE_NOTE}\n{text.paragraph(3)}\n\n{sections}\n"
        (folder / f"huong-dan-mau-{index + 1}.md").write_text(page, encoding="utf-8")


def _yaml(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def make(out: Path, documents: int, posts: int, procedures: int, guides: int, seed: int) -> None:
    copy_inputs(out)
    rng = random.Random(seed)
    text = Text(rng)
    slugs = sites(out)
    # Half of the documents are the district's, the rest spread over the 17 communes.
    write_documents(out, documents, [slugs[0]] * (len(slugs) - 1) + slugs[1:], seed)
    write_posts(out, posts, text, rng)
    all_procedures = write_procedures(out, procedures, text, rng)
    write_guides(out, guides, all_procedures, text, rng)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--documents", type=int, default=20000)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--procedures", type=int, default=300)
    parser.add_argument("--guides", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    make(args.out, args.documents, args.posts, args.procedures, args.guides, args.seed)


if __name__ == "__main__":
    main()
