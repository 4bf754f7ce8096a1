"""Writes of the HTML flow's progress, kept server-side: a draft per device, its role and
theme answers, and its submission."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from visiespiegel.organisations.models import Unit
from visiespiegel.rounds import codes
from visiespiegel.rounds.models import Draft, Response, Round
from visiespiegel.rounds.submission import AnswerIn, revise_response, submit_response
from visiespiegel.write_lock import serialized_write


@serialized_write
def start_draft(*, round_: Round, unit: Unit | None = None) -> tuple[Draft, str]:
    token = codes.new_token()
    draft = Draft.objects.create(
        round=round_, token_digest=codes.digest(token), unit=unit, unit_fixed=unit is not None
    )
    return draft, token


@serialized_write
def draft_for_response(*, response: Response) -> tuple[Draft, str]:
    """A new draft for this device, built from the stored answers, with its own private token.
    Drafts on other devices keep working."""
    token = codes.new_token()
    draft = Draft(round=response.round, response=response)
    draft.token_digest = codes.digest(token)
    draft.role, draft.unit, draft.unit_chosen = response.role, response.unit, True
    remarks = {r.theme.key: r.text for r in response.remarks.select_related("theme")}
    answers: dict[str, dict[str, str]] = {}
    for answer in response.answers.select_related("theme", "model"):
        entry = answers.setdefault(answer.theme.key, {"remark": remarks.get(answer.theme.key, "")})
        entry[answer.kind] = answer.model.key
    draft.answers = answers
    draft.save()
    return draft, token


@serialized_write
def purge_drafts(*, days: int) -> int:
    """Delete drafts untouched for `days` days (the cookie lives as long). A submitted
    response stays; its private link rebuilds a draft when needed."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _by_model = Draft.objects.filter(updated_at__lt=cutoff).delete()
    return deleted


@serialized_write
def save_role(*, draft: Draft, role: str, unit: Unit | None, unit_chosen: bool = True) -> None:
    """The participant's role, and the unit they answer for (unless a unit link fixed it).
    With `unit_chosen` False the unit question comes next."""
    draft.role = role
    if not draft.unit_fixed:
        draft.unit = unit
    draft.unit_chosen = unit_chosen or draft.unit_fixed
    draft.save(update_fields=["role", "unit", "unit_chosen", "updated_at"])


@serialized_write
def save_theme(*, draft: Draft, theme: str, now: str, wanted: str, remark: str) -> None:
    draft.answers = {**draft.answers, theme: {"now": now, "wanted": wanted, "remark": remark}}
    draft.save(update_fields=["answers", "updated_at"])


def draft_answers(draft: Draft) -> list[AnswerIn]:
    return [
        AnswerIn(
            theme=key, now=a.get("now", ""), wanted=a.get("wanted", ""), remark=a.get("remark", "")
        )
        for key, a in draft.answers.items()
    ]


@serialized_write
def submit_draft(*, draft: Draft, invitation: str = "") -> Response:
    """Submit (or, once submitted, revise) the draft's response. Safe to repeat."""
    if draft.response_id:
        return revise_response(response=draft.response, answers=draft_answers(draft))
    response, _token, _created = submit_response(
        round_=draft.round,
        role=draft.role,
        unit_id=draft.unit_id,
        answers=draft_answers(draft),
        idempotency_key=draft.key,
        invitation=invitation,
    )
    Draft.objects.filter(pk=draft.pk).update(response=response)
    draft.response = response
    return response
