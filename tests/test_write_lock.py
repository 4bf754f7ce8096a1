"""No answer is lost while another process writes for long: submits queue on the write lock
that every process of the installation shares, instead of failing with "database is locked"."""

import os
import subprocess
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from tests import factories
from visiespiegel.rounds.models import Response
from visiespiegel.rounds.submission import submit_response

HOLD = """
import sys, time
import django
django.setup()
from django.db import transaction
from visiespiegel.rounds.models import Round
from visiespiegel.write_lock import write_lock

with write_lock(), transaction.atomic():  # as a restore or `round fill` holds it
    Round.objects.filter(pk=int(sys.argv[1])).update(title="Bezig")
    print("holding", flush=True)
    time.sleep(2.5)
"""


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def test_fifty_submits_beside_a_long_write_in_another_process_are_all_stored(
    transactional_db, framework, monkeypatch
):
    from visiespiegel.rounds.lifecycle import create_round

    org = factories.organisation()
    round_ = create_round(organisation=org, title="Studiedag", framework=framework)
    unit = factories.school(org).pk
    if connection.vendor == "sqlite":
        # Far shorter than the other process holds the database: without the shared lock,
        # SQLite's busy timeout would run out and the submits fail.
        monkeypatch.setitem(connection.settings_dict["OPTIONS"], "timeout", 0.5)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "visiespiegel.settings",
        "DATABASE_URL": database_url(),
    }
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(round_.pk)], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "holding"

        def submit(_n):
            try:
                submit_response(
                    round_=round_,
                    role="leraar",
                    unit_id=unit,
                    answers=factories.answers(),
                    idempotency_key=uuid.uuid4(),
                )
            finally:
                connection.close()

        with ThreadPoolExecutor(max_workers=10) as pool:
            list(pool.map(submit, range(50)))  # re-raises any failure
    finally:
        assert holder.wait(timeout=30) == 0
    assert Response.objects.filter(round=round_).count() == 50
    round_.refresh_from_db()
    assert round_.title == "Bezig"


@pytest.mark.skipif(sys.platform == "win32", reason="flock is POSIX")
def test_the_lock_file_lies_beside_the_database(transactional_db):
    from visiespiegel.write_lock import write_lock

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's own row locks serialize writers")
    with write_lock():
        pass
    lock = f"{connection.settings_dict['NAME']}-write"
    assert os.path.exists(lock) and os.stat(lock).st_mode & 0o777 == 0o600
