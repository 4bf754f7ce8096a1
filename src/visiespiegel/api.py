"""The JSON API, /api/v1/: each app adds its router; OpenAPI at /api/v1/openapi.json."""

from ninja import NinjaAPI

from visiespiegel.frameworks.api import router as frameworks_router
from visiespiegel.insights.api import router as results_router
from visiespiegel.rounds.api import join_router, rounds_router

api = NinjaAPI(
    title="Visiespiegel API",
    version="1",
    description="Visiespiegel's JSON API. Public endpoints need no authentication.",
    urls_namespace="api",
)
api.add_router("/frameworks", frameworks_router)
api.add_router("/join", join_router)
api.add_router("/rounds", rounds_router)
api.add_router("/rounds", results_router)
