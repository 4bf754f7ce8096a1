"""Two `visiespiegel serve` processes on one PostgreSQL database, as behind a load balancer
without sticky sessions: one participant's steps go alternately to each, and a coordinator's
page on one server sees what was answered on the other.

It needs a PostgreSQL server (TWO_SERVERS_DATABASE_URL, by default the local one). Without one
it is skipped, except under CI, where it fails.
"""

from __future__ import annotations

import json
import os
import random
import re
import uuid

import psycopg
import pytest

from bench.common import Phone, Site, answer_html

PASSWORD = "een lang en sterk wachtwoord"
SERVER = os.environ.get("TWO_SERVERS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


@pytest.fixture
def database():
    """A fresh PostgreSQL database for this test only, dropped afterwards."""
    name = f"visiespiegel_two_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(SERVER, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no PostgreSQL server at {SERVER}: {error}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield SERVER.rsplit("/", 1)[0] + "/" + name
        finally:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_one_participant_across_two_servers(database):
    site = Site(
        database_url=database,
        extra_env={"JOIN_FAILURES_PER_NETWORK": "4", "VISIESPIEGEL_PASSWORD": PASSWORD},
    )
    try:
        site.prepare()
        site.cli("organisation", "create", "swv", "--name", "SWV")
        site.cli("user", "create", "carla", "--organisation", "swv", "--role", "beheerder")
        school = json.loads(site.cli("unit", "add", "swv", "De Regenboog"))["id"]
        created = json.loads(site.cli("round", "create", "swv", "--title", "Studiedag", "--json"))
        code = created["code"]
        with site.server() as (first, _one), site.server() as (second, _two):
            phone = Phone(first, second)
            answer_html(phone, code, random.Random(1), [school])
            # Every step was served, and each server served half of them.
            assert set(phone.served_by) == {first, second}
            assert abs(phone.served_by.count(first) - phone.served_by.count(second)) <= 1
            # A retry of the submit on the other server adds nothing.
            phone.form(f"/d/{code}/versturen/", {})
            # The profile page, read from either server, is the same participant's.
            pages = [phone.request("GET", f"/d/{code}/profiel/") for _ in range(2)]
            assert [status for status, _page in pages] == [200, 200]
            links = [set(re.findall(rf"/d/{code}/mijn/\w+/", page)) for _status, page in pages]
            assert len(links[0]) == 1 and links[0] == links[1]  # the same private link
            # A coordinator logs in on one server and is known on the other (sessions in the
            # database), and sees the response that came in through both.
            coordinator = Phone(first, second)
            assert coordinator.request("GET", "/inloggen/")[0] == 200
            login = {"username": "carla", "password": PASSWORD}
            assert coordinator.form("/inloggen/", login)[0] == 302
            status, counts = coordinator.request("GET", f"/peilingen/{created['id']}/deelname/")
            assert status == 200 and "De Regenboog" in counts
            # Join codes guessed wrong on one server count on the other (the shared counters);
            # the server that did not count the fourth learns at its next failure.
            statuses = [phone.request("GET", f"/d/ZZZZZZZ{c}/")[0] for c in "ZYXWVUTS"]
            assert statuses == [404] * 5 + [429] * 3, statuses
        assert site.count("Response") == 1
        assert site.count("Answer") == 12
    finally:
        site.close()
