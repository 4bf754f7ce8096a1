"""The risk plan (measures against the framework's risks), the vision text (Markdown, DOCX,
the page) and the follow-up in the next round."""

import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import add_responses
from visiespiegel.dialogue import selectors, services, vision
from visiespiegel.dialogue.models import Measure, VisionText
from visiespiegel.frameworks.models import Cell, RiskItem
from visiespiegel.insights.services import publish
from visiespiegel.organisations.services import create_token
from visiespiegel.rounds.lifecycle import close_round, create_round, delete_round
from visiespiegel.rounds.models import Round

pytestmark = pytest.mark.django_db


def first_risk(round_, model="specialisme", level="leraar") -> RiskItem:
    return RiskItem.objects.filter(
        model__framework=round_.framework, model__key=model, level=level
    ).order_by("position")[0]


def test_measures_through_the_api(api, round_, rita, bob):
    risk = first_risk(round_)
    body = {
        "unit": None,
        "risk": {"model": "specialisme", "level": "leraar", "text": risk.text},
        "what": "Casusoverleg elke zes weken",
        "who": "IB-netwerk",
        "due": "2027-03-01",
        "status": "open",
    }
    made = api("post", f"/rounds/{round_.pk}/measures", body)
    assert made.status_code == 201, made.content
    measure_id = made.json()["id"]
    listed = api("get", f"/rounds/{round_.pk}/measures").json()
    assert listed[0]["id"] == measure_id and listed[0]["risk"]["text"] == risk.text
    assert listed[0]["status"] == "open" and listed[0]["done_at"] is None
    done = api("patch", f"/measures/{measure_id}", {"status": "gedaan", "evidence": "Verslag"})
    assert done.status_code == 200 and done.json()["done_at"] is not None
    assert done.json()["what"] == "Casusoverleg elke zes weken"  # untouched fields stay
    # Errors: unknown risk text, level, model, status; reader; outsider; no token.
    for wrong in (
        {"risk": {**body["risk"], "text": "Iets anders"}},
        {"risk": {**body["risk"], "level": "klas"}},
        {"risk": {**body["risk"], "model": "utopie"}},
        {"status": "klaar"},
    ):
        assert api("post", f"/rounds/{round_.pk}/measures", {**body, **wrong}).status_code == 422
    assert api("patch", f"/measures/{measure_id}", {"status": "later"}).status_code == 422
    # null for a field that cannot be empty leaves it as it is; for the due date it clears it.
    kept = api("patch", f"/measures/{measure_id}", {"what": None, "who": None, "due": None})
    assert kept.status_code == 200
    assert kept.json()["what"] == "Casusoverleg elke zes weken" and kept.json()["due"] is None
    reader = create_token(user=rita)
    assert api("post", f"/rounds/{round_.pk}/measures", body, token=reader).status_code == 403
    assert api("patch", f"/measures/{measure_id}", {"who": "x"}, token=reader).status_code == 403
    assert api("get", f"/rounds/{round_.pk}/measures", token=reader).status_code == 200
    outsider = create_token(user=bob)
    assert api("get", f"/rounds/{round_.pk}/measures", token=outsider).status_code == 404
    assert api("patch", f"/measures/{measure_id}", {"who": "x"}, token=outsider).status_code == 404
    assert api("get", f"/rounds/{round_.pk}/measures", token=None).status_code == 401
    assert Measure.objects.count() == 1


def test_the_plan_covers_the_ambition_and_the_most_chosen_now(round_):
    add_responses(round_, 5, now="specialisme", wanted="gemeenschap")
    publish(round_=round_)
    services.set_choices(
        round_=round_, unit=None, choices=[services.ChoiceIn("swv", "sterke-basis")]
    )
    keys = [m.key for m in selectors.plan_models(round_, None)]
    assert keys == ["specialisme", "sterke-basis"]


def test_plan_page_add_and_edit(client, round_, alice):
    services.set_choices(round_=round_, unit=None, choices=[services.ChoiceIn("swv", "maatwerk")])
    client.force_login(alice)
    risk = first_risk(round_, "maatwerk", "school")
    page = client.get(f"/peilingen/{round_.pk}/risicoplan/")
    assert risk.text in page.content.decode()
    client.post(
        f"/peilingen/{round_.pk}/risicoplan/nieuw/",
        {"risk": risk.pk, "what": "Profielen herschrijven", "status": "bezig"},
    )
    measure = Measure.objects.get()
    assert measure.status == "bezig" and measure.done_at is None
    client.post(
        f"/maatregelen/{measure.pk}/",
        {"what": "Profielen herschrijven", "status": "gedaan", "evidence": "Klaar"},
    )
    measure.refresh_from_db()
    assert measure.status == "gedaan" and measure.done_at is not None
    filtered = client.get(f"/peilingen/{round_.pk}/risicoplan/", {"status": "open"})
    assert "Profielen herschrijven" not in filtered.content.decode()
    assert "1 van 1 maatregelen gedaan" in filtered.content.decode()


def test_vision_text_holds_exactly_the_chosen_cells(api, client, round_, alice):
    add_responses(round_, 6)
    publish(round_=round_)
    chosen = {"ondersteuning": "sterke-basis", "swv": "maatwerk"}
    services.set_choices(
        round_=round_,
        unit=None,
        choices=[services.ChoiceIn(t, m, f"Omdat {t}") for t, m in chosen.items()],
        decided_by="Directieoverleg",
    )
    VisionText.objects.create(round=round_, introduction="Onze inleiding.", closing="Ons slot.")
    services.add_measure(
        round_=round_,
        unit=None,
        risk=("maatwerk", "regio", first_risk(round_, "maatwerk", "regio").text),
        data=services.MeasureIn(what="Afspraken met gemeenten"),
    )
    text = vision.markdown(vision.compose(round_, None))
    for theme, model in chosen.items():
        for cell in Cell.objects.filter(theme__framework=round_.framework, theme__key=theme):
            parts = [cell.stance, cell.belief, cell.teacher, cell.school]
            if cell.model.key == model:
                assert all(part in text for part in parts), (theme, model)
            else:
                assert not any(part in text for part in parts), (theme, cell.model.key)
    assert "Onze inleiding." in text and "Ons slot." in text and "Omdat swv" in text
    assert "Afspraken met gemeenten" in text and "## Risicoplan" in text
    assert "Directieoverleg" in text and "gemiddeld op" in text

    docx = api("get", f"/rounds/{round_.pk}/vision", format="docx")
    assert docx.status_code == 200
    import docx as python_docx

    document = python_docx.Document(io.BytesIO(docx.content))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings[0][0] == "Heading 1"
    labels = dict(round_.framework.themes.values_list("key", "label"))
    assert ("Heading 2", f"1. {labels['ondersteuning']}") in headings
    assert ("Heading 2", "Risicoplan") in headings
    body = "\n".join(p.text for p in document.paragraphs)
    stance = Cell.objects.get(
        theme__key="swv", model__key="maatwerk", theme__framework=round_.framework
    )
    assert stance.stance in body and stance.school in body
    md = api("get", f"/rounds/{round_.pk}/vision", format="md")
    assert md["Content-Type"].startswith("text/markdown") and md.content.decode() == text
    assert api("get", f"/rounds/{round_.pk}/vision", format="pdf").status_code == 422
    client.force_login(alice)
    page = client.get(f"/peilingen/{round_.pk}/visie/")
    assert stance.belief in page.content.decode()
    client.post(f"/peilingen/{round_.pk}/visie/", {"introduction": "Nieuw begin", "closing": ""})
    download = f"/peilingen/{round_.pk}/visie/download/"
    as_md = client.get(download, {"formaat": "md"})
    assert "Nieuw begin" in as_md.content.decode()
    assert "visie-studiedag.md" in as_md["Content-Disposition"]
    assert client.get(download, {"formaat": "docx"}).content.startswith(b"PK")
    assert client.get(download, {"formaat": "pdf"}).status_code == 404
    assert VisionText.objects.get(round=round_).introduction == "Nieuw begin"


def test_follow_up_in_the_next_round(org, framework):
    before = create_round(organisation=org, title="Najaar", framework=framework)
    add_responses(before, 6, now="specialisme", wanted="sterke-basis")
    close_round(round_=before)
    Round.objects.filter(pk=before.pk).update(created_at=timezone.now() - timedelta(days=200))
    services.set_choices(
        round_=before, unit=None, choices=[services.ChoiceIn("ondersteuning", "sterke-basis")]
    )
    risk = first_risk(before)
    for what, status in (("Gedaan ding", "gedaan"), ("Open ding", "open")):
        services.add_measure(
            round_=before,
            unit=None,
            risk=("specialisme", "leraar", risk.text),
            data=services.MeasureIn(what=what, status=status),
        )
    after = create_round(organisation=org, title="Voorjaar", framework=framework)
    add_responses(after, 6, now="maatwerk", wanted="sterke-basis")
    close_round(round_=after)
    found = selectors.follow_up(after, None)
    assert found.previous == before
    assert [m.what for m in found.done] == ["Gedaan ding"]
    assert [m.what for m in found.open] == ["Open ding"]
    [theme] = found.themes
    assert (theme.then, theme.now, theme.closer) == (1.0, 2.0, True)


def test_report_and_archive_carry_the_ambition_and_plan(client, round_, alice, other_org):
    """The PDF report has the ambition and risk plan; the archive keeps every decision and
    measure, and a restore brings them back."""
    import pypdf

    from visiespiegel.insights import report
    from visiespiegel.rounds import archive

    add_responses(round_, 6)
    close_round(round_=round_)
    services.set_choices(
        round_=round_, unit=None, choices=[services.ChoiceIn("swv", "maatwerk", "Eerst")]
    )
    services.set_choices(
        round_=round_, unit=None, choices=[services.ChoiceIn("swv", "sterke-basis", "Later")]
    )
    risk = first_risk(round_, "sterke-basis", "school")
    services.add_measure(
        round_=round_,
        unit=round_.organisation.units.get(name="Het Kompas"),
        risk=("sterke-basis", "school", risk.text),
        data=services.MeasureIn(what="Profielen herschrijven", status="gedaan"),
    )
    services.add_measure(
        round_=round_,
        unit=None,
        risk=("sterke-basis", "school", risk.text),
        data=services.MeasureIn(what="Samen leren", status="bezig"),
    )
    pages = pypdf.PdfReader(io.BytesIO(report.pdf(round_))).pages
    text = " ".join(p.extract_text() for p in pages)
    assert "Ambitie en risicoplan" in text and "Samen leren" in text and "Later" in text

    saved = archive.archive(round_)
    parts = saved["parts"]
    assert [c["model"] for c in parts["ambition"]] == ["maatwerk", "sterke-basis"]
    assert {m["what"] for m in parts["measures"]} == {"Profielen herschrijven", "Samen leren"}
    kompas = round_.organisation.units.get(name="Het Kompas").pk
    assert any(u["id"] == kompas for u in saved["units"])
    delete_round(round_=round_)  # moved away: its archive may come back once
    # A wrong row stops the whole restore, located.
    wrong = json.loads(json.dumps(saved))
    wrong["parts"]["measures"][0]["risk"]["text"] = "Bestaat niet"
    wrong["parts"]["ambition"][1]["theme"] = "kleur"
    wrong["parts"]["ambition"][0]["decided_at"] = "2024-02-30"  # well formed, impossible
    with pytest.raises(archive.ArchiveInvalid) as refused:
        archive.restore(other_org, archive.seal(wrong))
    assert [loc for loc, _msg in refused.value.errors] == [("parts", "ambition", 0, "decided_at")]
    del wrong["parts"]["ambition"][0]
    with pytest.raises(archive.ArchiveInvalid) as refused:
        archive.restore(other_org, archive.seal(wrong))
    assert [loc for loc, _msg in refused.value.errors] == [
        ("parts", "ambition", 0, "theme"),
        ("parts", "measures", 0, "risk"),
    ]
    assert Round.objects.filter(organisation=other_org).count() == 0
    restored = archive.restore(other_org, archive.seal(saved))
    assert [c.model.key for c in selectors.history(restored, None)] == ["sterke-basis", "maatwerk"]
    moved = Measure.objects.get(round=restored, what="Profielen herschrijven")
    assert moved.unit.name == "Het Kompas" and moved.unit.organisation == other_org
    assert moved.status == "gedaan" and moved.done_at is not None
