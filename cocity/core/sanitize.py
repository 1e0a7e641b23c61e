"""Markdown in, safe HTML out: residents and staff write Markdown, nh3 keeps only harmless HTML."""

from __future__ import annotations

import markdown as md
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "a", "ul", "ol", "li", "blockquote",
    "code", "pre", "h2", "h3", "h4", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(source: str) -> str:
    """Render resident-written Markdown to sanitised HTML (raw HTML in the source is escaped)."""
    html = md.markdown(source, extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener ugc",
    )


def plain_text(source: str) -> str:
    """Strip every tag: for titles, excerpts and e-mail subjects."""
    return nh3.clean(source, tags=set())
