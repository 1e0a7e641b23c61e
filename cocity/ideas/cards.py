"""The idea list's cards as HTML, built with plain string joins and escaping.

The list is the busiest page; on a city-size phase the template engine spent more time on
the 25 cards (variable resolution, autoescape, `{% with %}`/`{% if %}` nodes per card) than the
rest of the request. The cards print only values the selector computed once
(`selectors.IdeaCard`), so building them here gives the same HTML for a fraction of the CPU
(docs/performance.md). The markup mirrors the former template exactly: same elements, classes,
`lang` attributes and translated strings.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from cocity.core.i18n import TranslatedText, current_language
from cocity.ideas.selectors import IdeaCard


def _lang(text: TranslatedText, page_lang: str) -> str:
    """` lang="fr"` when the text is not in the page's language (as the `lang_attr` filter)."""
    if text and text.lang != page_lang:
        return f' lang="{escape(text.lang)}"'
    return ""


def render_idea_cards(cards: Iterable[IdeaCard]) -> SafeString:
    """The `<li class="idea-item">` of every card, escaped, in the visitor's language."""
    page_lang = current_language()
    by_city = gettext("Posted by the city (%(SITE_NAME)s)") % {
        "SITE_NAME": settings.COCITY_SITE_NAME
    }
    official = f'<span class="badge badge-official">{escape(gettext("Official"))}</span> ' + escape(
        by_city
    )
    by_resident = escape(gettext("by a resident"))
    at_kiosk = escape(gettext("Posted at a kiosk:"))
    collected_at = escape(gettext("Collected at"))
    status_prefix = escape(gettext("Status:"))
    has_location = f'· <span class="has-location">{escape(gettext("Has a location"))}</span>'
    topics_label = escape(gettext("Topics"))
    labels: dict[str, str] = {}  # status and topic names: escaped once with their lang attribute

    def label(text: TranslatedText, open_tag: str, close_tag: str) -> str:
        key = f"{open_tag}\0{text.lang}\0{text}"
        html = labels.get(key)
        if html is None:
            html = labels[key] = f"{open_tag}{_lang(text, page_lang)}>{escape(text)}{close_tag}"
        return html

    out: list[str] = []
    for card in cards:
        source = card.source
        if card.is_official:
            byline = official
        elif not card.author_id and source != "online":
            byline = by_resident
        else:
            byline = escape(card.byline)
        meta = [byline, f'· <time datetime="{card.date_iso}">{escape(card.date_text)}</time>']
        if source != "online":
            prefix = at_kiosk if source == "kiosk" else collected_at
            meta.append(f'· <span class="badge">{prefix} {escape(card.source_place)}</span>')
        if card.status:
            meta.append(
                f'· <span class="badge"><span class="visually-hidden">{status_prefix} </span>'
                + label(card.status, "<span", "</span>")
                + "</span>"
            )
        if card.has_location:
            meta.append(has_location)
        tags = ""
        if card.topics:
            names = "".join(label(name, "<li", "</li>") for name in card.topics)
            tags = f'\n  <ul class="tags" aria-label="{topics_label}">{names}</ul>'
        disagreements = f" <span>{escape(card.disagreements)}</span>" if card.disagreements else ""
        out.append(
            f'<li class="idea-item">\n  <h3><a href="{escape(card.url)}">'
            f"{escape(card.title)}</a></h3>"
            '\n  <p class="meta">\n    ' + "\n    ".join(meta) + f"\n  </p>{tags}"
            f'\n  <p class="counts"><span>{escape(card.supports)}</span>{disagreements}'
            f" <span>{escape(card.comments)}</span></p>\n</li>"
        )
    return mark_safe("".join(out))  # every value above went through escape()
