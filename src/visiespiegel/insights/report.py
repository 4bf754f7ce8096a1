"""The PDF report of a group (a unit with its subtree, optionally one role): the results
pages' own sections (`sections`, the same templates) laid out for A4 by WeasyPrint, with the
fonts shipped in the package. Figures come only through the door (`selectors`); a group the
door hides gets a one-page report that says so, without a single figure.
"""

from __future__ import annotations

import atexit
import functools
import mimetypes
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

import tinycss2
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from visiespiegel.insights import sections, selectors
from visiespiegel.insights.signals import Texts
from visiespiegel.insights.texts import framework_texts
from visiespiegel.organisations.models import Unit
from visiespiegel.rounds.models import Round
from visiespiegel.rounds.selectors import role_choices
from visiespiegel.text import xml_safe

STATIC = Path(__file__).resolve().parent.parent / "static"


@dataclass(frozen=True)
class Measure:
    what: str
    who: str
    due: date | None
    status: str  # in words


@dataclass(frozen=True)
class Risk:
    level: str  # in words
    text: str  # the framework's text
    measures: list[Measure]


@dataclass(frozen=True)
class ThemePlan:
    """What a group decided for one theme, for the summary page."""

    ambition: str  # the chosen model's label
    decided_by: str
    decided_at: date
    risks: list[Risk]  # the ambition's most pressing risks, at most three


@dataclass(frozen=True)
class Section:
    """A part of the report that an app above this one adds: an appendix (template and
    context) and, per theme key, what the summary page says about the theme."""

    template: str
    context: dict
    themes: dict[str, ThemePlan] = field(default_factory=dict)


# Sections that apps above this one add (the ambition and risk plan): each takes the round,
# unit and role and gives a Section or None. Filled when Django starts.
SECTIONS: list[Callable[[Round, Unit | None, str | None], Section | None]] = []
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def context(round_: Round, *, unit: Unit | None = None, role: str | None = None) -> dict:
    """Everything the report template shows for one group."""
    unit_id = unit.pk if unit else None
    published = selectors.results(round_, unit_id=unit_id, role=role)
    snapshot = selectors.snapshot_publishing_final(round_)
    texts = framework_texts(round_.framework)
    found = {
        "round": round_,
        "organisation": round_.organisation,
        "unit": unit,
        "role": role,
        "role_label": dict(role_choices(round_)).get(role, role) if role else None,
        "published": published,
        "figures": published.figures,
        "snapshot": snapshot,
        "texts": texts,
        "made_at": timezone.now(),
        "print_header": sections.print_header(round_, unit, role, published, snapshot),
    }
    if not published.shown:
        return found
    figures = published.figures
    found.update(sections.overview(figures, texts))
    found.update(sections.signals_and_guide(round_, figures, texts, unit_id=unit_id, role=role))
    found["sections"] = [made for add in SECTIONS if (made := add(round_, unit, role))]
    found["summary"] = summary(figures, texts)
    found["board"] = board(figures, texts, found["sections"])
    if not role:
        found["by_role"] = sections.comparison(
            round_, texts, unit_id=unit_id, role=None, per="rol"
        )["groups"]
    per_unit = sections.comparison(round_, texts, unit_id=unit_id, role=role, per="eenheid")
    found["by_unit"] = per_unit["groups"]
    found["compare_models"] = per_unit["compare_models"]
    if unit is None and not role:
        found["trend"] = selectors.trend(round_.organisation)
    return found


def summary(figures: dict, texts: Texts) -> dict:
    """The plain-language first page: where the group stands, where it wants to go, which
    theme asks the biggest step and where the group agrees most and least."""

    themes = figures["themes"]
    step = max(themes, key=lambda t: abs(t["shift"]))
    agreed = sorted(themes, key=lambda t: t["now"]["consensus"])
    return {
        "now": figures["profile"]["now"],
        "now_model": _nearest(texts, figures["profile"]["now"]),
        "wanted": figures["profile"]["wanted"],
        "wanted_model": _nearest(texts, figures["profile"]["wanted"]),
        "step_theme": texts.themes[step["theme"]],
        "step_now": step["now"]["mean"],
        "step_wanted": step["wanted"]["mean"],
        "most_agreed": texts.themes[agreed[-1]["theme"]],
        "least_agreed": texts.themes[agreed[0]["theme"]],
    }


def board(figures: dict, texts: Texts, added: list[Section]) -> dict:
    """The summary page: a row per theme with where the group stands and where it wants to go
    (mean and nearest model) and the ambition; then, once per model chosen as an ambition,
    its most pressing risks with their measures and the themes they come with (a model's risks
    are the same for every theme, so they are said once)."""
    plans: dict[str, ThemePlan] = {}
    for section in added:
        plans.update(section.themes)
    rows, risks = [], {}
    for number, theme in enumerate(figures["themes"], start=1):
        plan = plans.get(theme["theme"])
        rows.append(
            {
                "number": number,
                "label": texts.themes[theme["theme"]],
                "now": theme["now"]["mean"],
                "now_model": _nearest(texts, theme["now"]["mean"]),
                "wanted": theme["wanted"]["mean"],
                "wanted_model": _nearest(texts, theme["wanted"]["mean"]),
                "plan": plan,
            }
        )
        if plan:
            found = risks.setdefault(plan.ambition, {"model": plan.ambition, "themes": []})
            found["themes"].append(number)
            found["risks"] = plan.risks
    return {"rows": rows, "risks": list(risks.values())}


def _nearest(texts: Texts, mean: float) -> str:
    """The model whose position is closest to a mean (the earlier one on a tie)."""
    return texts.models[min(texts.positions, key=lambda m: abs(texts.positions[m] - mean))]


def file_name(round_: Round, unit: Unit | None, role: str | None) -> str:
    parts = ["rapport", round_.title, unit.name if unit else "", role or ""]
    return "-".join(slugify(p)[:60] for p in parts if slugify(p)) + ".pdf"


def download(
    round_: Round, *, unit: Unit | None = None, role: str | None = None, language: str = "nl"
) -> HttpResponse:
    """The report as an attachment (the API and the downloads page alike)."""
    response = HttpResponse(
        pdf(round_, unit=unit, role=role, language=language), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{file_name(round_, unit, role)}"'
    return response


def html(
    round_: Round, *, unit: Unit | None = None, role: str | None = None, language: str = "nl"
) -> str:
    with translation.override(language):
        return render_to_string("insights/report.html", context(round_, unit=unit, role=role))


def pdf(
    round_: Round, *, unit: Unit | None = None, role: str | None = None, language: str = "nl"
) -> bytes:
    """The report as a tagged A4 PDF (PDF/UA-1) with embedded fonts."""
    from weasyprint import HTML  # imported on use: it loads Pango, which pages never need

    # Typed text may carry control characters: WeasyPrint copies the title into the PDF's XMP
    # metadata, which is XML and would no longer parse, so they go (xml_safe).
    page = _styled_svg(xml_safe(html(round_, unit=unit, role=role, language=language)))
    with _rendering:
        fonts, stylesheets = _stylesheets()
        document = HTML(string=page, base_url=STATIC.as_uri() + "/", url_fetcher=_package_files)
        return document.write_pdf(
            stylesheets=stylesheets, font_config=fonts, pdf_variant="pdf/ua-1"
        )


# One renderer at a time per process: the parsed stylesheets and fonts are shared.
_rendering = threading.Lock()
STYLESHEETS = ("site.css", "report.css")


@functools.cache
def _stylesheets():
    """The site's stylesheet and the report's, parsed once per process with one font
    configuration (loading the fonts for every report would grow the process each time)."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    atexit.register(_stylesheets.cache_clear)  # let the fonts go while Python still runs
    return fonts, [
        CSS(filename=STATIC / "visiespiegel" / name, url_fetcher=_package_files, font_config=fonts)
        for name in STYLESHEETS
    ]


def _package_files(url: str, *args, **kwargs):
    """Only the package's own static files (stylesheets, fonts): a report never fetches
    anything from the network or from elsewhere on disk."""
    from weasyprint.urls import URLFetcherResponse

    parts = urlsplit(url)
    path = Path(unquote(parts.path)).resolve()
    if parts.scheme != "file" or not path.is_relative_to(STATIC) or not path.is_file():
        raise ValueError(f"not a file of the package: {url}")
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})


# After the site's rules: the report's font, and no halo around theme names (WeasyPrint draws
# the stroke over the text, as it knows no paint-order).
SVG_EXTRA = (
    'text { font-family: "Atkinson Hyperlegible", "DejaVu Sans", sans-serif; }',
    ".profile-chart__theme { stroke: none; }",
)


def _styled_svg(page: str) -> str:
    """WeasyPrint styles an inline SVG only from a <style> inside it: give every chart the
    site's own SVG rules (fill and stroke) that it uses, with the colour variables resolved."""

    def styled(match: re.Match) -> str:
        used = set(re.findall(r'class="([^"]*)"', match[0]))
        classes = {name for value in used for name in value.split()}
        rules = [rule for names, rule in _svg_rules() if not names or names & classes]
        return f"{match[1]}<style>{''.join(rules)}</style>{match[2]}"

    return re.sub(r"(<svg\b[^>]*>)(.*?</svg>)", styled, page, flags=re.S)


@functools.cache
def _svg_rules() -> list[tuple[set[str], str]]:
    """Each SVG rule of the site's stylesheet with the classes its selector names."""
    sheet = tinycss2.parse_stylesheet(
        (STATIC / "visiespiegel" / "site.css").read_text(), skip_comments=True, skip_whitespace=True
    )
    rules = [r for r in sheet if r.type == "qualified-rule"]
    variables = {}
    for rule in rules:
        if tinycss2.serialize(rule.prelude).strip() == ":root":
            for item in tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True):
                if item.type == "declaration" and item.name.startswith("--"):
                    variables[item.name] = tinycss2.serialize(item.value).strip()
    found = []
    for rule in rules:
        body = tinycss2.serialize(rule.content)
        if re.search(r"\b(fill|stroke)\s*:", body):
            body = re.sub(r"var\((--[\w-]+)\)", lambda m: variables[m[1]], body)
            selector = tinycss2.serialize(rule.prelude).strip()
            found.append((set(re.findall(r"\.([\w-]+)", selector)), f"{selector} {{{body}}}"))
    return [*found, *((set(re.findall(r"\.([\w-]+)", r)), r) for r in SVG_EXTRA)]
