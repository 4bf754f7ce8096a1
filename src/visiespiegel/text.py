"""Text that every field accepts: no NUL characters and no lone surrogates (plain Python).

Neither can be stored in PostgreSQL (and a lone surrogate cannot even be written as UTF-8), so
every way in rejects them with a clear message: forms (`visiespiegel.forms.TextField`), the
JSON API through `SafeStr`, and services that take text from elsewhere (the presenter, the
CSV import of units).

Other control characters are kept as typed (a vertical tab is Word's line break, pasted with
the rest), but XML cannot hold them: every writer of DOCX, XLSX or HTML for a PDF passes text
through `xml_safe`.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator


def gettext_noop(message: str) -> str:
    """Marks a message for translation (makemessages finds it) without importing Django:
    the edges that show it translate it with Django's gettext."""
    return message


NUL = gettext_noop("bevat een nul-teken (NUL); dat kan niet worden opgeslagen")
SURROGATE = gettext_noop(
    "bevat een ongeldig teken (een losse surrogaat); dat kan niet worden opgeslagen"
)

# What XML 1.0 forbids: control characters other than tab, line feed and carriage return,
# surrogates and the two non-characters U+FFFE and U+FFFF.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})  # Word's line and page breaks


def problem(value: str) -> str | None:
    """What is wrong with this text, in words, or None."""
    if "\x00" in value:
        return NUL
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return SURROGATE
    return None


def clean_text(value: str) -> str:
    if (found := problem(value)) is not None:
        raise ValueError(found)
    return value


def xml_safe(value: str) -> str:
    """The text as a document file can hold it: a vertical tab or form feed becomes a line
    break, any other character XML forbids is left out."""
    return XML_FORBIDDEN.sub("", value.translate(LINE_BREAKS))


SafeStr = Annotated[str, AfterValidator(clean_text)]
