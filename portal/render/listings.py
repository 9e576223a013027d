"""What the generator adds to a content page: the header of a news post, then the page's appendix.

Both go in after the Markdown is converted, the appendix (a listing, a catalogue: up to 200 KB of
HTML) at a marker: as raw HTML inside Markdown they were parsed three times over for nothing, a
fifth of the time MkDocs spent on content pages (a tenth of a news post's).
"""

from __future__ import annotations

from html import escape

from portal.model.page import Page
from portal.vietnamese import long_date

APPENDIX = "<!-- portal-appendix -->"
"""Stands for the appendix in the Markdown; a comment on its own line passes through unchanged."""


def decorate(markdown: str, appendix: str | None) -> str:
    """The page's Markdown with, if it has an appendix, the marker after it."""
    return f"{markdown}\n\n{APPENDIX}\n" if appendix else markdown + "\n"


def attach(html: str, page: Page, appendix: str | None) -> str:
    """The converted page with a post's header before it and its appendix in place of the marker,
    or after it when the page's own Markdown swallowed the marker (a code block left open at the
    end shows it as text)."""
    if page.is_post:
        html = f"{post_header(page)}\n{html}" if html else post_header(page)
    if not appendix:
        return html
    return html.replace(APPENDIX, appendix, 1) if APPENDIX in html else html + appendix


def post_header(page: Page) -> str:
    assert page.date is not None
    category = f' · <span class="portal-post__category">{escape(page.category)}</span>' if page.category else ""
    return (
        f'<p class="portal-post__meta"><time datetime="{page.date.isoformat()}">'
        f"{long_date(page.date).capitalize()}</time>{category}</p>"
    )
