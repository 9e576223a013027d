"""News and announcements of a site: paginated list, categories, yearly archive and Atom feeds."""

from __future__ import annotations

from datetime import date

from jinja2 import Environment

from portal.model.page import NEWS_CATEGORIES, NEWS_DIR, Page
from portal.model.site import Site
from portal.model.urls import relative_url
from portal.render.generated import GeneratedFile, GeneratedPage, Output, paginate
from portal.vietnamese import slugify

PAGE_SIZE = 10
FEED_SIZE = 20
HOME_COUNT = 5
INDEX = f"{NEWS_DIR}/"
CATEGORIES = f"{NEWS_DIR}/chuyen-muc/"
ARCHIVE = f"{NEWS_DIR}/luu-tru/"
DEFAULT_CATEGORY = NEWS_CATEGORIES[0]


def category_of(post: Page) -> str:
    return post.category or DEFAULT_CATEGORY


def category_url(category: str) -> str:
    return f"{CATEGORIES}{slugify(category)}/"


def render_news(site: Site, env: Environment, output: Output) -> None:
    posts = site.posts
    if not posts:
        return
    categories = [c for c in NEWS_CATEGORIES if any(category_of(post) == c for post in posts)]
    years = sorted({post.date.year for post in posts if post.date}, reverse=True)
    common = {
        "site": site,
        "categories": categories,
        "years": years,
        "current": None,
        "category_url": category_url,
        "category_of": category_of,
    }
    home = env.get_template("news-home.html").render(posts=posts[:HOME_COUNT], category=lambda post: post.category)
    output.appendices[""] = home + "\n\n" + output.appendices.get("", "")  # first on the home page
    _paginate(site, env, output, INDEX, "Tin tức", posts, common, feed=INDEX + "feed.xml")
    output.files.append(_feed(env, site, INDEX, "Tin tức", posts))
    for category in categories:
        members = [post for post in posts if category_of(post) == category]
        url = category_url(category)
        _paginate(site, env, output, url, f"Tin tức – {category}", members, common, feed=url + "feed.xml")
        output.files.append(_feed(env, site, url, category, members))
    archive = env.get_template("news-archive.html")
    by_year = {year: [post for post in posts if post.date and post.date.year == year] for year in years}
    output.pages.append(
        GeneratedPage(
            ARCHIVE,
            "Lưu trữ tin tức",
            f"Tin tức, thông báo của {site.settings.agency.name} theo năm.",
            archive.render(common, origin=ARCHIVE, by_year=by_year, year=None, newest=_newest(posts)),
            updated=_newest(posts),
        )
    )
    for year, members in by_year.items():
        url = f"{ARCHIVE}{year}/"
        output.pages.append(
            GeneratedPage(
                url,
                f"Tin tức năm {year}",
                f"{len(members)} tin bài năm {year}, mới nhất trước.",
                archive.render(common, origin=url, by_year={year: members}, year=year, newest=_newest(members)),
                updated=_newest(members),
            )
        )


def _paginate(
    site: Site, env: Environment, output: Output, base: str, title: str, posts: list[Page], common: dict, feed: str
) -> None:
    template = env.get_template("news.html")
    urls, chunks = paginate(base, posts, PAGE_SIZE)
    for index, (url, chunk) in enumerate(zip(urls, chunks, strict=True)):
        context = dict(
            common,
            posts=chunk,
            total=len(posts),
            page=index + 1,
            pages=urls,
            origin=url,
            feed=relative_url(feed, url),
            current=None if base == INDEX else title.split(" – ", 1)[-1],
        )
        if url in site.page_urls:
            output.appendices[url] = template.render(context, appendix=True)
        else:
            heading = title if index == 0 else f"{title} – trang {index + 1}"
            description = f"{len(posts)} tin bài, mới nhất trước."
            updated = chunk[0].updated or chunk[0].date
            body = template.render(context, appendix=False)
            output.pages.append(GeneratedPage(url, heading, description, body, updated=updated))


def _feed(env: Environment, site: Site, base: str, title: str, posts: list[Page]) -> GeneratedFile:
    """Atom: the newest posts with their summaries; dates only, so rebuilding changes nothing."""
    newest = posts[:FEED_SIZE]
    updated = _newest(newest)
    text = env.get_template("news-feed.html").render(
        settings=site.settings, base=base, title=title, posts=newest, updated=updated, category_of=category_of
    )
    return GeneratedFile(base + "feed.xml", text.encode("utf-8"))


def _newest(posts: list[Page]) -> date | None:
    """The last day any of the posts changed."""
    return max((post.updated or post.date for post in posts if post.date), default=None)
