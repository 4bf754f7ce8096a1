"""The JSON API, /api/v1/: each app adds its router; OpenAPI at /api/v1/openapi.json.

Every error is JSON with a `detail`, also those Django would answer in HTML.
"""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from ninja import NinjaAPI

from visiespiegel.apierrors import JsonOnly
from visiespiegel.dialogue.api import measures_router
from visiespiegel.dialogue.api import rounds_router as dialogue_router
from visiespiegel.frameworks.api import router as frameworks_router
from visiespiegel.insights.api import jobs_router
from visiespiegel.insights.api import router as results_router
from visiespiegel.rounds.api import archives_router, join_router, rounds_router

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
