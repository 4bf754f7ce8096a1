"""Results read at a glance: named axes, agreement in words, small multiples, one clean filter
URL that the tabs carry, a running header for print, compressed pages."""

import gzip
import io
import re

import pytest
from django.core.management import call_command

from tests import factories
from tests.conftest import add_responses, school
from visiespiegel.insights.charts import Axis, mini_chart, profile_chart
from visiespiegel.insights.presentation import agreement
from visiespiegel.insights.services import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(client, alice, round_):
    client.force_login(alice)
    add_responses(round_, 6)
    publish(round_=round_)
    return round_


def test_the_profile_chart_names_models_and_themes():
    chart = profile_chart(
        [Axis(1, "Specialisme"), Axis(2, "Sterke basis")],
        ["Visie op ondersteuning", "Samenspel tussen onderwijs, ondersteuning en zorg"],
        [1, 2],
        [2, 2],
    )
    assert [text for column in chart["columns"] for _y, text in column["lines"]] == [
        "Specialisme",
        "Sterke",
        "basis",
    ]
    first, long = chart["rows"]
    assert " ".join(text for _y, text in first["lines"]) == "1. Visie op ondersteuning"
    # Two models make a narrow chart: names wrap to its width instead of running off it.
    assert all(len(text) * 7.3 <= chart["width"] for _y, text in long["lines"])
    assert len(long["lines"]) > len(first["lines"]) and long["height"] > first["height"]
    assert chart["height"] == long["y"] + long["height"]
    assert chart["now"]["marks"][1][1] == long["cy"]  # the mark sits in its own row
    # Each line of a name sits on a plate drawn over the lines: from above its capitals to
    # below its descenders, as wide as the text can be, and above the mark (radius 7).
    for row in (first, long):
        assert len(row["plates"]) == len(row["lines"])
        for (x, top, width, height), (baseline, text) in zip(
            row["plates"], row["lines"], strict=True
        ):
            assert x < 6 and top <= baseline - 11 and baseline + 3 <= top + height < row["cy"] - 7
            assert min(len(text) * 7.3, chart["width"] - 12) <= width <= chart["width"] - 6


def test_a_small_multiple_uses_the_same_scale():
    chart = mini_chart([1, 2, 3, 4], [1.0, 4.0], [2.5, 2.5])
    (x1, _), (x4, _) = chart["now"]["marks"]
    assert (x1, x4) == (chart["columns"][0]["x"] + 15, chart["columns"][3]["x"] + 15)


@pytest.mark.parametrize(("value", "words"), [(0.2, "laag"), (0.5, "gemiddeld"), (0.7, "hoog")])
def test_agreement_in_words(value, words):
    assert agreement(value) == words


def test_results_page_shows_names_and_agreement(client, published):
    html = client.get(f"/peilingen/{published.pk}/resultaten/").content.decode()
    assert 'class="profile-chart__model" lang="nl">Specialisme' in html
    assert "1. Visie op ondersteuning</text>" in html
    assert 'class="agreement agreement--' in html and "Eensgezind nu" in html
    assert "hx-get" not in html.replace("data-hx-get", "")  # valid HTML: data-hx-* only


def test_comparison_is_small_multiples_above_a_table(client, published):
    html = client.get(f"/peilingen/{published.pk}/vergelijken/").content.decode()
    assert html.count('class="multiple"') >= 2  # every role of the round has a card
    assert html.count('<svg class="mini-chart"') == 1  # only the role big enough has a chart
    assert "Niet getoond: minder dan 5 antwoorden" in html
    assert 'aria-label="' not in html.split('class="multiples"')[1].split("</ul>")[0]


def test_a_filter_url_has_one_clean_form(client, published):
    unit = school(published.organisation).pk
    base = f"/peilingen/{published.pk}/resultaten/"
    grown = f"{base}?eenheid={unit}&rol=&eenheid={unit}&rol=leraar"
    response = client.get(grown)
    assert response.status_code == 302
    assert response["Location"] == f"{base}?eenheid={unit}&rol=leraar"
    assert client.get(f"{base}?eenheid=&rol=")["Location"] == base
    assert client.get(f"{base}?eenheid={unit}").status_code == 200
    compare = f"/peilingen/{published.pk}/vergelijken/"
    assert (
        client.get(f"{compare}?per=rol&eenheid={unit}")["Location"] == f"{compare}?eenheid={unit}"
    )


def test_htmx_filter_change_is_told_the_clean_url(client, published):
    base = f"/peilingen/{published.pk}/resultaten/"
    response = client.get(f"{base}?eenheid=&rol=leraar", HTTP_HX_REQUEST="true")
    assert response["HX-Push-Url"] == f"{base}?rol=leraar"


def test_the_tabs_carry_the_filter(client, published):
    unit = school(published.organisation).pk
    html = client.get(f"/peilingen/{published.pk}/signalen/?eenheid={unit}").content.decode()
    for page in ("resultaten", "vergelijken", "opmerkingen"):
        assert f'href="/peilingen/{published.pk}/{page}/?eenheid={unit}"' in html


def printed_header(client, round_, query="") -> str:
    html = client.get(f"/peilingen/{round_.pk}/resultaten/{query}").content.decode()
    href = html.split('<link id="afdrukkop" rel="stylesheet" media="print" href="')[1].split('"')[0]
    css = client.get(href.replace("&amp;", "&"))
    assert css["Content-Type"].startswith("text/css")
    header = css.content.decode().split("@top-left { content: ")[1].split("; }")[0]
    # CSS escapes (a backslash, hex digits and a space) read back as the text.
    return re.sub(r"\\([0-9a-f]{1,6}) ?", lambda m: chr(int(m[1], 16)), header.strip('"'))


def test_print_header_names_round_group_date_and_n(client, published):
    text = printed_header(client, published, "?rol=leraar")
    assert text.startswith("Studiedag · Samenwerkingsverband A · Alle eenheden · Leraar · ")
    assert text.endswith(" · n = 6")


def test_a_name_cannot_break_out_of_the_print_header(client, published):
    published.title = 'Eind" } @page { x: "y'
    published.save()
    href = f"/peilingen/{published.pk}/afdrukkop.css"
    css = client.get(href).content.decode()
    assert css.count('"') == 12  # the header's two quotes and the page label's ten, no more
    assert printed_header(client, published).startswith('Eind" } @page { x: "y · ')


def test_htmx_change_brings_tabs_and_print_header_along(client, published):
    html = client.get(
        f"/peilingen/{published.pk}/resultaten/?rol=leraar", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'id="uitkomsten-tabs" aria-label="Uitkomsten" data-hx-swap-oob="true"' in html
    assert f'href="/peilingen/{published.pk}/signalen/?rol=leraar"' in html
    assert 'id="afdrukkop"' in html and "afdrukkop.css?rol=leraar" in html
    response = client.get(f"/peilingen/{published.pk}/resultaten/", HTTP_HX_REQUEST="true")
    assert "HX-Request" in response["Vary"]


def test_pages_are_compressed_and_participant_pages_are_light(client, round_):
    intro = client.get(f"/d/{round_.code}/", HTTP_ACCEPT_ENCODING="gzip")
    client.post(f"/d/{round_.code}/begin/")
    factories.choose_role(client, round_, "leraar")
    theme = client.get(f"/d/{round_.code}/thema/1/", HTTP_ACCEPT_ENCODING="gzip")
    for response in (intro, theme):
        assert response.status_code == 200
        assert response["Content-Encoding"] == "gzip"
        assert len(response.content) < 50_000
        assert gzip.decompress(response.content).startswith(b"<!DOCTYPE html>")


def test_demo_says_how_to_log_in_every_time(db):
    first, again = io.StringIO(), io.StringIO()
    call_command("setup", "--demo", stdout=first)
    call_command("demo", stdout=again)
    for out in (first.getvalue(), again.getvalue()):
        assert "inloggen als demo / demo-visiespiegel" in out and "Meedoen: code " in out
    assert "Demo geladen" not in again.getvalue()


def test_demo_tells_a_story(db):
    from visiespiegel.insights import selectors
    from visiespiegel.rounds.models import Remark, Round

    call_command("setup", "--demo", stdout=io.StringIO())
    spring = Round.objects.get(title="Peiling voorjaar 2026")
    assert Remark.objects.filter(response__round=spring).count() > 30
    by_school = {
        unit.name: selectors.results(spring, unit_id=unit.pk).figures["profile"]["now"]
        for unit in spring.organisation.units.filter(kind="school")
    }
    assert by_school["De Regenboog"] - by_school["Sint Jozef"] > 0.8
