import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from visiespiegel.frameworks.schema import check_framework
from visiespiegel.frameworks.services import import_framework

pytestmark = pytest.mark.django_db


def test_placemat_shows_all_cells_and_risk_blocks(client, framework):
    response = client.get("/kader/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="cell model-') == 24
    assert html.count('<div class="risk model-') == 4
    assert html.count('<th scope="row"') == 6
    assert "Individueel-medisch model van inclusie" in html
    assert "Ik leer en werk samen om goed, thuisnabij onderwijs" in html
    assert "De randvoorwaarden voor maatwerk zijn niet geborgd" in html


def test_placemat_by_model(client, framework):
    html = client.get("/kader/?weergave=model").content.decode()
    assert html.count('<article class="cell model-') == 24
    assert html.count('<div class="risk model-') == 4
    assert "model 3 van 4" in html


def _queries(client, key):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/kader/?kader={key}").status_code == 200
    return len(queries)


def test_placemat_queries_do_not_grow_with_the_framework(client, framework):
    big = {
        "key": "groot",
        "title": "Groot kader",
        "models": [{"key": f"m{i}", "label": f"Model {i}"} for i in range(6)],
        "themes": [{"key": f"t{j}", "label": f"Thema {j}"} for j in range(12)],
        "cells": [
            {
                "model": f"m{i}",
                "theme": f"t{j}",
                "stance": "Ik",
                "belief": "b",
                "teacher": "l",
                "school": "s",
            }
            for i in range(6)
            for j in range(12)
        ],
        "risks": [
            {"model": f"m{i}", "headline": "h", "items": [{"level": "regio", "text": "r"}] * 5}
            for i in range(6)
        ],
    }
    import_framework(spec=check_framework(big))
    # version, models, their risks, themes, cells: the same five for 24 or 72 cells.
    assert _queries(client, "visie-passend-onderwijs") == _queries(client, "groot") == 5


def test_placemat_without_framework_is_404(client):
    assert client.get("/kader/").status_code == 404


def test_unknown_view_falls_back_to_the_grid(client, framework):
    html = client.get("/kader/?weergave=<script>").content.decode()
    assert 'class="placemat"' in html
    assert "<script>" not in html
