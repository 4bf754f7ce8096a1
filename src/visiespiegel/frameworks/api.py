"""GET /api/v1/frameworks/{key}: the same JSON as `visiespiegel framework export`."""

from typing import Literal

from django.http import Http404
from ninja import Router, Schema

from visiespiegel.apierrors import responses
from visiespiegel.frameworks.models import FrameworkVersion
from visiespiegel.frameworks.selectors import framework_as_dict, get_framework

router = Router(tags=["frameworks"])


class PositionedOut(Schema):
    key: str
    label: str
    position: int


class CellOut(Schema):
    model: str
    theme: str
    stance: str
    belief: str
    teacher: str
    school: str


class RiskItemOut(Schema):
    level: Literal["leerling", "leraar", "school", "regio"]
    text: str


class RiskOut(Schema):
    model: str
    headline: str
    items: list[RiskItemOut]


class FrameworkOut(Schema):
    key: str
    version: int
    title: str
    models: list[PositionedOut]
    themes: list[PositionedOut]
    cells: list[CellOut]
    risks: list[RiskOut]


@router.get(
    "/{key}",
    response=responses({200: FrameworkOut}, 404, 422),
    summary="A framework (latest or given version)",
)
def framework_detail(request, key: str, version: int | None = None):
    try:
        return framework_as_dict(get_framework(key, version))
    except FrameworkVersion.DoesNotExist:
        raise Http404("no such framework") from None
