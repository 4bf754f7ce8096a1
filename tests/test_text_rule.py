"""One text rule for every field (issue #18): a NUL or a lone surrogate is refused where text
comes in, at its place (a form error, a located 422); every other control character is kept
as typed and left out only where a document cannot hold it (DOCX, XLSX, the PDF)."""

import io
import json
import re
import zipfile

import docx as python_docx
import openpyxl
import pypdf
import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import add_responses
from tests.test_api_errors import body as join_body
from visiespiegel.dialogue import services
from visiespiegel.dialogue.forms import AmbitionForm, MeasureForm, VisionTextForm
from visiespiegel.dialogue.models import Choice, Measure, VisionText
from visiespiegel.forms import TextField
from visiespiegel.frameworks import cache as framework_cache
from visiespiegel.frameworks.models import RiskItem
from visiespiegel.insights import reports
from visiespiegel.insights.models import ReportJob
from visiespiegel.organisations.forms import TokenForm
from visiespiegel.organisations.forms import UnitForm as OrganisationUnitForm
from visiespiegel.organisations.services import create_token
from visiespiegel.rounds.coordinator_forms import RoundForm
from visiespiegel.rounds.forms import JoinForm, ThemeForm
from visiespiegel.rounds.lifecycle import close_round
from visiespiegel.text import xml_safe

pytestmark = pytest.mark.django_db

NUL = "a\x00b"
SURROGATE = "a\ud800b"
CONTROLS = "a\x01\x0bb\x1fc"  # kept as typed: only NUL and lone surrogates are refused
REFUSED = {
    NUL: "Deze tekst bevat een nul-teken (NUL); dat kan niet worden opgeslagen.",
    SURROGATE: "Deze tekst bevat een ongeldig teken (een losse surrogaat); dat kan niet worden "
    "opgeslagen.",
}
API_REFUSED = {
    NUL: "bevat een nul-teken (NUL); dat kan niet worden opgeslagen",
    SURROGATE: "bevat een ongeldig teken (een losse surrogaat); dat kan niet worden opgeslagen",
}


def test_xml_safe_keeps_line_breaks_and_leaves_out_what_xml_forbids():
    assert xml_safe("a\x01b\x0bc\x0cd\x1fe\tf\ng\rh\ufffei") == "ab\nc\nde\tf\ng\rhi"
    assert xml_safe("Gewoon, met é en ‘quotes’") == "Gewoon, met é en ‘quotes’"


# ---------------------------------------------------------------------------------------------
# Forms


def _forms(round_):
    """Every form with text fields: (make(data), valid data without the text, its text fields)."""
    content = framework_cache.content(round_.framework)
    first_model = content.models[0].key
    return {
        "ambition": (
            lambda data: AmbitionForm(
                data, themes=content.themes, models=content.models, current={}
            ),
            {"decided_at-swv": "2027-03-01"},
            ["decided_by-swv", "rationale-swv"],
        ),
        "vision": (VisionTextForm, {}, ["introduction", "closing"]),
        "measure": (MeasureForm, {"what": "Iets", "status": "open"}, ["what", "who", "evidence"]),
        "join": (JoinForm, {"code": "ABCD"}, ["code"]),
        "theme": (
            lambda data: ThemeForm(data, model_keys=[m.key for m in content.models]),
            {"now": first_model, "wanted": first_model},
            ["remark"],
        ),
        "round": (
            lambda data: RoundForm(data, organisation=round_.organisation),
            {
                "title": "Peiling",
                "framework": round_.framework_id,
                "threshold": 5,
                "roles": ["leraar"],
            },
            ["title", "welcome_text"],
        ),
        "unit": (
            lambda data: OrganisationUnitForm(data, units=[]),
            {"name": "School", "kind": "school"},
            ["name", "kind", "brin"],
        ),
        "token": (TokenForm, {"name": "Power BI"}, ["name"]),
    }


def test_every_text_field_of_every_form_refuses_nul_and_lone_surrogates(round_):
    for name, (make, valid, fields) in _forms(round_).items():
        assert make(valid).is_valid(), name
        for field in fields:
            for bad, message in REFUSED.items():
                form = make({**valid, field: bad})
                assert not form.is_valid()
                assert form.errors[field] == [message], (name, field)
            kept = make({**valid, field: CONTROLS})
            assert kept.is_valid(), (name, field, kept.errors)
            assert kept.cleaned_data[field] == CONTROLS


def _our_forms(base=forms.BaseForm):
    for form in base.__subclasses__():
        if form.__module__.startswith("visiespiegel."):
            yield form
        yield from _our_forms(form)


def test_no_form_has_a_plain_char_field():
    """ruff's banned-api keeps forms.CharField out of our code; a ModelForm's own fields are
    named in field_classes. Django's account forms (log-in, password reset, new account) read
    only form data Django decoded itself (lone surrogates become U+FFFD) and refuse NUL."""
    account_forms = ("ThrottledAuthenticationForm", "ThrottledAdminAuthenticationForm")
    account_forms += ("AccountResetForm", "NewAccountForm", "LoginForm", "AdminLoginForm")
    found = [f for f in _our_forms() if f.__name__ not in account_forms]
    assert {"VisionTextForm", "MeasureForm", "RoundForm", "TokenForm"} <= {
        f.__name__ for f in found
    }
    for form in found:
        for name, field in form.base_fields.items():
            text = isinstance(field, forms.CharField)  # noqa: TID251 (what is looked for)
            if text and not isinstance(field, forms.EmailField):
                assert isinstance(field, TextField), (form.__name__, name)


def risk_of(round_, model="specialisme", level="leraar") -> RiskItem:
    return RiskItem.objects.filter(
        model__framework=round_.framework, model__key=model, level=level
    ).order_by("position")[0]


def test_pages_answer_a_nul_with_the_form_and_store_nothing(client, alice, org, round_):
    client.force_login(alice)
    base = f"/peilingen/{round_.pk}"
    ambition = client.post(
        f"{base}/ambitie/",
        {"decided_at": "2027-03-01", "model-swv": "maatwerk", "rationale-swv": NUL},
    )
    assert ambition.status_code == 200 and REFUSED[NUL] in ambition.content.decode()
    vision = client.post(f"{base}/visie/", {"introduction": NUL, "closing": ""})
    assert vision.status_code == 200 and REFUSED[NUL] in vision.content.decode()
    client.post(
        f"{base}/risicoplan/nieuw/",
        {"risk": risk_of(round_).pk, "what": "Iets", "evidence": NUL, "status": "open"},
    )
    created = client.post(f"/org/{org.slug}/peilingen/nieuw/", {"title": NUL})
    assert created.status_code == 200 and REFUSED[NUL] in created.content.decode()
    unit = client.post(f"/org/{org.slug}/eenheden/", {"name": NUL, "kind": "school"})
    assert unit.status_code == 200 and REFUSED[NUL] in unit.content.decode()
    token = client.post("/api-sleutels/", {"name": NUL})
    assert token.status_code == 200 and REFUSED[NUL] in token.content.decode()
    upload = SimpleUploadedFile(
        "scholen.csv", b"naam,soort,bovenliggend,brin\nDe L\x00inde,school,,\n"
    )
    imported = client.post(f"/org/{org.slug}/eenheden/import/", {"file": upload})
    assert imported.status_code == 422 and "nul-teken" in imported.content.decode()
    assert not Choice.objects.exists() and not VisionText.objects.exists()
    assert not Measure.objects.exists() and org.rounds.count() == 1
    assert not org.units.filter(name__startswith="De L").exists()
    assert not alice.api_tokens.exists()
    client.logout()
    login = client.post("/inloggen/", {"username": "alice\x00", "password": "x"})
    assert login.status_code == 200 and "_auth_user_id" not in client.session


def test_the_presenter_refuses_a_nul_in_the_decision(client, alice, round_):
    session = services.start_session(round_=round_, unit=None)
    client.force_login(alice)
    client.post(f"/sessies/{session.pk}/regie/naar/", {"step": 8})  # the first theme's vote
    decide = f"/sessies/{session.pk}/regie/besluit/"
    refused = client.post(decide, {"model": "maatwerk", "rationale": NUL}, follow=True)
    assert REFUSED[NUL] in refused.content.decode()
    client.post(decide, {"model": "maatwerk", "decided_by": NUL})
    assert not Choice.objects.exists()
    client.post(decide, {"model": "maatwerk", "rationale": CONTROLS})
    assert Choice.objects.get().rationale == CONTROLS


def test_services_locate_the_text_they_refuse(round_):
    with pytest.raises(services.Invalid) as refused:
        services.set_choices(
            round_=round_,
            unit=None,
            choices=[services.ChoiceIn("swv", "maatwerk", SURROGATE)],
            decided_by=NUL,
        )
    assert refused.value.errors == [
        (("choices", 0, "rationale"), REFUSED[SURROGATE]),
        (("decided_by",), REFUSED[NUL]),
    ]
    risk = risk_of(round_)
    with pytest.raises(services.Invalid) as refused:
        services.add_measure(
            round_=round_,
            unit=None,
            risk=("specialisme", "leraar", risk.text),
            data=services.MeasureIn(what="Iets", who=NUL, evidence=SURROGATE),
        )
    assert refused.value.errors == [(("who",), REFUSED[NUL]), (("evidence",), REFUSED[SURROGATE])]
    assert not Measure.objects.exists()


# ---------------------------------------------------------------------------------------------
# The API


@pytest.fixture
def call(client, alice):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(user=alice)}"}

    def send(method, path, body):
        if body is None:
            return getattr(client, method)(f"/api/v1{path}", **headers)
        # ensure_ascii writes a lone surrogate as the escape "\ud800", as a client would
        payload = json.dumps(body, ensure_ascii=True)
        return getattr(client, method)(
            f"/api/v1{path}", payload, content_type="application/json", **headers
        )

    return send


def refusal(at: tuple, message: str) -> dict:
    """The 422's entry for a refused text at `at` in the body."""
    return {
        "type": "value_error",
        "loc": ["body", "payload", *at],
        "msg": f"Value error, {message}",
        "ctx": {"error": message},
    }


def _with(body: dict, path: tuple, value) -> dict:
    copy = json.loads(json.dumps(body))
    place = copy
    for key in path[:-1]:
        place = place[key]
    place[path[-1]] = value
    return copy


def _api_cases(round_):
    risk = risk_of(round_)
    measure = services.add_measure(
        round_=round_,
        unit=None,
        risk=("specialisme", "leraar", risk.text),
        data=services.MeasureIn(what="Casusoverleg"),
    )
    ambition = {"choices": [{"theme": "swv", "model": "maatwerk", "rationale": "Omdat"}]}
    new_measure = {
        "risk": {"model": "specialisme", "level": "leraar", "text": risk.text},
        "what": "Iets",
    }
    return [
        ("put", f"/rounds/{round_.pk}/ambition", ambition, ("choices", 0, "theme")),
        ("put", f"/rounds/{round_.pk}/ambition", ambition, ("choices", 0, "model")),
        ("put", f"/rounds/{round_.pk}/ambition", ambition, ("choices", 0, "rationale")),
        ("put", f"/rounds/{round_.pk}/ambition", ambition, ("decided_by",)),
        *(
            ("post", f"/rounds/{round_.pk}/measures", new_measure, path)
            for path in (
                ("risk", "model"),
                ("risk", "level"),
                ("risk", "text"),
                ("what",),
                ("who",),
                ("status",),
                ("evidence",),
            )
        ),
        *(
            ("patch", f"/measures/{measure.pk}", {}, (name,))
            for name in ("what", "who", "status", "evidence")
        ),
    ]


def test_every_text_of_the_dialogue_api_refuses_nul_and_lone_surrogates(call, round_):
    for method, path, body, at in _api_cases(round_):
        for bad, message in API_REFUSED.items():
            response = call(method, path, _with(body, at, bad))
            assert response.status_code == 422, (path, at, response.content)
            assert refusal(at, message) in response.json()["detail"]
    assert not Choice.objects.exists() and Measure.objects.count() == 1


def test_the_dialogue_api_keeps_other_control_characters(call, round_):
    risk = risk_of(round_)
    put = call(
        "put",
        f"/rounds/{round_.pk}/ambition",
        {"choices": [{"theme": "swv", "model": "maatwerk", "rationale": CONTROLS}]},
    )
    assert put.json()["choices"][0]["rationale"] == CONTROLS
    made = call(
        "post",
        f"/rounds/{round_.pk}/measures",
        {
            "risk": {"model": "specialisme", "level": "leraar", "text": risk.text},
            "what": CONTROLS,
            "who": CONTROLS,
        },
    )
    assert made.status_code == 201
    patched = call("patch", f"/measures/{made.json()['id']}", {"evidence": CONTROLS})
    assert (patched.json()["what"], patched.json()["evidence"]) == (CONTROLS, CONTROLS)


def test_every_text_of_the_join_api_refuses_nul_and_lone_surrogates(client, round_):
    url = f"/api/v1/join/{round_.code}/responses"
    texts = [("answers", 0, name) for name in ("theme", "now", "wanted", "remark")]
    for at in [*texts, ("role",), ("invitation",)]:
        for bad, message in API_REFUSED.items():
            payload = json.dumps(_with(join_body(round_), at, bad), ensure_ascii=True)
            response = client.post(url, payload, content_type="application/json")
            assert response.status_code == 422
            assert refusal(at, message) in response.json()["detail"]
    assert not round_.responses.exists()


@pytest.mark.parametrize("value", ["0.0", "[]", '"x"', "null", "3"])
def test_a_patch_body_that_is_no_object_is_422(call, client, alice, round_, value):
    measure = services.add_measure(
        round_=round_,
        unit=None,
        risk=("specialisme", "leraar", risk_of(round_).text),
        data=services.MeasureIn(what="Casusoverleg"),
    )
    response = client.patch(
        f"/api/v1/measures/{measure.pk}",
        value,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {create_token(user=alice)}",
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "type": "value_error",
                "loc": ["body", "payload"],
                "msg": "Value error, de inhoud moet een JSON-object zijn",
                "ctx": {"error": "de inhoud moet een JSON-object zijn"},
            }
        ]
    }
    assert call("patch", f"/measures/{measure.pk}", {}).status_code == 200  # an empty object


def test_an_unexpected_error_is_a_json_500_with_an_id_in_the_log(call, round_, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr("visiespiegel.dialogue.selectors.current_choices", broken)
    response = call("get", f"/rounds/{round_.pk}/ambition", None)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json; charset=utf-8"
    found = response.json()
    assert found["detail"] == "Er ging iets mis op de server; noem dit nummer als je het meldt."
    assert re.fullmatch(r"[0-9a-f]{32}", found["request_id"])
    logged = [r for r in caplog.records if r.name == "visiespiegel.api"]
    assert [r.getMessage() for r in logged] == [f"API request {found['request_id']} failed"]
    assert logged[0].exc_info[0] is RuntimeError


# ---------------------------------------------------------------------------------------------
# Documents with control characters still open


@pytest.fixture
def typed_in(round_):
    """A closed round whose texts carry control characters (as pasted from Word)."""
    round_.title = "Studie\x01dag"
    round_.save()
    add_responses(round_, 6, remark="Zie\x01 de\x0bbijlage")
    close_round(round_=round_)
    services.set_choices(
        round_=round_,
        unit=None,
        choices=[services.ChoiceIn("swv", "maatwerk", "Omdat\x01 het\x0bkan")],
        decided_by="MR\x1f",
    )
    services.add_measure(
        round_=round_,
        unit=None,
        risk=("maatwerk", "regio", risk_of(round_, "maatwerk", "regio").text),
        data=services.MeasureIn(what="Eerste\x0bregel", evidence="Verslag\x01"),
    )
    VisionText.objects.create(round=round_, introduction="In\x01leiding", closing="")
    return round_


def test_docx_and_xlsx_hold_what_xml_can(client, alice, typed_in):
    client.force_login(alice)
    base = f"/peilingen/{typed_in.pk}"
    word = client.get(f"{base}/visie/download/", {"formaat": "docx"})
    assert word.status_code == 200
    document = python_docx.Document(io.BytesIO(word.content))
    texts = [p.text for p in document.paragraphs]
    assert document.core_properties.title == "Studiedag"
    assert "Inleiding" in texts and "Omdat het\nkan" in "\n".join(texts)
    assert any(t.startswith("Eerste\nregel") for t in texts)
    markdown = client.get(f"{base}/visie/download/", {"formaat": "md"}).content.decode()
    assert "Eerste\x0bregel" in markdown  # plain text keeps what was typed
    book = client.get(f"{base}/export.xlsx")
    assert book.status_code == 200
    sheets = openpyxl.load_workbook(io.BytesIO(book.content))
    remarks = [row[4] for row in sheets["remarks"].iter_rows(min_row=2, values_only=True)]
    assert remarks == ["Zie de\nbijlage"] * 36  # six people, six themes
    about = dict(sheets["about"].iter_rows(min_row=2, values_only=True))
    assert about["round"] == "Studiedag"
    csv_text = b"".join(client.get(f"{base}/export.csv").streaming_content).decode("utf-8-sig")
    assert csv_text.startswith("unit_id,unit,role,shown,n,theme")


def test_the_pdf_report_and_its_zip_hold_what_xml_can(client, alice, typed_in, settings, tmp_path):
    client.force_login(alice)
    base = f"/peilingen/{typed_in.pk}"
    pdf = client.get(f"{base}/rapport.pdf")
    assert pdf.status_code == 200
    reader = pypdf.PdfReader(io.BytesIO(pdf.content))
    assert reader.xmp_metadata is not None  # the XML metadata parses
    assert reader.metadata.title == "Rapport: Studiedag · Alle eenheden"
    settings.REPORTS_DIR = tmp_path / "reports"
    client.post(f"{base}/rapporten/maken/", {"taal": "nl"})
    job = ReportJob.objects.get(round=typed_in)
    reports.make_reports.call(str(job.pk))
    download = client.get(f"{base}/rapporten/{job.pk}/zip/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert archive.testzip() is None
    for name in archive.namelist():
        assert pypdf.PdfReader(io.BytesIO(archive.read(name))).xmp_metadata is not None
