"""Content the generator adds to pages: post headers, the news list, the newest posts on the home page.

It is produced as HTML inside the page's Markdown so any rendering engine can use it.
"""

from __future__ import annotations

from html import escape

from portal.model.page import NEWS_DIR, Page
from portal.model.site import Site
from portal.model.urls import relative_url
from portal.vietnamese import long_date, short_date

HOME_NEWS_COUNT = 5
NEWS_INDEX = f"{NEWS_DIR}/index.md"


def decorate(site: Site, page: Page, markdown: str, appendix: str | None) -> str:
    """The page's Markdown with what the generator adds before and after it."""
    parts = [markdown]
    if page.is_post:
        parts.insert(0, post_header(page))
    if page.url == "" and site.posts:
        parts.append(home_news(site, page))
    if appendix:
        parts.append(appendix)
    return "\n\n".join(parts) + "\n"


def post_header(page: Page) -> str:
    assert page.date is not None
    category = f' · <span class="portal-post__category">{escape(page.category)}</span>' if page.category else ""
    return (
        f'<p class="portal-post__meta"><time datetime="{page.date.isoformat()}">'
        f"{long_date(page.date).capitalize()}</time>{category}</p>"
    )


def post_list(posts: list[Page], origin: Page) -> str:
    items = []
    for post in posts:
        assert post.date is not None
        category = f'<span class="portal-posts__category">{escape(post.category)}</span>' if post.category else ""
        summary = f'<p class="portal-posts__summary">{escape(post.description)}</p>' if post.description else ""
        items.append(
            f'<li class="portal-posts__item"><a href="{escape(relative_url(post.url, origin.url))}">'
            f"{escape(post.title)}</a>"
            f'<span class="portal-posts__meta"><time datetime="{post.date.isoformat()}">{short_date(post.date)}</time>'
            f"{category}</span>{summary}</li>"
        )
    if not items:
        return '<p class="portal-posts__empty">Chưa có tin bài.</p>'
    return '<ul class="portal-posts">\n' + "\n".join(items) + "\n</ul>"


def home_news(site: Site, page: Page) -> str:
    more = ""
    if site.pages.get(NEWS_INDEX):
        more = f'<p><a href="{relative_url(site.pages[NEWS_INDEX].url, page.url)}">Xem tất cả tin tức →</a></p>'
    return '<h2 id="tin-moi-nhat">Tin mới nhất</h2>\n\n' + post_list(site.posts[:HOME_NEWS_COUNT], page) + "\n\n" + more
