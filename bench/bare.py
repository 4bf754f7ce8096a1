"""The yardstick for submissions: an endpoint in the same server that does only what storing a
response takes at the least (parse the JSON, then in one transaction insert the response row and
its answer rows with plain SQL), with no checks, no idempotency and no tally. Served only by
`bench/submissions.py`, through bare_settings (never part of the product).
"""

from __future__ import annotations

import json
import secrets
import uuid

from django.db import connection, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

_ids: dict[str, dict[str, int]] = {}


def _keys() -> dict[str, dict[str, int]]:
    """Theme and model ids by key, read once per process (as the product caches them)."""
    if not _ids:
        with connection.cursor() as cursor:
            cursor.execute("SELECT key, id FROM frameworks_theme")
            _ids["themes"] = dict(cursor.fetchall())
            cursor.execute("SELECT key, id FROM frameworks_inclusionmodel")
            _ids["models"] = dict(cursor.fetchall())
    return _ids


@csrf_exempt
def insert(request, round_id: int):
    if request.method != "POST":
        return HttpResponse(status=405)
    body = json.loads(request.body)
    keys = _keys()
    now = timezone.now()
    key = uuid.UUID(body["idempotency_key"])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO rounds_response (round_id, role, unit_id, idempotency_key, version, "
            "edit_token_digest, submitted_at, updated_at) "
            "VALUES (%s, %s, %s, %s, 1, %s, %s, %s) RETURNING id",
            [
                round_id,
                body["role"],
                body["unit"],
                key.hex if connection.vendor == "sqlite" else key,
                secrets.token_hex(32),
                now,
                now,
            ],
        )
        response_id = cursor.fetchone()[0]
        rows = [
            (response_id, round_id, keys["themes"][a["theme"]], kind, keys["models"][a[kind]])
            for a in body["answers"]
            for kind in ("now", "wanted")
        ]
        cursor.execute(
            "INSERT INTO rounds_answer (response_id, round_id, theme_id, kind, model_id, weight) "
            "VALUES " + ", ".join(["(%s, %s, %s, %s, %s, 1)"] * len(rows)),
            [value for row in rows for value in row],
        )
    return JsonResponse({"id": response_id}, status=201)
