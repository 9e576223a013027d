"""What the generator adds to a content page's Markdown: the header of a news post, then the page's appendix.

It is produced as HTML inside the page's Markdown so any rendering engine can use it.
"""

from __future__ import annotations

from html import escape

from portal.model.page import Page
from portal.vietnamese import long_date


def decorate(page: Page, markdown: str, appendix: str | None) -> str:
    """The page's Markdown with what the generator adds before and after it."""
    parts = [markdown]
    if page.is_post:
        parts.insert(0, post_header(page))
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
