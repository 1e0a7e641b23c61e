"""Template helpers every Cocity template has without {% load %}."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.http import QueryDict
from django.utils.safestring import SafeString

from cocity.core.i18n import TranslatedText, format_money, translate

register = template.Library()


@register.filter
def tr(value: Mapping[str, str] | str | None) -> TranslatedText:
    """{{ project.title|tr }} — the text in the visitor's language, or the fallback."""
    return translate(value)


@register.filter
def lang_attr(value: Any) -> SafeString:
    """<h1{{ project.title|tr|lang_attr }}> marks fallback text with its own language."""
    if isinstance(value, TranslatedText):
        return value.lang_attr
    return SafeString("")


@register.filter
def money(amount: int | None, currency: str = "") -> str:
    """{{ item.cost|money:setup.currency }} — see :func:`format_money`."""
    return format_money(amount, currency)


@register.simple_tag(takes_context=True)
def query(context: template.Context, **changes: Any) -> str:
    """?sort=…&page=2 with some parameters replaced (None removes one); keeps the others."""
    request = context.get("request")
    params: QueryDict = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def markdown(value: str) -> SafeString:
    """City-written Markdown rendered and sanitised (resident text is stored pre-rendered)."""
    from cocity.core.sanitize import render_markdown

    return SafeString(render_markdown(str(value or "")))
