"""`visiespiegel framework validate|import|export`."""

import json
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.frameworks.seed import read_seed

SHIPPED = str(settings.SHIPPED_FRAMEWORKS[0])


def run(*args) -> str:
    out = StringIO()
    call_command("framework", *args, stdout=out)
    return out.getvalue()


def test_validate_a_good_file():
    assert run("validate", SHIPPED) == (
        f"{SHIPPED}: valid framework 'visie-passend-onderwijs' with 4 models, 6 themes, "
        "24 cells, 4 risk blocks\n"
    )


def test_validate_a_broken_file_lists_every_problem(tmp_path):
    data = yaml.safe_load(Path(SHIPPED).read_text(encoding="utf-8"))
    data["themes"][3]["key"] = "kinderen-ouders"
    data["risks"][0]["items"][0]["level"] = "klas"
    broken = tmp_path / "kader.yaml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run("validate", str(broken))
    assert caught.value.returncode == 1
    assert str(caught.value) == (
        f"{broken}: 1 problem\n"
        "  risks[0].items[0].level: must be one of leerling, leraar, school, regio"
    )
    data["risks"][0]["items"][0]["level"] = "leerling"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run("validate", str(broken))
    assert str(caught.value).splitlines()[:3] == [
        f"{broken}: 5 problems",
        "  themes[3].key: duplicate 'kinderen-ouders'",
        "  cells[3].theme: unknown theme 'samenspel'",
    ]


@pytest.mark.django_db
def test_import_then_import_again():
    assert run("import", SHIPPED) == "visie-passend-onderwijs: imported as version 1\n"
    assert run("import", SHIPPED) == (
        "visie-passend-onderwijs: unchanged, already stored as version 1\n"
    )


@pytest.mark.django_db
def test_import_of_a_broken_file_stores_nothing(tmp_path):
    from visiespiegel.frameworks.models import FrameworkVersion

    broken = tmp_path / "kader.yaml"
    broken.write_text("key: x\ntitle: y\n", encoding="utf-8")
    with pytest.raises(CommandError):
        run("import", str(broken))
    assert not FrameworkVersion.objects.exists()


@pytest.mark.django_db
def test_export_has_exactly_the_agreed_shape(framework):
    exported = json.loads(run("export", "--format", "json"))
    assert list(exported) == [
        "key", "version", "title", "models", "themes", "cells", "risks", "audiences",
    ]  # fmt: skip
    assert exported["key"] == "visie-passend-onderwijs"
    assert exported["version"] == 1
    assert exported["title"] == "Visie op passend onderwijs"
    assert exported["models"][0] == {"key": "specialisme", "label": "Specialisme", "position": 1}
    assert [t["position"] for t in exported["themes"]] == [1, 2, 3, 4, 5, 6]
    assert all(
        list(c) == ["model", "theme", "stance", "belief", "teacher", "school", "audiences"]
        for c in exported["cells"]
    )
    assert [a["key"] for a in exported["audiences"]] == ["ouders", "leerlingen", "partners"]
    assert all(list(r) == ["model", "headline", "items", "audiences"] for r in exported["risks"])
    assert all(
        len(wording["items"]) == len(r["items"])
        for r in exported["risks"]
        for wording in r["audiences"].values()
    )
    assert {i["level"] for r in exported["risks"] for i in r["items"]} == {
        "leerling",
        "leraar",
        "school",
        "regio",
    }


@pytest.mark.django_db
def test_export_equals_the_seed_text_part_for_part(framework):
    exported = json.loads(run("export", "--key", "visie-passend-onderwijs", "--format", "json"))
    cells, risks, _ = read_seed()
    # The seed runs column by column, each column in theme order; so does the export.
    assert [
        {k: c[k] for k in ("stance", "belief", "teacher", "school")} for c in exported["cells"]
    ] == cells
    assert [{"headline": r["headline"], "items": r["items"]} for r in exported["risks"]] == risks


@pytest.mark.django_db
def test_export_of_an_unknown_framework_or_version(framework):
    with pytest.raises(CommandError, match="no framework with key 'nope'"):
        run("export", "--key", "nope")
    with pytest.raises(CommandError, match="no version 9 of framework"):
        run("export", "--version", "9")
    assert json.loads(run("export", "--version", "1"))["version"] == 1
