"""Command line of ``build.py``, with help in Vietnamese for editors."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from datetime import date

from portal import missing_library
from portal.model.page import NEWS_CATEGORIES
from portal.model.procedure import LEVELS
from portal.problems import InputError, UsageError


def _iso_date(text: str) -> str:
    try:
        date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày '{text}' không hợp lệ; dùng dạng YYYY-MM-DD") from None
    return text


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="build.py",
        description="Dựng cổng thông tin điện tử từ nội dung Markdown và YAML.",
        epilog="Ví dụ: python build.py check · python build.py serve · python build.py new post --title '…'",
    )
    main.add_argument("--root", default=".", help="thư mục gốc của kho nội dung (mặc định: thư mục hiện tại)")
    main.add_argument("--debug", action="store_true", help="in chi tiết kỹ thuật khi có lỗi nội bộ")
    commands = main.add_subparsers(dest="command", required=True, metavar="LỆNH")

    build = commands.add_parser("build", help="dựng toàn bộ cổng vào thư mục site/", description="Dựng toàn bộ cổng.")
    build.add_argument("--out", help="thư mục kết quả (mặc định: site/)")
    build.add_argument("--only", metavar="MÃ", help="chỉ dựng lại một trang web (mã huyện hoặc xã) trong site/")
    build.add_argument("--site", metavar="MÃ", help="dựng riêng một trang web để đặt ở gốc tên miền của nó")
    build.add_argument("--base-url", metavar="URL", help="địa chỉ công khai khi dựng riêng (cùng --site)")
    build.add_argument("--jobs", type=int, help="số tiến trình song song (mặc định: số lõi CPU)")
    build.add_argument("--force", action="store_true", help="dựng lại cả khi không có gì thay đổi từ lần dựng trước")

    build.set_defaults(run="build:run_build")

    check = commands.add_parser(
        "check", help="kiểm tra toàn bộ nội dung, không ghi gì", description="Kiểm tra nội dung; mã thoát 0 khi hợp lệ."
    )
    check.set_defaults(run="build:run_check")

    serve = commands.add_parser(
        "serve", help="xem trước trên máy, tự tải lại khi sửa", description="Xem trước, tự dựng lại khi tệp thay đổi."
    )
    serve.add_argument("--host", default="127.0.0.1", help="địa chỉ lắng nghe (mặc định: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="cổng (mặc định: 8000)")
    serve.set_defaults(run="serve:run_serve")
    for sub in (build, check, serve):
        sub.add_argument(
            "--as-of", type=_iso_date, help="ngày dùng để tính tình trạng hiệu lực văn bản (mặc định: hôm nay)"
        )

    new = commands.add_parser("new", help="tạo trang hoặc tin mới", description="Tạo khung nội dung mới.")
    kinds = new.add_subparsers(dest="kind", required=True, metavar="LOẠI")
    page = kinds.add_parser("page", help="trang nội dung", description="Tạo trang mới trong content/.")
    page.add_argument("path", help="đường dẫn trong content/, ví dụ gioi-thieu/lich-su")
    page.add_argument("--title", required=True, help="tiêu đề trang")
    post = kinds.add_parser("post", help="tin tức, thông báo", description="Tạo tin mới trong content/tin-tuc/.")
    post.add_argument("--title", required=True, help="tiêu đề tin")
    post.add_argument("--category", default=NEWS_CATEGORIES[0], help=f"chuyên mục: {', '.join(NEWS_CATEGORIES)}")
    document = kinds.add_parser(
        "document", help="văn bản trong legal-db", description="Tạo hồ sơ văn bản mới với số tiếp theo còn trống."
    )
    document.add_argument("--issuer", required=True, help="mã đơn vị ban hành (ví dụ nui-thanh) hoặc tên cơ quan")
    document.add_argument("--type", required=True, help="loại văn bản, ví dụ 'Quyết định'")
    document.add_argument("--title", required=True, help="trích yếu")
    document.add_argument("--unit", default="UBND", help="phần ký hiệu sau loại văn bản (mặc định UBND)")
    procedure = kinds.add_parser(
        "procedure", help="thủ tục hành chính", description="Tạo hồ sơ thủ tục hành chính mới trong content/thu-tuc/."
    )
    procedure.add_argument("--title", required=True, help="tên thủ tục")
    procedure.add_argument("--level", required=True, help=f"cấp thực hiện: {', '.join(LEVELS)}")
    procedure.add_argument("--field", required=True, help="lĩnh vực, ví dụ Hộ tịch")
    procedure.add_argument("--code", required=True, help="mã thủ tục trên Cơ sở dữ liệu quốc gia, ví dụ 1.001193")
    guide = kinds.add_parser(
        "guide", help="hướng dẫn dịch vụ công", description="Tạo hướng dẫn mới trong content/huong-dan/."
    )
    guide.add_argument("--title", required=True, help="tiêu đề hướng dẫn")
    guide.add_argument(
        "--procedure", required=True, action="append", help="mã tệp thủ tục được hướng dẫn (lặp lại nếu nhiều)"
    )
    for sub in (page, post, document, guide):
        sub.add_argument("--date", type=_iso_date, help="ngày (YYYY-MM-DD), mặc định hôm nay")
    new.set_defaults(run="new:run_new")

    schema = commands.add_parser(
        "schema",
        help="ghi JSON Schema của văn bản, thủ tục cho trình soạn thảo",
        description="Ghi legal-db/schema.json và content/thu-tuc/.schema.json.",
    )
    schema.set_defaults(run="new:run_schema")

    links = commands.add_parser(
        "links",
        help="kiểm tra liên kết của bản dựng, liệt kê liên kết ra ngoài",
        description="Kiểm tra mọi liên kết nội bộ của site/ và liệt kê các liên kết ra ngoài (không truy cập).",
    )
    links.add_argument("--site", help="thư mục bản dựng (mặc định: site/)")
    links.set_defaults(run="links:run_links")

    find = commands.add_parser(
        "search",
        help="tìm trong chỉ mục đã dựng",
        description="In các kết quả đầu tiên của một câu tìm kiếm, xếp hạng như trên trình duyệt.",
    )
    find.add_argument("query", help="câu tìm kiếm, có dấu hoặc không dấu")
    find.add_argument("--limit", type=int, default=10, help="số kết quả (mặc định: 10)")
    find.add_argument("--site", help="thư mục bản dựng (mặc định: site/)")
    find.set_defaults(run="search:run_search")
    return main


def _command(name: str):
    """The function that runs a command (``module:function`` of ``portal.commands``), imported only
    when that command runs: ``build`` starts converting document bodies on the second core before
    it imports the rest of the generator (a third of a second when the disk cache is cold)."""
    module, function = name.split(":")
    return getattr(importlib.import_module(f"portal.commands.{module}"), function)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return _command(args.run)(args)
    except InputError as error:
        for problem in error.problems.sorted():
            print(problem, file=sys.stderr)
        print(f"✗ {len(error.problems)} lỗi; chưa thay đổi gì trong thư mục kết quả.", file=sys.stderr)
        return 1
    except UsageError as error:
        print(f"lỗi: {error}", file=sys.stderr)
        return 2
    except ImportError as error:  # commands import their libraries when they run
        print(missing_library(error.name), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - editors get one line, developers use --debug
        if args.debug or os.environ.get("PORTAL_DEBUG"):
            traceback.print_exc()
        print(f"lỗi nội bộ: {type(error).__name__}: {error} (chạy lại với --debug để xem chi tiết)", file=sys.stderr)
        return 2
