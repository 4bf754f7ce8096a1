"""The JSON API, /api/v1/: each app adds its router; OpenAPI at /api/v1/openapi.json."""

from ninja import NinjaAPI

from visiespiegel.frameworks.api import router as frameworks_router

api = NinjaAPI(
    title="Visiespiegel API",
    version="1",
    description="Read the framework; later: take part in rounds and read results.",
    urls_namespace="api",
)
api.add_router("/frameworks", frameworks_router)
