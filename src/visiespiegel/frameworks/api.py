"""GET /api/v1/frameworks/{key}: the same JSON as `visiespiegel framework export`."""

from typing import Literal

from django.http import Http404
from ninja import Router, Schema

from visiespiegel.apierrors import responses
from visiespiegel.frameworks.models import FrameworkVersion
from visiespiegel.frameworks.selectors import framework_as_dict, get_framework

router = Router(tags=["frameworks"])


Audience = Literal["ouders", "leerlingen", "partners"]


class PositionedOut(Schema):
    key: str
    label: str
    position: int


class ThemeWordingOut(Schema):
    label: str | None = None
    note: str | None = None


class ThemeOut(PositionedOut):
    # Plainer names per audience, and a reading note for partners (adaptations).
    audiences: dict[Audience, ThemeWordingOut] | None = None


class CellWordingOut(Schema):
    stance: str
    explanation: str | None = None


class CellOut(Schema):
    model: str
    theme: str
    stance: str
    belief: str
    teacher: str
    school: str
    # The stance in plain language per audience: an adaptation; the fields above are the
    # framework's own text.
    audiences: dict[Audience, CellWordingOut] | None = None


class AudienceOut(Schema):
    key: Audience
    label: str
    note: str


class RiskItemOut(Schema):
    level: Literal["leerling", "leraar", "school", "regio"]
    text: str


class RiskWordingOut(Schema):
    headline: str
    items: list[str]  # one per item above, in the same order


class RiskOut(Schema):
    model: str
    headline: str
    items: list[RiskItemOut]
    # The headline and items in plain language per audience: an adaptation.
    audiences: dict[Audience, RiskWordingOut] | None = None


class FrameworkOut(Schema):
    key: str
    version: int
    title: str
    models: list[PositionedOut]
    themes: list[ThemeOut]
    cells: list[CellOut]
    risks: list[RiskOut]
    audiences: list[AudienceOut] | None = None  # present when the framework has such wording


@router.get(
    "/{key}",
    response=responses({200: FrameworkOut}, 404, 422),
    summary="A framework (latest or given version)",
    exclude_none=True,  # as the export: no audience fields where there is no such wording
)
def framework_detail(request, key: str, version: int | None = None):
    try:
        return framework_as_dict(get_framework(key, version))
    except FrameworkVersion.DoesNotExist:
        raise Http404("no such framework") from None
