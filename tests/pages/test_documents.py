"""The compliance pack (docs/privacy) as pages, linked from the privacy and accessibility
statements."""

from pathlib import Path

import pytest

from visiespiegel.pages.views import DOCUMENTS, DOCUMENTS_DIR

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).parents[2] / "docs" / "privacy"


def test_the_package_ships_the_documents_of_docs_privacy():
    assert DOCUMENTS_DIR.resolve() == DOCS.resolve()
    assert sorted(path.stem for path in DOCS.glob("*.md")) == sorted(DOCUMENTS)


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("dpia", "DPIA-opzet: Visiespiegel"),
        ("verwerkersovereenkomst", "Gegevens voor de verwerkersovereenkomst"),
        ("toegankelijkheid", "Gegevens voor de toegankelijkheidsverklaring"),
    ],
)
def test_each_document_is_a_page_linked_from_the_privacy_statement(client, name, title):
    url = f"/privacy/documenten/{name}/"
    assert f'href="{url}"' in client.get("/privacy/").content.decode()
    page = client.get(url).content.decode()
    assert f"<title>{title}" in page
    assert f"<h1>{title}</h1>" in page


def test_tables_scroll_in_named_regions(client):
    page = client.get("/privacy/documenten/dpia/").content.decode()
    assert (
        '<div class="table-scroll" role="region" aria-label="Tabel 1" tabindex="0">'
        '<table class="data-table">'
    ) in page
    assert '<div class="table-scroll" role="region" aria-label="Tabel 2"' in page
    assert "<strong>Verwerkingsverantwoordelijke:</strong>" in page


def test_raw_html_in_a_document_is_shown_as_text(client, tmp_path, monkeypatch):
    from visiespiegel.pages import views

    (tmp_path / "dpia.md").write_text("# Titel\n\n<script>alert(1)</script>\n")
    monkeypatch.setattr(views, "DOCUMENTS_DIR", tmp_path)
    views._document.cache_clear()
    try:
        page = client.get("/privacy/documenten/dpia/").content.decode()
    finally:
        views._document.cache_clear()
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" in page


def test_the_accessibility_statement_links_its_data(client):
    page = client.get("/toegankelijkheid/").content.decode()
    assert 'href="/privacy/documenten/toegankelijkheid/"' in page


def test_other_names_are_not_found(client):
    assert client.get("/privacy/documenten/settings/").status_code == 404
