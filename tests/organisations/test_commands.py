import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from visiespiegel.organisations.models import ApiToken, Organisation, Unit

pytestmark = pytest.mark.django_db


def run(*args, **env) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_scripted_set_up(tmp_path, framework, monkeypatch):
    org = json.loads(run("organisation", "create", "swv-z", "--name", "SWV Zuid"))
    assert org == {"id": Organisation.objects.get().pk, "slug": "swv-z"}
    board = json.loads(run("unit", "add", "swv-z", "Bestuur", "--type", "bestuur"))
    school = json.loads(
        run("unit", "add", "swv-z", "School", "--parent", str(board["id"]), "--brin", "12ab00")
    )
    assert Unit.objects.get(pk=school["id"]).brin == "12AB00"
    csv = tmp_path / "units.csv"
    csv.write_text("name,type,parent,brin\nTwee,school,Bestuur,\n", encoding="utf-8")
    assert json.loads(run("unit", "import", "swv-z", str(csv)))["created"] == 1
    created = json.loads(
        run("round", "create", "swv-z", "--title", "Peiling", "--threshold", "4", "--json")
    )
    assert created["synthetic"] is False and len(created["code"]) == 8
    assert set(created) == {"id", "code", "synthetic"}
    monkeypatch.setenv("VISIESPIEGEL_PASSWORD", "een lang en sterk wachtwoord")
    user = json.loads(
        run(
            "user",
            "create",
            "carla",
            "--organisation",
            "swv-z",
            "--role",
            "beheerder",
            "--email",
            "carla@example.org",
        )
    )
    assert user["username"] == "carla"
    token = run("token", "create", "carla").splitlines()[-1]
    assert token.startswith("vs_")
    assert ApiToken.objects.get().digest == ApiToken.hash(token)
    assert run("round", "close", str(created["id"])) == (
        f"round {created['id']} closed; final results published\n"
    )
    run("token", "revoke", token[3:11])
    assert ApiToken.objects.get().revoked_at is not None


def test_errors_are_readable(tmp_path, framework, monkeypatch):
    run("organisation", "create", "swv-z", "--name", "SWV Zuid")
    with pytest.raises(CommandError, match="slug"):
        run("organisation", "create", "swv-z", "--name", "Nog een")
    with pytest.raises(CommandError, match="no organisation with slug 'nope'"):
        run("unit", "add", "nope", "X")
    with pytest.raises(CommandError, match="threshold"):
        run("round", "create", "swv-z", "--title", "T", "--threshold", "2")
    bad = tmp_path / "bad.csv"
    bad.write_text("name,type,parent,brin\nX,school,Onbekend,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="regel 2: bovenliggende eenheid"):
        run("unit", "import", "swv-z", str(bad))
    monkeypatch.setenv("VISIESPIEGEL_PASSWORD", "kort")
    with pytest.raises(CommandError, match="too short"):
        run("user", "create", "x", "--organisation", "swv-z")
