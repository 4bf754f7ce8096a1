"""The long CSV for data teams: exactly the groups the pages show, hidden ones without numbers,
formulas neutralised, the header as the contract says."""

import csv
import io
import zipfile
from datetime import UTC

import openpyxl
import pytest
from django.utils.timezone import localtime

from tests.conftest import add_responses, school
from visiespiegel.insights import selectors
from visiespiegel.insights.export import HEADER, neutralised
from visiespiegel.insights.services import publish
from visiespiegel.organisations.services import add_unit, create_token, import_units
from visiespiegel.rounds.lifecycle import close_round, create_round

pytestmark = pytest.mark.django_db


def export(client, round_, token, **params):
    response = client.get(
        f"/api/v1/rounds/{round_.pk}/export.csv",
        params,
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    separator = params.get("sep", ",")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=separator))


@pytest.fixture
def token(alice):
    return create_token(user=alice)


def test_every_group_theme_kind_and_model_with_hidden_groups_empty(client, round_, token):
    add_responses(round_, 6)  # six at one school, all leraar: the rest of the tree is small
    publish(round_=round_)
    header, *rows = export(client, round_, token)
    assert header == HEADER
    assert ",".join(header) == "unit_id,unit,role,shown,n,theme,kind,model,count,mean,consensus"
    groups = {(r[0], r[2]) for r in rows}
    assert len(rows) == len(groups) * 6 * 2 * 4
    assert ("", "") in groups and all(("", role) in groups for role in round_.roles)
    # The whole round and every unit of the tree, each for all roles and for every role.
    assert len(groups) == (1 + round_.organisation.units.count()) * (1 + len(round_.roles))
    for row in rows:
        unit_id = int(row[0]) if row[0] else None
        published = selectors.results(round_, unit_id=unit_id, role=row[2] or None)
        assert row[3] == ("true" if published.shown else "false")
        if not published.shown:
            assert row[4] == row[8] == row[9] == row[10] == ""
            continue
        theme = next(t for t in published.figures["themes"] if t["theme"] == row[5])
        block = theme[row[6]]
        assert int(row[4]) == published.figures["n"]
        assert int(row[8]) == block["counts"][row[7]]
        assert float(row[9]) == block["mean"] and float(row[10]) == block["consensus"]
    shown = {(r[0], r[2]) for r in rows if r[3] == "true"}
    assert ("", "") in shown and ("", "ouder") not in shown  # nobody answered as a parent


def test_semicolons_for_dutch_excel(client, round_, token):
    add_responses(round_, 5)
    publish(round_=round_)
    header, first, *_ = export(client, round_, token, sep=";")
    assert header == HEADER and first[3] == "true"
    assert "," in first[9] and "." not in first[9]  # 1,0 as Dutch Excel reads a decimal


def test_formulas_in_names_are_neutralised(client, round_, token):
    unit = school(round_.organisation)
    unit.name = '=HYPERLINK("http://evil.example","klik")'
    unit.save()
    # A round takes its units' names as they are when it opens.
    round_ = create_round(
        organisation=round_.organisation, title="Later", framework=round_.framework
    )
    add_responses(round_, 5, unit=unit.name)
    publish(round_=round_)
    _header, *rows = export(client, round_, token)
    names = {r[1] for r in rows if r[0] == str(unit.pk)}
    assert names == {"'" + unit.name}
    # A workbook cannot hold control characters: Word's line break becomes one, others go.
    assert neutralised("pasted\x0bfrom Word\x01") == "pasted\nfrom Word"
    assert [neutralised(t) for t in ("+1", "-1", "@x", "\tx", "\rx", "ok")] == [
        "'+1", "'-1", "'@x", "'\tx", "'\rx", "ok",
    ]  # fmt: skip


def test_nothing_before_publication_and_access_as_elsewhere(client, round_, token, bob):
    add_responses(round_, 6)
    _header, *rows = export(client, round_, token)
    assert rows and {r[3] for r in rows} == {"false"} and {r[4] for r in rows} == {""}
    url = f"/api/v1/rounds/{round_.pk}/export.csv"
    assert client.get(url).status_code == 401
    outsider = create_token(user=bob)
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {outsider}").status_code == 404
    assert client.get(url, {"sep": "|"}, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 422


def test_export_reads_a_fixed_number_of_queries(
    client, round_, token, django_assert_max_num_queries
):
    add_responses(round_, 6)
    publish(round_=round_)
    for extra in range(8):
        add_unit(organisation=round_.organisation, name=f"Extra {extra}")
    with django_assert_max_num_queries(12):
        export(client, round_, token)


def test_workbook_equals_the_results_api_and_hides_what_the_pages_hide(client, round_, token):

    unit = school(round_.organisation)
    unit.name = "@SUM(1+1)"
    unit.save()
    round_ = create_round(
        organisation=round_.organisation, title="Later", framework=round_.framework
    )
    add_responses(round_, 6, unit=unit.name, remark='=HYPERLINK("http://evil.example","klik")')
    publish(round_=round_)
    response = client.get(
        f"/api/v1/rounds/{round_.pk}/export.xlsx", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "data", "themes", "transitions", "participation_units", "participation_roles", "remarks",
        "about",
    ]  # fmt: skip
    header, *rows = book["data"].iter_rows(values_only=True)
    assert list(header) == HEADER
    assert len(rows) == len(export(client, round_, token)) - 1  # the same table as the CSV
    api_of = {}
    for unit_id, name, role, shown, n, theme, kind, model, count, mean, consensus in rows:
        if (unit_id, role) not in api_of:
            api_of[unit_id, role] = client.get(
                f"/api/v1/rounds/{round_.pk}/results",
                {k: v for k, v in (("unit", unit_id), ("role", role)) if v},
                HTTP_AUTHORIZATION=f"Bearer {token}",
            ).json()
        api = api_of[unit_id, role]
        assert shown is (not api["suppressed"])
        if not shown:
            assert (n, count, mean, consensus) == (None, None, None, None)
            continue
        block = next(t for t in api["themes"] if t["theme"] == theme)[kind]
        assert (n, count, mean, consensus) == (
            api["n"], block["counts"][model], block["mean"], block["consensus"],
        )  # fmt: skip
        assert isinstance(count, int) and isinstance(mean, int | float)
        if unit_id == unit.pk:
            assert name == "'@SUM(1+1)"
    remarks = list(book["remarks"].iter_rows(values_only=True))[1:]
    assert remarks and all(text == "'" + '=HYPERLINK("http://evil.example","klik")'
                           for *_, text in remarks)  # fmt: skip
    roles = [list(row) for row in book["participation_roles"].iter_rows(values_only=True)]
    assert roles[0] == ["role", "role_label", "responses"] and ["leraar", "Leraar", 6] in roles


def test_the_workbook_is_laid_out_for_analysts(client, round_, token):
    """Every sheet: the header row frozen, a filter over all its rows and columns, widths set;
    labels beside the keys; participation per unit and per role in two sheets."""

    add_responses(round_, 6)
    add_responses(round_, 5, unit="Het Kompas", role="ouder")
    publish(round_=round_)
    response = client.get(
        f"/api/v1/rounds/{round_.pk}/export.xlsx", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    for sheet in book:
        header = next(sheet.iter_rows(max_row=1, values_only=True))
        last_column = openpyxl.utils.get_column_letter(len(header))
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == f"A1:{last_column}{sheet.max_row}", sheet.title
        widths = [sheet.column_dimensions[openpyxl.utils.get_column_letter(i)].width
                  for i in range(1, len(header) + 1)]  # fmt: skip
        assert all(width >= 8 for width in widths), sheet.title
    themes = book["themes"]
    assert [c.value for c in themes[1]][:8] == [
        "unit_id", "unit", "role", "role_label", "shown", "n", "theme", "theme_label",
    ]  # fmt: skip
    assert themes.column_dimensions["H"].width == 44 and themes.column_dimensions["A"].width == 9
    labels = dict(round_.framework.themes.values_list("key", "label"))
    models = dict(round_.framework.models.values_list("key", "label"))
    shown = [row for row in themes.iter_rows(min_row=2, values_only=True) if row[4]]
    assert shown and all(row[7] == labels[row[6]] for row in shown)
    assert {(row[2], row[3]) for row in shown} >= {(None, "alle rollen"), ("leraar", "Leraar")}
    transitions = book["transitions"]
    assert [c.value for c in transitions[1]] == [
        "unit_id", "unit", "role", "role_label", "shown", "theme", "theme_label", "now",
        "now_label", "wanted", "wanted_label", "count",
    ]  # fmt: skip
    for row in transitions.iter_rows(min_row=2, values_only=True):
        if row[4]:
            assert (row[6], row[8], row[10]) == (labels[row[5]], models[row[7]], models[row[9]])
    units = [list(r) for r in book["participation_units"].iter_rows(values_only=True)]
    regenboog, kompas = school(round_.organisation), school(round_.organisation, "Het Kompas")
    assert units[0] == ["unit_id", "unit", "responses", "expected"]
    assert [regenboog.pk, "De Regenboog", 6, None] in units
    assert [kompas.pk, "Het Kompas", 5, None] in units
    roles = [list(r) for r in book["participation_roles"].iter_rows(values_only=True)]
    assert roles[0] == ["role", "role_label", "responses"]
    assert [row[0] for row in roles[1:]] == list(round_.roles)
    assert ["leraar", "Leraar", 6] in roles and ["ouder", "Ouder/verzorger", 5] in roles
    assert sum(row[2] for row in roles[1:]) == 11


# ---------------------------------------------------------------------------------------------
# Rounds own their units (issue 19): a closed round's files never change.


def test_a_closed_round_exports_the_same_bytes_after_units_change(client, round_, token):
    add_responses(round_, 6)
    close_round(round_=round_)
    publish(round_=round_, final=True)
    files = {sep: b"".join(export_bytes(client, round_, token, sep)) for sep in (",", ";")}
    url = f"/api/v1/rounds/{round_.pk}/export.xlsx"
    workbook = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}").content
    # Months later: schools imported, one renamed, one moved under another.
    import_units(
        organisation=round_.organisation,
        text="name,type,parent,brin\nNieuwe school,school,,\nNog een,school,,\n",
    )
    renamed = school(round_.organisation)
    renamed.name = "IKC De Regenboog"
    renamed.save()
    later = {sep: b"".join(export_bytes(client, round_, token, sep)) for sep in (",", ";")}
    assert later == files
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}").content == workbook
    # The workbook is dated when the round closed, in its properties and its zip entries.
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    closed = round_.closed_at.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    assert (book.properties.created, book.properties.modified) == (closed, closed)
    *minute, second = localtime(round_.closed_at).timetuple()[:6]
    stamp = (*minute, second - second % 2)  # a zip keeps time in steps of two seconds
    with zipfile.ZipFile(io.BytesIO(workbook)) as zipped:
        assert {info.date_time for info in zipped.infolist()} == {stamp}
    names = {row[1] for row in csv.reader(io.StringIO(files[","].decode("utf-8-sig")))}
    assert "Nieuwe school" not in names and "De Regenboog" in names


def export_bytes(client, round_, token, sep):
    response = client.get(
        f"/api/v1/rounds/{round_.pk}/export.csv", {"sep": sep}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 200
    return response.streaming_content
