#!/usr/bin/env python3
"""Write N synthetic legal-document records into a portal's ``legal-db/`` (tests and benchmarks).

    python benchmarks/make_documents.py --root /tmp/portal --count 20000 [--seed 1]

Records spread over ten years and every issuer given, with the numbering rules of Decree
30/2020, relations that chain, and titles and bodies from ``vietnamese_text`` (syllable pairs
learned from the sample portal plus a Zipf tail), so that text is varied like real trích yếu.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from vietnamese_text import Text

TYPES = [
    ("Quyết định", "QĐ", 30),
    ("Công văn", None, 25),
    ("Kế hoạch", "KH", 15),
    ("Thông báo", "TB", 10),
    ("Báo cáo", "BC", 8),
    ("Chỉ thị", "CT", 3),
    ("Hướng dẫn", "HD", 3),
    ("Nghị quyết", "NQ", 3),
    ("Chương trình", "CTr", 2),
    ("Công điện", "CĐ", 1),
]
OPENINGS = [
    "Về việc ban hành",
    "Về việc phê duyệt",
    "Về việc triển khai",
    "Về việc tăng cường",
    "Về việc kiện toàn",
    "Về việc giao chỉ tiêu",
    "Về việc điều chỉnh",
    "Về việc tổ chức",
    "Về việc thành lập",
    "Về việc hỗ trợ",
    "Về việc công bố",
    "Về việc sửa đổi, bổ sung",
    "Về việc thực hiện",
    "Về việc đôn đốc",
    "Về việc xử lý",
]
SUBJECTS = [
    "kế hoạch sử dụng đất",
    "quy hoạch xây dựng nông thôn mới",
    "dịch vụ công trực tuyến toàn trình",
    "chuyển đổi số",
    "cải cách hành chính",
    "phòng, chống thiên tai và tìm kiếm cứu nạn",
    "bảo vệ rừng",
    "phát triển thủy sản",
    "kiên cố hóa kênh mương",
    "sửa chữa trường học",
    "tiêm chủng mở rộng",
    "giảm nghèo bền vững",
    "đầu tư công trung hạn",
    "thu ngân sách nhà nước",
    "bồi thường, hỗ trợ, tái định cư",
    "cấp giấy chứng nhận quyền sử dụng đất",
    "vệ sinh an toàn thực phẩm",
    "phòng cháy, chữa cháy",
    "tuyển dụng viên chức",
    "thi đua, khen thưởng",
    "tiếp công dân",
    "giải quyết khiếu nại, tố cáo",
    "chỉnh trang đô thị",
    "thu gom rác thải sinh hoạt",
    "xây dựng đường giao thông nông thôn",
    "phổ biến, giáo dục pháp luật",
    "bảo hiểm y tế học sinh",
    "hỗ trợ hộ kinh doanh",
    "du lịch cộng đồng",
]
FIELDS = [
    "Đất đai",
    "Xây dựng",
    "Giáo dục",
    "Y tế",
    "Nông nghiệp",
    "Thủy sản",
    "Thiên tai",
    "Chuyển đổi số",
    "Cải cách hành chính",
    "Tài chính",
    "Đầu tư",
    "Giao thông",
    "Môi trường",
    "Văn hóa",
    "Lao động",
    "Nội vụ",
]


def write(root: Path, count: int, issuers: list[str], seed: int, first_year: int = 2015) -> None:
    rng = random.Random(seed)
    text = Text(rng)
    counters: dict[tuple[str, int, str], int] = {}
    made: list[tuple[str, int, str, str]] = []
    weights = [weight for _, _, weight in TYPES]
    for index in range(count):
        issuer = issuers[index % len(issuers)]
        year = first_year + (index * 10) // count
        kind, abbreviation, _ = rng.choices(TYPES, weights)[0]
        symbol = f"{abbreviation}-UBND" if abbreviation else rng.choice(["UBND-VP", "UBND-TCKH", "UBND-KTHT"])
        if kind == "Nghị quyết":
            symbol = "NQ-HĐND"
        # Synthetic numbers start at 90001 so they never collide with hand-written sample records.
        seq = counters[(issuer, year, symbol)] = counters.get((issuer, year, symbol), 90000) + 1
        number = f"{seq}/{year}/{symbol}" if kind == "Nghị quyết" else f"{seq}/{symbol}"
        day_of_year = min(364, (index * 10 * 365) // count % 365)
        month, day = 1 + day_of_year // 31, 1 + day_of_year % 28
        issued = f"{year}-{month:02d}-{day:02d}"
        title = f"{rng.choice(OPENINGS)} {rng.choice(SUBJECTS)} {text.words(rng.randint(3, 12)).lower()}"
        lines = [
            f"number: {number}",
            f"type: {kind}",
            f"title: {title}",
            f"issuer: {issuer}",
            f"issued: {issued}",
            f"fields: [{', '.join(rng.sample(FIELDS, rng.randint(1, 2)))}]",
            "sample: true",
        ]
        earlier = [item for item in made if item[0] == issuer and item[3] < issued]
        if earlier and rng.random() < 0.15:
            relation = rng.choice(["based_on", "amends", "guides", "replaces"])
            lines.append(f"relations:\n  {relation}: ['{rng.choice(earlier[-200:])[2]}']")
        body = "\n".join(f"  {text.sentence(8, 30)}" for _ in range(rng.randint(1, 6)))
        lines.append(f"body: |\n  **Điều 1.** {title}.\n{body}\n  *Văn bản mẫu, không có giá trị pháp lý.*")
        path = root / "legal-db" / "synthetic" / issuer / str(year) / f"{index:06d}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        made.append((issuer, year, number, issued))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True, type=Path, help="portal folder (its legal-db/ receives the records)")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--issuers", default="nui-thanh", help="comma-separated issuer codes")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write(args.root, args.count, args.issuers.split(","), args.seed)


if __name__ == "__main__":
    main()
