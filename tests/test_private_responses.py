"""Results and answers stay out of every cache: each page, download and API answer for a
signed-in user and every participant page is `Cache-Control: private, no-store`; public pages
are not."""

import pytest

from tests.conftest import add_responses
from visiespiegel.dialogue import services
from visiespiegel.insights import reports
from visiespiegel.insights.models import ReportJob
from visiespiegel.organisations.services import create_token
from visiespiegel.rounds.lifecycle import close_round

pytestmark = pytest.mark.django_db


def private(response) -> bool:
    parts = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= parts


@pytest.fixture
def closed(round_, settings, tmp_path):
    settings.REPORTS_DIR = tmp_path / "reports"
    add_responses(round_, 6, remark="Meer tijd voor overleg")
    close_round(round_=round_)
    return round_


def test_every_page_and_download_with_results_is_private(client, alice, closed):
    session = services.start_session(round_=closed, unit=None)
    client.force_login(alice)
    base = f"/peilingen/{closed.pk}"
    client.post(f"{base}/rapporten/maken/", {"taal": "nl"})
    job = ReportJob.objects.get(round=closed)
    reports.make_reports.call(str(job.pk))
    urls = [
        f"{base}/",
        f"{base}/resultaten/",
        f"{base}/vergelijken/",
        f"{base}/signalen/",
        f"{base}/opmerkingen/",
        f"{base}/rapporten/",
        f"{base}/rapport.pdf",
        f"{base}/export.csv",
        f"{base}/export-puntkomma.csv",
        f"{base}/export.xlsx",
        f"{base}/rapporten/{job.pk}/",
        f"{base}/rapporten/{job.pk}/zip/",
        f"{base}/ambitie/",
        f"{base}/risicoplan/",
        f"{base}/visie/",
        f"{base}/visie/download/?formaat=docx",
        f"{base}/visie/download/?formaat=md",
        f"/sessies/{session.pk}/",
        f"/sessies/{session.pk}/live/",
        "/",  # a public page, seen by someone signed in
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert private(response), (url, response.get("Cache-Control"))


def test_api_answers_with_a_token_are_private(client, alice, closed):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(user=alice)}"}
    for path in (
        f"/rounds/{closed.pk}/results",
        f"/rounds/{closed.pk}/export.csv",
        f"/rounds/{closed.pk}/export.xlsx",
        f"/rounds/{closed.pk}/report.pdf",
        f"/rounds/{closed.pk}/participation",
        f"/rounds/{closed.pk}/ambition",
        f"/rounds/{closed.pk}/vision?format=docx",
    ):
        response = client.get(f"/api/v1{path}", **headers)
        assert response.status_code == 200, path
        assert private(response), (path, response.get("Cache-Control"))


def test_participant_pages_are_private_and_public_pages_are_not(client, round_):
    add_responses(round_, 6)
    session = services.start_session(round_=round_, unit=None)
    for url in (
        "/d/",
        f"/d/{round_.code}/",
        f"/d/{round_.code}/profiel/",
        f"/d/{round_.code}/overzicht/",
        f"/s/{session.code}/",
    ):
        assert private(client.get(url)), url
    for url in ("/", "/kader/", "/privacy/", "/api/v1/frameworks/visie-passend-onderwijs"):
        response = client.get(url)
        assert response.status_code == 200 and not private(response), url
