"""Filters for framework text and names, builtins (settings.TEMPLATES) so every template can
use them without loading anything.

- `{{ text|source }}`: framework text (always Dutch) marked as such when the page is not, so
  screen readers read a Dutch stance in Dutch on an English page (WCAG 3.1.2).
- `{{ text|css_string }}`: any text as a quoted CSS string (every character outside letters,
  digits and spaces escaped), for the running header of a printed page.
- `{{ name|hyphenate }}`: soft hyphens at Dutch hyphenation points in long words, so a narrow
  column or a printed page breaks "onderwijs-professionals" with a hyphen instead of anywhere.
"""

from functools import cache

import pyphen
from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

register = template.Library()

FRAMEWORK_LANGUAGE = "nl"
LONG_WORD = 13  # shorter words fit any column we draw


@register.filter
def source(text):
    if not text or (get_language() or FRAMEWORK_LANGUAGE).startswith(FRAMEWORK_LANGUAGE):
        return text
    return format_html('<span lang="{}">{}</span>', FRAMEWORK_LANGUAGE, text)


@cache
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="nl_NL")


@register.filter(is_safe=True)
def hyphenate(text):
    """Plain text only: markup (already safe) comes back unchanged."""
    if not text or isinstance(text, SafeData):
        return text
    words = str(text).split(" ")
    hyphenated = [
        _dictionary().inserted(word, hyphen="\u00ad") if len(word) >= LONG_WORD else word
        for word in words
    ]
    return conditional_escape(" ".join(hyphenated))


@register.filter
def css_string(text) -> str:
    escaped = "".join(
        ch if (ch.isascii() and ch.isalnum()) or ch == " " else f"\\{ord(ch):x} "
        for ch in str(text)
    )
    return mark_safe(f'"{escaped}"')  # noqa: S308 - nothing but letters, digits and escapes
