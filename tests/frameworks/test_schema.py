"""A broken framework file gives located, readable problems, never a traceback."""

import copy

import pytest
import yaml

from visiespiegel.frameworks.loader import load_framework_file, parse_framework
from visiespiegel.frameworks.schema import FrameworkError, location


@pytest.fixture
def data(shipped_spec):
    return shipped_spec.model_dump(mode="json", exclude_none=True)


def problems(data) -> list[str]:
    with pytest.raises(FrameworkError) as caught:
        parse_framework(yaml.safe_dump(data, allow_unicode=True))
    return caught.value.problems


def test_the_shipped_file_is_valid(shipped_spec):
    assert (len(shipped_spec.models), len(shipped_spec.themes)) == (4, 6)
    assert (len(shipped_spec.cells), len(shipped_spec.risks)) == (24, 4)


def test_location_formatting():
    assert location(("themes", 3, "key")) == "themes[3].key"
    assert location(()) == "(file)"


def test_duplicate_theme_key_and_what_follows_from_it(data):
    data["themes"][3]["key"] = "kinderen-ouders"
    assert problems(data) == [
        "themes[3].key: duplicate 'kinderen-ouders'",
        "cells[3].theme: unknown theme 'samenspel'",
        "cells[9].theme: unknown theme 'samenspel'",
        "cells[15].theme: unknown theme 'samenspel'",
        "cells[21].theme: unknown theme 'samenspel'",
    ]


def test_structural_problems_are_each_located(data):
    data["themes"][1]["key"] = "Kinderen en ouders"
    data["models"][0]["label"] = ""
    del data["cells"][5]["belief"]
    data["cells"][7]["teacher"] = 42
    data["risks"][2]["items"][0]["level"] = "klas"
    data["risks"][3]["items"] = []
    data["titel"] = "typo"
    assert problems(data) == [
        "models[0].label: String should have at least 1 character",
        "themes[1].key: must be a slug: lower-case letters, digits and single hyphens",
        "cells[5].belief: Field required",
        "cells[7].teacher: Input should be a valid string",
        "risks[2].items[0].level: must be one of leerling, leraar, school, regio",
        "risks[3].items: List should have at least 1 item after validation, not 0",
        "titel: unknown field",
    ]


def test_references_and_completeness(data):
    data["cells"][0]["model"] = "specialist"
    data["cells"][2]["theme"] = "kinderen-ouders"
    del data["risks"][1]
    data["risks"][0]["items"].reverse()
    data["models"][2]["position"] = 7
    assert problems(data) == [
        "models[2].position: is 7, but the list order makes it 3",
        "cells[0].model: unknown model 'specialist'",
        "cells[2]: duplicate cell for model 'specialisme' and theme 'kinderen-ouders'",
        "cells: missing cell for model 'specialisme' and theme 'ondersteuning'",
        "cells: missing cell for model 'specialisme' and theme 'professionals'",
        "risks[0].items: levels must be grouped in the order leerling, leraar, school, regio",
        "risks: missing risk block for model 'maatwerk'",
    ]


def test_a_missing_cell_is_named(data):
    data["cells"] = [
        c for c in data["cells"] if c["theme"] != "kwaliteit" or c["model"] != "maatwerk"
    ]
    assert problems(data) == ["cells: missing cell for model 'maatwerk' and theme 'kwaliteit'"]


def test_yaml_syntax_error_gives_line_and_column():
    with pytest.raises(FrameworkError) as caught:
        parse_framework("key: x\ntitle: [unclosed\nmodels: []\n")
    (problem,) = caught.value.problems
    assert problem.startswith("line 3, column 7: not valid YAML")


def test_not_a_mapping():
    with pytest.raises(FrameworkError) as caught:
        parse_framework("- just\n- a list\n")
    assert caught.value.problems == [
        "(file): must be a mapping with key, title, models, themes, ..."
    ]


def test_missing_file_and_non_utf8(tmp_path):
    with pytest.raises(FrameworkError) as caught:
        load_framework_file(tmp_path / "nope.yaml")
    assert caught.value.problems == [f"{tmp_path / 'nope.yaml'}: no such file"]
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("title: Coördinatie".encode("latin-1"))
    with pytest.raises(FrameworkError) as caught:
        load_framework_file(latin)
    assert caught.value.problems == [f"{latin}: not UTF-8 text"]


def test_json_is_accepted_too(data):
    import json

    spec = parse_framework(json.dumps(copy.deepcopy(data)))
    assert spec.key == "visie-passend-onderwijs"
