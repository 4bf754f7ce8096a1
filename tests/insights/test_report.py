"""The PDF report, read back with pypdf: what a board reads (title, organisation, n, every theme
on a page of its own), nothing of a hidden group, fonts embedded, Dutch and English; the API and
the page that serve it."""

import io
import re

import pypdf
import pytest

from tests.conftest import add_responses, school
from visiespiegel.insights import report, selectors
from visiespiegel.insights.services import publish
from visiespiegel.organisations.services import create_token
from visiespiegel.rounds.lifecycle import close_round

pytestmark = pytest.mark.django_db


def text_of(page) -> str:
    """A page's text as a reader sees it: soft hyphens and the line breaks at them removed,
    whitespace as single spaces."""
    text = page.extract_text().replace("\xad\n", "").replace("\xad", "").replace("-\n", "")
    return re.sub(r"\s+", " ", text)


def read(content: bytes) -> list[str]:
    assert content.startswith(b"%PDF-")
    return [text_of(page) for page in pypdf.PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def closed_round(round_):
    """Twelve people at De Regenboog, two at Het Kompas (too few to show), closed."""
    add_responses(round_, 7, role="leraar")
    add_responses(round_, 5, role="schoolleider")
    add_responses(round_, 2, unit="Het Kompas", role="leraar")
    close_round(round_=round_)
    return round_


def shown_unit(round_):
    """A unit the door shows (which one of the school and its board depends on how the door
    protects the small school next to it)."""
    for unit in round_.organisation.units.order_by("-pk"):
        if selectors.results(round_, unit_id=unit.pk).shown:
            return unit
    raise AssertionError("no unit shown")


def test_the_report_of_a_shown_group(closed_round):
    unit = shown_unit(closed_round)
    published = selectors.results(closed_round, unit_id=unit.pk)
    pages = read(report.pdf(closed_round, unit=unit))
    front = pages[0]
    assert closed_round.title in front and "Samenwerkingsverband A" in front
    assert unit.name in front and f"n = {published.figures['n']}" in front
    assert f"{closed_round.title} · Samenwerkingsverband A" not in front  # no header on it
    assert "Samenvatting per thema" in front and "nog niet vastgesteld" in front
    assert "Bijlage: de uitkomsten in detail" in pages[1] and "Anonimiteit:" in pages[1]
    # Every theme heading, each at the top of a page of its own.
    labels = dict(closed_round.framework.themes.values_list("key", "label"))
    for number, label in enumerate(labels.values(), start=1):
        heading = f"{number}. {label}"
        holding = [p for p in pages if heading in p]
        assert holding, heading
    # The running header and page numbers on every page but the first.
    for number, page in enumerate(pages[1:], start=2):
        assert f"pagina {number} van {len(pages)}" in page
        assert closed_round.title in page


def test_a_hidden_group_gets_one_page_without_figures(closed_round):
    kompas = school(closed_round.organisation, "Het Kompas")
    assert not selectors.results(closed_round, unit_id=kompas.pk).shown
    pages = read(report.pdf(closed_round, unit=kompas))
    assert len(pages) == 1
    assert "Te weinig antwoorden" in pages[0] and "Niet getoond" in pages[0]
    assert "n = " not in pages[0]


def test_no_figure_of_a_hidden_group_anywhere(closed_round):
    """In the whole round's report the comparisons list hidden groups as not shown: their n
    (2 at Het Kompas; the role nobody took) appears nowhere."""
    whole = selectors.results(closed_round)
    assert whole.shown
    text = " ".join(read(report.pdf(closed_round)))
    hidden = [
        published
        for unit_id, role, published in selectors.every_group(closed_round)
        if not published.shown
    ]
    assert hidden
    assert "n = 2" not in text and "n = 1 " not in text
    found = report.context(closed_round)
    for _name, published, mini in found["by_unit"] + found["by_role"]:
        assert (mini is None) == (not published.shown)
    assert "niet getoond" in text


def test_english_and_fonts_embedded(closed_round):
    content = report.pdf(closed_round, language="en")
    pages = read(content)
    assert "All units" in pages[0] and "page 2 of" in pages[1]
    fonts = set()
    for page in pypdf.PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor  # embedded
            fonts.add(str(descriptor["/FontName"]).split("+")[-1])
    assert any(name.startswith("Atkinson-Hyperlegible") for name in fonts)


def test_tagged_with_title_and_language(closed_round):
    reader = pypdf.PdfReader(io.BytesIO(report.pdf(closed_round)))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "nl"
    assert reader.metadata.title.startswith("Rapport: Studiedag")


def test_test_data_is_marked(org, framework):
    from visiespiegel.rounds.lifecycle import create_round

    test_round = create_round(
        organisation=org, title="Oefenen", framework=framework, synthetic=True
    )
    add_responses(test_round, 5)
    publish(round_=test_round)
    assert "Testgegevens" in read(report.pdf(test_round))[0]


def test_the_report_reads_only_the_package_files():
    with pytest.raises(ValueError, match="not a file of the package"):
        report._package_files("file:///etc/passwd")
    with pytest.raises(ValueError, match="not a file of the package"):
        report._package_files("http://example.org/site.css")
    found = report._package_files((report.STATIC / "visiespiegel" / "report.css").as_uri())
    assert found.content_type == "text/css"


class TestApi:
    def get(self, client, round_id, token, **params):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        return client.get(f"/api/v1/rounds/{round_id}/report.pdf", params, **headers)

    def test_a_unit_and_role(self, client, closed_round, alice):
        token = create_token(user=alice)
        unit = school(closed_round.organisation)
        response = self.get(client, closed_round.pk, token, unit=unit.pk, role="leraar")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "rapport-studiedag-de-regenboog-leraar.pdf" in response["Content-Disposition"]
        assert "Leraar" in read(response.content)[0]

    def test_errors(self, client, closed_round, alice, bob, other_org):
        token = create_token(user=alice)
        assert self.get(client, closed_round.pk, None).status_code == 401
        assert self.get(client, closed_round.pk, create_token(user=bob)).status_code == 404
        other_unit = other_org.units.first()
        assert self.get(client, closed_round.pk, token, unit=other_unit.pk).status_code == 404
        assert self.get(client, closed_round.pk, token, role="kok").status_code == 422
        assert self.get(client, closed_round.pk, token, lang="fr").status_code == 422


def test_the_page_and_its_downloads(client, closed_round, rita):
    """A reader (lezer) may download everything the pages show."""
    client.force_login(rita)
    base = f"/peilingen/{closed_round.pk}"
    page = client.get(f"{base}/rapporten/")
    assert page.status_code == 200
    assert b"Download rapport (PDF)" in page.content
    unit = shown_unit(closed_round)
    pdf = client.get(f"{base}/rapport.pdf", {"eenheid": unit.pk, "rol": "", "taal": "en"})
    assert pdf.status_code == 200 and "Anonymity:" in read(pdf.content)[1]
    assert client.get(f"{base}/rapport.pdf", {"eenheid": 999999}).status_code == 404
    xlsx = client.get(f"{base}/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    csv = b"".join(client.get(f"{base}/export-puntkomma.csv").streaming_content)
    assert csv.decode("utf-8").startswith("\ufeffunit_id;unit;role;shown")


def first_risks(round_, model: str) -> list:
    from visiespiegel.frameworks.models import RiskItem

    return list(
        RiskItem.objects.filter(model__framework=round_.framework, model__key=model).order_by(
            "position"
        )
    )


def test_the_first_page_sums_up_every_theme_for_a_board(closed_round):
    """Page 1: per theme where the group stands and wants to go, the ambition with who decided
    it, and the ambition's three most pressing risks, those with a measure first."""
    from datetime import date

    from visiespiegel.dialogue import services

    services.set_choices(
        round_=closed_round,
        unit=None,
        choices=[services.ChoiceIn("ondersteuning", "sterke-basis")],
        decided_by="Algemene vergadering",
        decided_at=date(2026, 12, 4),
    )
    risks = first_risks(closed_round, "sterke-basis")
    planned = risks[4]
    services.add_measure(
        round_=closed_round,
        unit=None,
        risk=("sterke-basis", planned.level, planned.text),
        data=services.MeasureIn(
            what="Scholing voor alle teams", who="Directie", due=date(2027, 5, 14)
        ),
    )
    found = report.context(closed_round)
    rows = found["board"]["rows"]
    whole = selectors.results(closed_round).figures
    assert [row["now"] for row in rows] == [t["now"]["mean"] for t in whole["themes"]]
    assert [row["plan"] is not None for row in rows] == [True, False, False, False, False, False]
    (group,) = found["board"]["risks"]
    assert group["themes"] == [1] and group["model"] == "Sterke basis"
    assert [risk.text for risk in group["risks"]] == [planned.text, risks[0].text, risks[1].text]
    assert [m.what for m in group["risks"][0].measures] == ["Scholing voor alle teams"]

    pages = read(report.pdf(closed_round))
    front = pages[0]
    labels = list(
        closed_round.framework.themes.order_by("position").values_list("label", flat=True)
    )
    for number, label in enumerate(labels, start=1):
        assert f"{number}. {label}" in front
    assert "Sterke basis (Algemene vergadering, 4 december 2026)" in front
    assert "Sterke basis (thema 1)" in front
    assert text_of_plain(planned.text) in front and text_of_plain(risks[1].text) in front
    assert "Maatregel: Scholing voor alle teams · Directie · 14 mei 2027 · open" in front
    assert "Nog geen maatregel." in front


def text_of_plain(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_bookmarks_carry_no_soft_hyphens(closed_round):
    reader = pypdf.PdfReader(io.BytesIO(report.pdf(closed_round)))
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    assert "Samenvatting per thema" in titles
    assert "3. Visie op onderwijsprofessionals" in titles  # hyphenated on the page
    assert not [title for title in titles if "\xad" in title]


def test_no_page_starts_a_table_without_its_header(closed_round):
    """A table longer than a page (the ambition table with long reasons) repeats its header
    on every page it runs onto, and no header stays behind at the foot of a page."""
    from visiespiegel.dialogue import services

    themes = list(closed_round.framework.themes.order_by("position").values_list("key", flat=True))
    services.set_choices(
        round_=closed_round,
        unit=None,
        choices=[
            services.ChoiceIn(key, "maatwerk", f"Reden{number} " + "omdat het zo is " * 110)
            for number, key in enumerate(themes, start=1)
        ],
    )
    pages = read(report.pdf(closed_round))
    holding = [page for page in pages if re.search(r"Reden\d", page)]
    assert len(holding) >= 2  # the table runs over pages
    for page in holding:
        assert "Thema Ambitie Waarom Besloten" in page
        # The header comes before the first row on the page.
        assert page.index("Thema Ambitie Waarom Besloten") < re.search(r"Reden\d", page).start()
