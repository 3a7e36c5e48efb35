"""The language of what the registry holds. Names, purposes, documents and summaries are
written in Swedish; when the interface is in another language, they are marked
``lang="sv"`` so that a screen reader reads them as Swedish (WCAG 2.1, 3.1.2 Language of Parts).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

CONTENT_LANGUAGE = "sv"


def content_lang_attribute() -> str:
    """`` lang="sv"`` when the page is in another language than the content, else nothing."""
    language = (get_language() or CONTENT_LANGUAGE).split("-")[0]
    return "" if language == CONTENT_LANGUAGE else f' lang="{CONTENT_LANGUAGE}"'


@register.simple_tag
def content_lang() -> SafeString:
    """``<div class="purpose"{% content_lang %}>``: the attribute, or nothing in Swedish."""
    return mark_safe(content_lang_attribute())


@register.filter
def sv(value: Any) -> Any:
    """``{{ unit.name|sv }}``: the value in a ``<span lang="sv">`` when the page is not in
    Swedish; the value as it is (escaped as usual) when it is."""
    if value in (None, "") or not content_lang_attribute():
        return value
    return format_html('<span lang="{}">{}</span>', CONTENT_LANGUAGE, value)
