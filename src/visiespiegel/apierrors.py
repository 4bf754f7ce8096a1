"""What every API endpoint answers when something is wrong: JSON, and listed in the OpenAPI.

Each router names the statuses it can return with `responses(...)`; `visiespiegel.api` turns
refused permissions into JSON, and `middleware.ApiBodyMiddleware` answers bodies that are too
large (413) or not JSON (415) in JSON.
"""

from __future__ import annotations

from collections.abc import Iterable

from ninja import Schema
from ninja.errors import ValidationError
from ninja.parser import Parser
from pydantic import BaseModel, model_validator


class Message(Schema):
    detail: str


class FieldError(Schema):
    loc: list[str | int]
    msg: str
    type: str


class FieldErrors(Schema):
    detail: list[FieldError]


class ObjectBody(BaseModel):
    """A request body: a JSON object, or a located 422. A plain pydantic model, as ninja's
    Schema reads the attributes of any value: a body of `0.0`, `[]`, `"x"` or `null` would
    pass as an object with nothing in it."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data):
        if not isinstance(data, dict):
            raise ValueError("de inhoud moet een JSON-object zijn")
        return data


def located(errors: Iterable[tuple[tuple, str]], *at: str | int) -> ValidationError:
    """A 422 listing every problem a service found, each at its place in the request:
    `loc` is `at` followed by the service's own location."""
    return ValidationError(
        [{"type": "value_error", "loc": [*at, *loc], "msg": str(msg)} for loc, msg in errors]
    )


def responses(success: dict, *errors: int) -> dict:
    """The response map of an endpoint: its successes, then its error statuses."""
    return {**success, **{code: FieldErrors if code == 422 else Message for code in errors}}


def is_json(request) -> bool:
    kind = request.content_type or ""
    return kind == "application/json" or kind.endswith("+json")


class JsonOnly(Parser):
    """Bodies must say they are JSON: a text/plain body is refused, not guessed at (ninja turns
    the refusal into a 400; the middleware makes that the 415 it is)."""

    def parse_body(self, request):
        if not is_json(request):
            raise ValueError("not JSON")
        return super().parse_body(request)
