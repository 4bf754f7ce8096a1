"""Test data, built through the same services the product uses.

Theme and model keys come from the shipped framework file, never from copied lists.
"""

from __future__ import annotations

import uuid
from functools import cache

from django.conf import settings

from visiespiegel.frameworks.loader import load_framework_file

PASSWORD = "een lang en sterk wachtwoord"


@cache
def shipped():
    return load_framework_file(settings.SHIPPED_FRAMEWORKS[0])


def theme_keys() -> list[str]:
    return [theme.key for theme in shipped().themes]


def model_keys() -> list[str]:
    return [model.key for model in shipped().models]


def organisation(
    slug="swv-a", name="Samenwerkingsverband A", schools=("De Regenboog", "Het Kompas")
):
    """An organisation with one board and its schools."""
    from visiespiegel.organisations.services import add_unit, create_organisation

    made = create_organisation(slug=slug, name=name)
    board = add_unit(organisation=made, name="Bestuur Noord", kind="bestuur")
    for number, school_name in enumerate(schools):
        add_unit(organisation=made, name=school_name, parent=board, brin=f"{12 + number}AB00")
    return made


def user(username, organisation, role="coordinator", email=None, password=PASSWORD):
    from visiespiegel.organisations.services import create_user

    return create_user(
        username=username,
        email=email or f"{username}@{organisation.slug}.example",
        organisation=organisation,
        role=role,
        password=password,
    )


def school(organisation, name="De Regenboog"):
    return organisation.units.get(name=name)


def answers(now=None, wanted=None, remark=""):
    """An answer for every theme of the shipped framework (default: first and last model)."""
    from visiespiegel.rounds.submission import AnswerIn

    models = model_keys()
    return [
        AnswerIn(theme=theme, now=now or models[0], wanted=wanted or models[-1], remark=remark)
        for theme in theme_keys()
    ]


def responses(round_, n, *, unit="De Regenboog", role="leraar", now=None, wanted=None, remark=""):
    """Submit n identical responses through the real service; returns them."""
    from visiespiegel.rounds.submission import submit_response

    unit_id = school(round_.organisation, unit).pk if unit else None
    return [
        submit_response(
            round_=round_,
            role=role,
            unit_id=unit_id,
            answers=answers(now=now, wanted=wanted, remark=remark),
            idempotency_key=uuid.uuid4(),
        )[0]
        for _ in range(n)
    ]


WIDE_MODELS = [f"model-{i}" for i in range(1, 6)]
WIDE_THEMES = [f"thema-{i}" for i in range(1, 8)]


def wide_framework():
    """A framework of five models and seven themes, imported."""
    from visiespiegel.frameworks.schema import check_framework
    from visiespiegel.frameworks.services import import_framework

    spec = check_framework(
        {
            "key": "breed",
            "title": "Een breder kader",
            "models": [{"key": m, "label": f"Model {m[-1]}"} for m in WIDE_MODELS],
            "themes": [{"key": t, "label": f"Thema {t[-1]}"} for t in WIDE_THEMES],
            "cells": [
                {
                    "model": m,
                    "theme": t,
                    "stance": f"Uitspraak {m} {t}",
                    "belief": "Overtuiging.",
                    "teacher": "Leraar.",
                    "school": "School.",
                }
                for m in WIDE_MODELS
                for t in WIDE_THEMES
            ],
            "risks": [
                {
                    "model": m,
                    "headline": f"Risico {m}",
                    "items": [{"level": "leerling", "text": "x"}],
                }
                for m in WIDE_MODELS
            ],
        }
    )
    version, _created = import_framework(spec=spec)
    return version


def choose_role(client, round_, role="leraar", unit="De Regenboog"):
    """The participant's role step, and the unit step when the round asks it: `unit` is a
    unit name, or None for the whole samenwerkingsverband."""
    code = round_.code
    page = client.post(f"/d/{code}/rol/", {"role": role})
    if page.status_code == 302 and page.url.startswith(f"/d/{code}/school/"):
        chosen = "heel" if unit is None else str(school(round_.organisation, unit).pk)
        page = client.post(page.url, {"unit": chosen})
    return page
