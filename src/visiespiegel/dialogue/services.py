"""Writes of the dialogue: decisions (the ambition), measures, live sessions and their votes.

Every write validates against the round's own framework and either stores everything or
nothing; errors come as `Invalid` with their location, as the API reports them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from visiespiegel.dialogue.models import Choice, Measure, Poll, Session, Status, Vote
from visiespiegel.dialogue.selectors import current_choices
from visiespiegel.frameworks import cache as framework_cache
from visiespiegel.frameworks.enums import Level
from visiespiegel.frameworks.models import RiskItem
from visiespiegel.organisations.models import Unit
from visiespiegel.rounds import codes
from visiespiegel.rounds.models import Round
from visiespiegel.text import problem as text_problem
from visiespiegel.write_lock import serialized_write


class Invalid(Exception):
    """What was wrong, each with its location: [(("choices", 0, "model"), "message"), ...]."""

    def __init__(self, errors: list[tuple[tuple, str]]):
        super().__init__("; ".join(f"{'.'.join(map(str, loc))}: {msg}" for loc, msg in errors))
        self.errors = errors


def _unstorable(texts: dict[tuple, str]) -> list[tuple[tuple, str]]:
    """The texts (by their location) that break the one text rule (`visiespiegel.text`): the
    API refuses them at its schema, the pages and the presenter only here."""
    return [
        (loc, _("Deze tekst %(problem)s.") % {"problem": _(found)})
        for loc, value in texts.items()
        if (found := text_problem(value)) is not None
    ]


@dataclass(frozen=True)
class ChoiceIn:
    """One theme's decision. `decided_by` and `decided_at` name who decided this theme and
    when; None leaves them to the call's defaults (see set_choices)."""

    theme: str
    model: str
    rationale: str = ""
    decided_by: str | None = None
    decided_at: date | None = None


def _framework(round_: Round):
    found = framework_cache.content(round_.framework)
    return {t.key: t for t in found.themes}, {m.key: m for m in found.models}


@serialized_write
def set_choices(
    *,
    round_: Round,
    unit: Unit | None,
    choices: list[ChoiceIn],
    decided_by: str = "",
    decided_at: date | None = None,
    session: Session | None = None,
) -> list[Choice]:
    """Record the group's choice for the themes given, each with who decided it and when.

    A theme whose model and rationale are as before keeps its decision: `decided_by` and
    `decided_at` of the call are the defaults for themes that change, never a reason to
    re-attribute one that does not. Only a choice that names its own body or date different
    from the current one changes that theme's authorship. So filling in other themes, or
    repeating a PUT, leaves every unchanged theme untouched; each real change is one entry in
    the history. All or nothing."""
    themes, models = _framework(round_)
    errors = []
    seen = set()
    for index, choice in enumerate(choices):
        if choice.theme not in themes:
            errors.append((("choices", index, "theme"), _("Onbekend thema.")))
        elif choice.theme in seen:
            errors.append((("choices", index, "theme"), _("Dit thema staat er twee keer in.")))
        seen.add(choice.theme)
        if choice.model not in models:
            errors.append((("choices", index, "model"), _("Onbekend model.")))
        if len(choice.rationale) > 2000:
            errors.append((("choices", index, "rationale"), _("Hoogstens 2000 tekens.")))
        errors += _unstorable({("choices", index, "rationale"): choice.rationale})
        if choice.decided_by is not None:
            if len(choice.decided_by) > 120:
                errors.append((("choices", index, "decided_by"), _("Hoogstens 120 tekens.")))
            errors += _unstorable({("choices", index, "decided_by"): choice.decided_by})
    if len(decided_by) > 120:
        errors.append((("decided_by",), _("Hoogstens 120 tekens.")))
    errors += _unstorable({("decided_by",): decided_by})
    if errors:
        raise Invalid(errors)
    made = []
    with transaction.atomic():
        Round.objects.select_for_update().filter(pk=round_.pk).first()  # one writer per round
        now = current_choices(round_, unit)
        for choice in choices:
            before = now.get(choice.theme)
            rationale = choice.rationale.strip()
            by = (decided_by if choice.decided_by is None else choice.decided_by).strip()
            if _same_decision(before, models[choice.model].pk, rationale, choice, by):
                continue
            made.append(
                Choice.objects.create(
                    round=round_,
                    unit=unit,
                    theme=themes[choice.theme],
                    model=models[choice.model],
                    rationale=rationale,
                    decided_by=by,
                    decided_at=choice.decided_at or decided_at or timezone.localdate(),
                    session=session,
                )
            )
        if session is not None and made:
            _changed(session)
    return made


def _same_decision(
    before: Choice | None, model_id: int, rationale: str, choice: ChoiceIn, by: str
) -> bool:
    """Whether `choice` repeats the current decision: the same model and rationale, and the
    same body and date where the choice names them itself."""
    return (
        before is not None
        and before.model_id == model_id
        and before.rationale == rationale
        and (choice.decided_by is None or before.decided_by == by)
        and (choice.decided_at is None or before.decided_at == choice.decided_at)
    )


def risk_of(round_: Round, model: str, level: str, text: str) -> RiskItem | None:
    """The framework's risk by its model, level and exact text (None if it has no such)."""
    return RiskItem.objects.filter(
        model__framework=round_.framework_id, model__key=model, level=level, text=text
    ).first()


@dataclass(frozen=True)
class MeasureIn:
    what: str
    who: str = ""
    due: date | None = None
    status: str = Status.OPEN
    evidence: str = ""


def _check_measure(data: MeasureIn) -> list[tuple[tuple, str]]:
    errors = []
    if not data.what.strip():
        errors.append((("what",), _("Beschrijf wat er gebeurt.")))
    if len(data.what) > 2000 or len(data.evidence) > 2000:
        errors.append((("what",), _("Hoogstens 2000 tekens.")))
    if len(data.who) > 120:
        errors.append((("who",), _("Hoogstens 120 tekens.")))
    if data.status not in Status.values:
        errors.append((("status",), _("Status is open, bezig of gedaan.")))
    errors += _unstorable({("what",): data.what, ("who",): data.who, ("evidence",): data.evidence})
    return errors


@serialized_write
def add_measure(
    *, round_: Round, unit: Unit | None, risk: tuple[str, str, str], data: MeasureIn
) -> Measure:
    """A measure against one risk of the framework: (model key, level, exact risk text)."""
    errors = _check_measure(data)
    model, level, text = risk
    found = None
    if level not in Level.values:
        errors.append((("risk", "level"), _("Niveau is leerling, leraar, school of regio.")))
    else:
        found = risk_of(round_, model, level, text)
        if found is None:
            errors.append((("risk",), _("Dit risico staat niet in het kader van deze peiling.")))
    if errors:
        raise Invalid(errors)
    return Measure.objects.create(
        round=round_,
        unit=unit,
        risk=found,
        what=data.what.strip(),
        who=data.who.strip(),
        due=data.due,
        status=data.status,
        evidence=data.evidence.strip(),
        done_at=timezone.now() if data.status == Status.DONE else None,
    )


@serialized_write
def update_measure(*, measure: Measure, changes: dict) -> Measure:
    """Change what, who, due, status or evidence (None clears only the due date); done_at
    follows the status."""
    changes = {k: v for k, v in changes.items() if v is not None or k == "due"}
    merged = MeasureIn(
        what=changes.get("what", measure.what),
        who=changes.get("who", measure.who),
        due=changes.get("due", measure.due),
        status=changes.get("status", measure.status),
        evidence=changes.get("evidence", measure.evidence),
    )
    if errors := _check_measure(merged):
        raise Invalid(errors)
    if merged.status == Status.DONE and measure.status != Status.DONE:
        measure.done_at = timezone.now()
    elif merged.status != Status.DONE:
        measure.done_at = None
    measure.what, measure.who, measure.due = merged.what.strip(), merged.who.strip(), merged.due
    measure.status, measure.evidence = merged.status, merged.evidence.strip()
    measure.save()
    return measure


# ---------------------------------------------------------------------------------------------
# Live sessions

STALE_SESSION = timedelta(hours=24)  # a session left open this long is ended by the next one


@serialized_write
def start_session(*, round_: Round, unit: Unit | None) -> Session:
    """A new session; sessions left open for a day are ended first (their votes go)."""
    stale = list(
        Session.objects.filter(
            ended_at=None, created_at__lt=timezone.now() - STALE_SESSION
        ).values_list("pk", flat=True)
    )
    if stale:
        Session.objects.filter(pk__in=stale).update(ended_at=timezone.now())
        _forget_phones(stale)
    for _attempt in range(10):
        try:
            with transaction.atomic():
                return Session.objects.create(round=round_, unit=unit, code=codes.new_code())
        except IntegrityError:  # the code was taken
            continue
    raise RuntimeError("no free session code")


def _changed(session: Session) -> None:
    """Tell the phones and the projected screen that what they show has changed."""
    Session.objects.filter(pk=session.pk).update(version=F("version") + 1)


@serialized_write
def go_to(*, session: Session, step: int, last: int) -> Session:
    session.step = max(0, min(step, last))
    session.timer_ends_at = None
    session.save(update_fields=["step", "timer_ends_at"])
    _changed(session)
    return session


@serialized_write
def reveal(*, session: Session, theme: str) -> Session:
    """The facilitator shows a theme's figures (the caller publishes an interim snapshot
    first when the round is open)."""
    if theme not in session.revealed:
        session.revealed = [*session.revealed, theme]
        session.save(update_fields=["revealed"])
        _changed(session)  # the projected screen follows
    return session


@serialized_write
def end_session(*, session: Session) -> Session:
    session.ended_at = timezone.now()
    session.save(update_fields=["ended_at"])
    _forget_phones([session.pk])
    _changed(session)
    return session


def _forget_phones(session_ids: list[int]) -> None:
    """Once a session ends only the counts shown stay: nothing links one phone's votes."""
    Vote.objects.filter(poll__session__in=session_ids).delete()


@serialized_write
def start_timer(*, session: Session, minutes: int) -> Session:
    session.timer_ends_at = timezone.now() + timedelta(minutes=max(1, min(minutes, 60)))
    session.save(update_fields=["timer_ends_at"])
    _changed(session)  # the phones show the timer too
    return session


def _poll(session: Session, theme_key: str) -> Poll:
    themes, _models = _framework(session.round)
    poll, _created = Poll.objects.get_or_create(session=session, theme=themes[theme_key])
    return poll


@serialized_write
def open_poll(*, session: Session, theme: str) -> Poll:
    """Open the vote on a theme. Reopening a closed vote starts it afresh: its votes and counts
    go and every phone votes again, to be counted on their own at the next closing
    (close_poll says why a vote cannot go on from counts already shown)."""
    poll = _poll(session, theme)
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        if poll.opened_at is not None and poll.closed_at is None:
            return poll
        if poll.closed_at is not None:
            poll.votes.all().delete()
        poll.opened_at, poll.closed_at, poll.shown = timezone.now(), None, None
        poll.save(update_fields=["opened_at", "closed_at", "shown"])
        _changed(session)
    return poll


@serialized_write
def close_poll(*, session: Session, theme: str) -> Poll:
    """Close the vote and count it: the counts per model of every phone's final vote, shown
    only when at least k phones voted.

    Why nothing before closing. Counts that move while a vote is open move by the votes cast
    or changed since they were last shown, and the room sees when a phone votes. Whoever adds
    phones of their own (a script takes a new cookie for each) makes k-1 of any k changes
    and subtracts them: new counts after "k new or changed votes" show the victim's vote plus
    k-1 votes the attacker knows (issue #17), and "k new voters" falls the same way. No
    threshold on how many phones acted can tell the room's phones from scripted ones, so
    while a vote is open the screen shows only how many phones voted.

    At closing the counts of all final votes appear at once, and only once: no counts of this
    vote were shown before, so there is nothing to subtract them from, and a closed vote
    never changes (reopening starts a fresh vote). What the counts say about one phone is what
    they say about all its voters together. The limit of any count remains: whoever knows or
    controls every other vote learns the last one, so one honest phone among k-1 scripted
    ones is exposed at closing. The presenter's screen shows how many phones are connected
    beside the number of votes, and a network gets only so many vote cookies per session
    (live.VOTE_COOKIES_PER_NETWORK), to make that visible and costly; docs/results.md has a
    worked example."""
    poll = _poll(session, theme)
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        if poll.opened_at is None or poll.closed_at is not None:
            return poll
        counts = dict(
            poll.votes.order_by()
            .values("model__key")
            .annotate(n=Count("pk"))
            .values_list("model__key", "n")
        )
        poll.closed_at = timezone.now()
        poll.shown = counts if sum(counts.values()) >= session.round.threshold else None
        poll.save(update_fields=["closed_at", "shown"])
        _changed(session)
    return poll


class PollClosed(Exception):
    """The vote on this theme is not open."""


def voter_digest(token: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:vote:{token}".encode()).hexdigest()


@serialized_write
def cast_vote(*, session: Session, theme: str, voter_token: str, model: str) -> Vote:
    """One vote per phone per theme, changeable while the vote is open."""
    _themes, models = _framework(session.round)
    if model not in models:
        raise Invalid([(("model",), _("Onbekend model."))])
    poll = _poll(session, theme)
    voter = voter_digest(voter_token)
    with transaction.atomic():
        # Locking the poll orders every vote against closing: a vote stored is a vote counted.
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        if poll.opened_at is None or poll.closed_at is not None:
            raise PollClosed
        vote, created = Vote.objects.get_or_create(
            poll=poll, voter=voter, defaults={"model": models[model]}
        )
        if not created and vote.model_id != models[model].pk:
            vote.model = models[model]
            vote.save(update_fields=["model", "updated_at"])
    return vote


@dataclass(frozen=True)
class Tally:
    votes: int  # how many phones voted (shown live)
    counts: dict[str, int] | None  # per model once the vote closed with at least k votes


def poll_tally(*, poll: Poll) -> Tally:
    """What the presenter may show of a vote: how many phones voted, always; the counts only
    as close_poll made them."""
    return Tally(votes=poll.votes.count(), counts=poll.shown)
