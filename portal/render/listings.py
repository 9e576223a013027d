"""What the generator adds to a content page: the header of a news post, then the page's appendix.

The header goes into the page's Markdown. The appendix (a listing, a catalogue: up to 200 KB of
HTML) goes in after the Markdown is converted, at a marker: as raw HTML inside Markdown it was
parsed three times over for nothing, a fifth of the time MkDocs spent on content pages.
"""

from __future__ import annotations

from html import escape

from portal.model.page import Page
from portal.vietnamese import long_date

APPENDIX = "<!-- portal-appendix -->"
"""Stands for the appendix in the Markdown; a comment on its own line passes through unchanged."""


def decorate(page: Page, markdown: str, appendix: str | None) -> str:
    """The page's Markdown with the post header before it and, if it has an appendix, the marker after."""
    parts = [markdown]
    if page.is_post:
        parts.insert(0, post_header(page))
    if appendix:
        parts.append(APPENDIX)
    return "\n\n".join(parts) + "\n"


def attach(html: str, appendix: str | None) -> str:
    """The converted page with its appendix in place of the marker, or after it when the page's
    own Markdown swallowed the marker (a code block left open at the end shows it as text)."""
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
