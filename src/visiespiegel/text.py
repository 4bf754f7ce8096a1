"""Text that every field accepts: no NUL characters and no lone surrogates (plain Python).

Neither can be stored in PostgreSQL (and a lone surrogate cannot even be written as UTF-8), so
every way in rejects them with a clear message: forms (Django's CharField already refuses NUL),
the JSON API through `SafeStr`, and services that take text from elsewhere.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator

NUL = "bevat een nul-teken (NUL); dat kan niet worden opgeslagen"
SURROGATE = "bevat een ongeldig teken (een losse surrogaat); dat kan niet worden opgeslagen"


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


SafeStr = Annotated[str, AfterValidator(clean_text)]
