"""Dates are written one way everywhere: the day, the month in words and the year ("4 december
2026"; with a time "4 december 2026, 14:05"). Dutch month names are lowercase; Django's
three-letter months ("M": "Dec", "Mei") and the other month forms are title-cased, so no date
format may use them."""

import re
from datetime import date
from pathlib import Path

from django.utils import translation
from django.utils.formats import date_format

SOURCE = Path(__file__).resolve().parent.parent / "src" / "visiespiegel"
FORMAT = re.compile(r'(?:\|date:|date_format\([^,]+,\s*)"([^"]*)"')
ALLOWED = {"j F Y", "j F Y, H:i", "l j F Y, H:i", "F Y"}


def test_every_date_format_is_one_of_the_house_formats():
    found = {}
    for path in SOURCE.rglob("*"):
        if path.suffix in (".html", ".py") and "locale" not in path.parts:
            for fmt in FORMAT.findall(path.read_text(encoding="utf-8")):
                found.setdefault(fmt, []).append(path.relative_to(SOURCE).as_posix())
    assert found and set(found) <= ALLOWED, {f: p for f, p in found.items() if f not in ALLOWED}


def test_month_names_are_lowercase_in_dutch():
    with translation.override("nl"):
        assert date_format(date(2026, 12, 4), "j F Y") == "4 december 2026"
        assert date_format(date(2026, 5, 14), "F Y") == "mei 2026"
    with translation.override("en"):
        assert date_format(date(2026, 12, 4), "j F Y") == "4 December 2026"
