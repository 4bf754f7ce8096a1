"""The vision text: composed from the ambition, per theme the chosen cell's four texts exactly as
in the framework, the rationale and where the group stands now; the coordinator's introduction
and closing; the risk plan. As Markdown and as DOCX (real Word headings, so it pastes into the
ondersteuningsplan), and as a page in the browser (template dialogue/vision.html)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.formats import date_format, number_format
from django.utils.text import get_text_list, slugify
from django.utils.translation import gettext as _

from visiespiegel.dialogue.models import Measure, Status, VisionText
from visiespiegel.dialogue.selectors import current_choices, measures, plan_models
from visiespiegel.frameworks import cache as framework_cache
from visiespiegel.frameworks.dominance import dominant_models
from visiespiegel.frameworks.enums import Level
from visiespiegel.insights import selectors as door
from visiespiegel.insights.stats import percentages
from visiespiegel.organisations.models import Unit
from visiespiegel.rounds.models import Round
from visiespiegel.text import xml_safe


@dataclass(frozen=True)
class Section:
    number: int
    theme: str
    model: str  # the chosen model's label
    stance: str
    belief: str
    teacher: str
    school: str
    rationale: str
    decided: str  # "MR, 3 maart 2027"
    now: str  # where the group stands now, in words


@dataclass(frozen=True)
class RiskPlan:
    model: str
    headline: str
    risks: list[tuple[str, str, list[Measure]]]  # (level label, risk text, measures)


@dataclass(frozen=True)
class Vision:
    title: str
    group: str
    introduction: str
    closing: str
    sections: list[Section]
    plan: list[RiskPlan]


def compose(round_: Round, unit: Unit | None) -> Vision:
    content = framework_cache.content(round_.framework)
    cells = {(c.model.key, c.theme.key): c for row in content.cells.values() for c in row}
    published = door.results(round_, unit_id=unit.pk if unit else None)
    now_by_theme = (
        {t["theme"]: t["now"] for t in published.figures["themes"]} if published.shown else {}
    )
    labels = {m.key: m.label for m in content.models}
    positions = {m.key: m.position for m in content.models}
    sections = []
    for number, (key, choice) in enumerate(current_choices(round_, unit).items(), start=1):
        cell = cells[choice.model.key, key]
        parts = [choice.decided_by, date_format(choice.decided_at, "j F Y")]
        sections.append(
            Section(
                number=number,
                theme=choice.theme.label,
                model=choice.model.label,
                stance=cell.stance,
                belief=cell.belief,
                teacher=cell.teacher,
                school=cell.school,
                rationale=choice.rationale,
                decided=", ".join(p for p in parts if p),
                now=_standing(now_by_theme.get(key), labels, positions),
            )
        )
    text = VisionText.objects.filter(round=round_, unit=unit).first()
    return Vision(
        title=round_.title,
        group=unit.name if unit else _("Alle eenheden"),
        introduction=text.introduction if text else "",
        closing=text.closing if text else "",
        sections=sections,
        plan=risk_plan(round_, unit),
    )


def _standing(now: dict | None, labels: dict[str, str], positions: dict[str, int]) -> str:
    if now is None:
        return _("Niet getoond: te weinig antwoorden in deze groep, of af te leiden.")
    mean = number_format(now["mean"], 1)  # 2,0 in Dutch, 2.0 in English
    most = dominant_models(now["counts"])
    if len(most) > 1:  # a tie: every model in it, none picked out
        return _(
            "De groep plaatst de praktijk nu gemiddeld op %(mean)s (1 tot %(last)s); "
            "even vaak gekozen: %(models)s."
        ) % {
            "mean": mean,
            "last": max(positions.values()),
            "models": get_text_list([f"‘{labels[m]}’" for m in most], _("en")),
        }
    return _(
        "De groep plaatst de praktijk nu gemiddeld op %(mean)s (1 tot %(last)s); "
        "%(percent)s%% kiest nu ‘%(model)s’."
    ) % {
        "mean": mean,
        "last": max(positions.values()),
        "percent": percentages(now["counts"])[most[0]],
        "model": labels[most[0]],
    }


def risk_plan(round_: Round, unit: Unit | None) -> list[RiskPlan]:
    """Per model of the plan, every risk of the framework with its measures."""
    planned: dict[int, list[Measure]] = {}
    for measure in measures(round_, unit):
        planned.setdefault(measure.risk_id, []).append(measure)
    levels = dict(Level.choices)
    return [
        RiskPlan(
            model=model.label,
            headline=model.risk_headline,
            risks=[
                (str(levels[r.level]), r.text, planned.get(r.pk, [])) for r in model.risks.all()
            ],
        )
        for model in plan_models(round_, unit)
    ]


def _measure_line(measure: Measure) -> str:
    status = dict(Status.choices)[measure.status]
    parts = [measure.what]
    if measure.who:
        parts.append(_("wie: %(who)s") % {"who": measure.who})
    if measure.due:
        parts.append(_("klaar: %(due)s") % {"due": date_format(measure.due, "j F Y")})
    parts.append(_("status: %(status)s") % {"status": status})
    if measure.evidence:
        parts.append(measure.evidence)
    return "; ".join(parts)


def _blocks(vision: Vision):
    """The text as (kind, text) blocks: heading1..3, paragraph, label (a bold run before the
    text), item. Markdown and DOCX are both written from these."""
    yield "heading1", _("Visie op passend onderwijs: %(title)s") % {"title": vision.title}
    yield "paragraph", vision.group
    if vision.introduction:
        yield "heading2", _("Inleiding")
        for part in vision.introduction.split("\n\n"):
            yield "paragraph", part.strip()
    for s in vision.sections:
        yield "heading2", f"{s.number}. {s.theme}"
        yield "label", (_("Gekozen model"), s.model)
        yield "quote", s.stance
        yield "label", (_("Overtuiging"), s.belief)
        yield "label", (_("Wat de leraar doet"), s.teacher)
        yield "label", (_("Wat de school doet"), s.school)
        if s.rationale:
            yield "label", (_("Waarom"), s.rationale)
        if s.decided:
            yield "label", (_("Besloten"), s.decided)
        yield "label", (_("Waar we nu staan"), s.now)
    if vision.plan:
        yield "heading2", _("Risicoplan")
        for plan in vision.plan:
            yield "heading3", plan.model
            yield "quote", plan.headline
            for level, text, found in plan.risks:
                yield "item", f"{level}: {text}"
                for measure in found:
                    yield "subitem", _measure_line(measure)
    if vision.closing:
        yield "heading2", _("Tot slot")
        for part in vision.closing.split("\n\n"):
            yield "paragraph", part.strip()


def markdown(vision: Vision) -> str:
    lines = []
    for kind, text in _blocks(vision):
        if kind.startswith("heading"):
            lines += ["#" * int(kind[-1]) + " " + text, ""]
        elif kind == "label":
            lines += [f"**{text[0]}:** {text[1]}", ""]
        elif kind == "quote":
            lines += [f"> {text}", ""]
        elif kind == "item":
            lines.append(f"- {text}")
        elif kind == "subitem":
            lines.append(f"  - {text}")
        else:
            lines += [text, ""]
    return "\n".join(lines).replace("\n\n\n", "\n\n").strip() + "\n"


def docx(vision: Vision) -> bytes:
    """The blocks as a Word document; every text through `xml_safe` (a measure pasted from Word
    may carry its line break, a vertical tab, which the document's XML cannot hold)."""
    from docx import Document  # python-docx, imported on use

    document = Document()
    document.core_properties.title = xml_safe(vision.title)
    for kind, found in _blocks(vision):
        text = (xml_safe(found[0]), xml_safe(found[1])) if kind == "label" else xml_safe(found)
        if kind.startswith("heading"):
            document.add_heading(text, level=int(kind[-1]))
        elif kind == "label":
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{text[0]}: ").bold = True
            paragraph.add_run(text[1])
        elif kind == "quote":
            document.add_paragraph(text, style="Quote")
        elif kind == "item":
            document.add_paragraph(text, style="List Bullet")
        elif kind == "subitem":
            document.add_paragraph(text, style="List Bullet 2")
        else:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def file_name(round_: Round, unit: Unit | None, kind: str) -> str:
    parts = ["visie", round_.title, unit.name if unit else ""]
    return "-".join(slugify(p)[:60] for p in parts if slugify(p)) + f".{kind}"


def download(round_: Round, unit: Unit | None, kind: str) -> HttpResponse:
    """The vision text as a Markdown or DOCX download."""
    composed = compose(round_, unit)
    if kind == "docx":
        response = HttpResponse(docx(composed), content_type=DOCX)
    else:
        response = HttpResponse(markdown(composed), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name(round_, unit, kind)}"'
    return response
