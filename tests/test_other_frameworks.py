"""The pages draw whatever framework the schema allows: here five models and seven themes,
from the placemat through answering to the published results."""

import pytest

from tests import factories
from visiespiegel.frameworks.schema import check_framework
from visiespiegel.rounds.lifecycle import close_round, create_round

pytestmark = pytest.mark.django_db
MODELS, THEMES = factories.WIDE_MODELS, factories.WIDE_THEMES


def test_the_schema_says_what_the_pages_draw():
    from visiespiegel.frameworks.schema import FrameworkError

    seven = {"key": "x", "title": "X", "models": [{"key": f"m{i}", "label": "M"} for i in range(7)]}
    with pytest.raises(FrameworkError, match="models"):
        check_framework({**seven, "themes": [], "cells": [], "risks": []})


def test_five_models_and_seven_themes_all_the_way(client, alice, org, wide):
    placemat = client.get("/kader/", {"kader": "breed"}).content.decode()
    assert placemat.count('<th scope="row"') == 7 and "cols-5" in placemat
    round_ = create_round(organisation=org, title="Breed", framework=wide)
    intro = client.get(f"/d/{round_.code}/").content.decode()
    assert "7 thema's" in intro
    for person in range(5):
        participant = client.__class__()
        participant.post(f"/d/{round_.code}/begin/")
        factories.choose_role(participant, round_, "leraar")
        for number in range(1, 8):
            page = participant.get(f"/d/{round_.code}/thema/{number}/").content.decode()
            assert "Lees de 5 uitspraken" in page
            participant.post(
                f"/d/{round_.code}/thema/{number}/",
                {"now": MODELS[person], "wanted": MODELS[-1]},
            )
        assert participant.post(f"/d/{round_.code}/versturen/").status_code == 302
        profile = participant.get(f"/d/{round_.code}/profiel/").content.decode()
        # The chart names all five models above its columns.
        assert profile.count('class="profile-chart__model"') >= 5
    close_round(round_=round_)
    client.force_login(alice)
    results = client.get(f"/peilingen/{round_.pk}/resultaten/").content.decode()
    assert "5 antwoorden" in results
    assert results.count('class="theme-result"') == 7
    assert (
        "model-chip--5" in results and "1 = ‘Model 1’, 5 = ‘Model 5’" in results
    )  # its own ends of the scale
    for page in ("vergelijken", "signalen", "opmerkingen"):
        assert client.get(f"/peilingen/{round_.pk}/{page}/").status_code == 200
    data = client.get("/api/v1/frameworks/breed").json()
    assert len(data["models"]) == 5 and len(data["themes"]) == 7
