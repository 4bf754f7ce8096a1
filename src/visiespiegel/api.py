"""The JSON API, /api/v1/: each app adds its router; OpenAPI at /api/v1/openapi.json.

Every error is JSON with a `detail`, also those Django would answer in HTML.
"""

import logging
import uuid

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from ninja import NinjaAPI

from visiespiegel.apierrors import JsonOnly
from visiespiegel.dialogue.api import measures_router
from visiespiegel.dialogue.api import rounds_router as dialogue_router
from visiespiegel.frameworks.api import router as frameworks_router
from visiespiegel.insights.api import jobs_router
from visiespiegel.insights.api import router as results_router
from visiespiegel.rounds.api import archives_router, join_router, rounds_router

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="Visiespiegel API",
    version="1",
    description="Visiespiegel's JSON API. Public endpoints need no authentication. Every "
    "error is JSON with a `detail`.",
    urls_namespace="api",
    parser=JsonOnly(),
)
api.add_router("/frameworks", frameworks_router)
api.add_router("/join", join_router)
api.add_router("/rounds", rounds_router)
api.add_router("/rounds", results_router)
api.add_router("/archives", archives_router)
api.add_router("/jobs", jobs_router)
api.add_router("/rounds", dialogue_router)
api.add_router("/measures", measures_router)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": "Je rol mag dit niet."}, status=403)


@api.exception_handler(RequestDataTooBig)
def too_large(request, exc):
    return api.create_response(request, {"detail": "Het verzoek is te groot."}, status=413)


@api.exception_handler(Exception)
def unexpected(request, exc):
    """Anything not handled above (ninja's own errors have handlers of their own): a JSON 500
    whose id is also in the log, so a client's report leads to the traceback."""
    request_id = uuid.uuid4().hex
    logger.exception("API request %s failed", request_id)
    detail = "Er ging iets mis op de server; noem dit nummer als je het meldt."
    return api.create_response(request, {"detail": detail, "request_id": request_id}, status=500)
