"""A live dialogue session: the presenter's screen (a coordinator's, on the projector) and the
phones in the room. The step lives in the database, so any number of server processes serve
both sides, and a reload on either side loses nothing. The screen polls a small fragment every
second; a phone asks every two seconds whether the step changed and reloads when it did (and
works without JavaScript: voting is a plain form).

Figures come through the door: the facilitator reveals a theme's figures by publishing an
interim snapshot (the door keeps a group's figures until at least k answers changed). A vote
shows only how many phones voted while it is open, and its counts once it is closed with at
least k votes (services.close_poll says why).

A phone votes with a cookie this server signed for the session; each network gets at most
VOTE_COOKIES_PER_NETWORK of them per session, which bounds the votes one client can make up.
The presenter's screen says how many phones are connected: phones that asked for the step in
the last 15 to 30 seconds, counted per quarter minute in the "counters" cache under a hash of
the session, the quarter and the phone's cookie (no address, nothing kept beyond a minute).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.cache import caches
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from visiespiegel.dialogue import selectors, services
from visiespiegel.dialogue.models import Poll, Session
from visiespiegel.frameworks import cache as framework_cache
from visiespiegel.frameworks.models import Theme
from visiespiegel.insights import selectors as door
from visiespiegel.insights import services as publication
from visiespiegel.insights import signals
from visiespiegel.insights.presentation import theme_views
from visiespiegel.insights.texts import framework_texts
from visiespiegel.organisations.enums import MemberRole
from visiespiegel.organisations.tree import Tree
from visiespiegel.rounds import entry, tally
from visiespiegel.rounds.access import round_for
from visiespiegel.rounds.codes import normalise_code
from visiespiegel.rounds.qr import qr_inline_svg
from visiespiegel.rounds.selectors import role_choices, shuffled

VOTER_COOKIE = "vs_stem"
VOTER_COOKIE_SECONDS = 12 * 3600
SEEN_COOKIE = "vs_gezien"  # the quarter minute in which this phone was last counted
SEEN_SECONDS = 15  # phones ask every 2 s: each one still there asks within every quarter
TIMER_MINUTES = 5


@dataclass(frozen=True)
class Step:
    kind: str  # welcome | participation | stances | figures | risks | vote | choice
    theme: Theme | None = None
    number: int = 0  # the theme's number


def steps_of(session: Session) -> list[Step]:
    themes = framework_cache.content(session.round.framework).themes
    found = [Step("welcome"), Step("participation")]
    for number, theme in enumerate(themes, start=1):
        found += [Step(kind, theme, number) for kind in ("stances", "figures", "risks", "vote")]
    return [*found, Step("choice")]


def _session(request, session_id: int, *, write: bool = False) -> tuple[Session, bool]:
    """The session (404 for outsiders) and whether this member may steer it."""
    session = get_object_or_404(Session.objects.select_related("unit"), pk=session_id)
    session.round, membership = round_for(request.user, session.round_id, write=write)
    return session, MemberRole(membership.role).can_write


def _stances(session: Session, theme: Theme) -> list[tuple[str, object]]:
    """The theme's four cells in an order of their own per session and theme, lettered A-D,
    without model names: the room reads the stances blind."""
    cells = shuffled(
        framework_cache.content(session.round.framework).cells[theme.key],
        f"{session.code}:{theme.key}",
    )
    return [(chr(ord("A") + i), cell) for i, cell in enumerate(cells)]


def _answers(session: Session) -> int:
    """How many have answered: in the session's unit and everything below it."""
    counted = tally.people(session.round)
    if session.unit is None:
        return sum(counted.values())
    tree = Tree(dict(session.round.organisation.units.values_list("id", "parent_id")))
    return sum(n for (unit, _role), n in counted.items() if tree.within(unit, session.unit.pk))


def _join_urls(request, session: Session) -> dict:
    phone = request.build_absolute_uri(reverse("dialogue:phone", kwargs={"code": session.code}))
    if session.unit:
        answer_path = reverse(
            "participate:intro-unit",
            kwargs={"code": session.round.code, "unit_id": session.unit.pk},
        )
    else:
        answer_path = reverse("participate:intro", kwargs={"code": session.round.code})
    answer = request.build_absolute_uri(answer_path)
    return {"phone_url": phone, "answer_url": answer}


def _figures(session: Session, theme: Theme) -> dict:
    """The theme's figures for the session's group, through the door."""
    published = door.results(session.round, unit_id=session.unit.pk if session.unit else None)
    if not published.shown:
        return {"published": published}
    texts = framework_texts(session.round.framework)
    views = theme_views(published.figures, texts.themes, texts.models, texts.positions)
    view = next(v for v in views if v.key == theme.key)
    block = next(t for t in published.figures["themes"] if t["theme"] == theme.key)
    most = max(block["now"]["counts"].values())
    leading = [m for m, n in block["now"]["counts"].items() if n == most]
    guide = [
        signals.described_guide(item, texts, dict(role_choices(session.round)))
        for item in signals.dialogue_guide(published.figures, texts, None)
    ]
    return {
        "published": published,
        "theme_view": view,
        "models": [(k, label, texts.positions[k]) for k, label in texts.models.items()],
        "leading": [(m, _levels(m)) for m in framework_cache.content(session.round.framework).models
                    if m.key in leading],
        "guide": next((g for g in guide if g["theme"] == theme.label), None),
    }  # fmt: skip


def _levels(model) -> list[tuple[str, list[str]]]:
    """A model's risks grouped by level, in the framework's order."""
    grouped: dict[str, list[str]] = {}
    for risk in model.risks.all():
        grouped.setdefault(risk.get_level_display(), []).append(risk.text)
    return list(grouped.items())


def _step_context(request, session: Session, step: Step) -> dict:
    context: dict = {"step": step}
    if step.theme is not None:
        context["stances"] = _stances(session, step.theme)
        context["revealed"] = step.theme.key in session.revealed
        if step.kind in ("figures", "risks") and context["revealed"]:
            context.update(_figures(session, step.theme))
        if step.kind == "vote":
            poll = Poll.objects.filter(session=session, theme=step.theme).first()
            context["poll"] = poll
            context["decision"] = selectors.current_choices(session.round, session.unit).get(
                step.theme.key
            )
    if step.kind == "choice":
        context["choices"] = selectors.current_choices(session.round, session.unit)
    return context


@login_required
@require_POST
def start(request, round_id: int):
    round_, _membership = round_for(request.user, round_id, write=True)
    unit_id = request.POST.get("eenheid") or None
    unit = None
    if unit_id:
        unit = round_.organisation.units.filter(pk=int(unit_id) if unit_id.isdigit() else 0).first()
        if unit is None:
            raise Http404
    session = services.start_session(round_=round_, unit=unit)
    return redirect("dialogue:presenter", session_id=session.pk)


@login_required
def presenter(request, session_id: int):
    session, can_write = _session(request, session_id)
    steps = steps_of(session)
    step = steps[min(session.step, len(steps) - 1)]
    context = {
        "session": session,
        "round": session.round,
        "steps": steps,
        "step_index": session.step,
        "last_index": len(steps) - 1,
        "can_write": can_write,
        **_join_urls(request, session),
        **_step_context(request, session, step),
    }
    if step.kind == "welcome":
        context["phone_qr"] = qr_inline_svg(context["phone_url"], svgclass="presenter__qr")
    if step.kind == "participation":
        context["answer_qr"] = qr_inline_svg(context["answer_url"], svgclass="presenter__qr")
    return render(request, "dialogue/presenter.html", context)


@login_required
def presenter_live(request, session_id: int):
    """What changes while the room works: the number of answers, the vote, the timer."""
    session, _can_write = _session(request, session_id)
    steps = steps_of(session)
    step = steps[min(session.step, len(steps) - 1)]
    context = {"session": session, "round": session.round, "step": step}
    context["phones"] = _connected(session)
    if step.kind == "participation":
        context["answers"] = _answers(session)
    if step.kind == "vote":
        poll = Poll.objects.filter(session=session, theme=step.theme).first()
        if poll is not None:
            tally = services.poll_tally(poll=poll)
            models = framework_cache.content(session.round.framework).models
            context["poll"] = poll
            context["tally"] = tally
            if tally.counts is not None:
                total = sum(tally.counts.values()) or 1
                context["bars"] = [
                    (m, tally.counts.get(m.key, 0), round(100 * tally.counts.get(m.key, 0) / total))
                    for m in models
                ]
    if session.timer_ends_at:
        left = max(0, int((session.timer_ends_at - timezone.now()).total_seconds()))
        context["timer"] = f"{left // 60}:{left % 60:02d}"
    return render(request, "dialogue/_presenter_live.html", context)


@login_required
@require_POST
def act(request, session_id: int):
    """The facilitator's buttons (and keys): next, back, reveal, timer, open or close a vote,
    record the decision, end."""
    session, _can_write = _session(request, session_id, write=True)
    steps = steps_of(session)
    last = len(steps) - 1
    step = steps[min(session.step, last)]
    action = request.POST.get("action", "")
    if action in ("next", "back"):
        services.go_to(
            session=session, step=session.step + (1 if action == "next" else -1), last=last
        )
    elif action == "goto":
        try:
            services.go_to(session=session, step=int(request.POST.get("step", "")), last=last)
        except ValueError:
            raise Http404 from None
    elif action == "reveal" and step.theme is not None:
        if session.round.is_open():
            publication.publish(round_=session.round)
        services.reveal(session=session, theme=step.theme.key)
    elif action == "timer":
        services.start_timer(session=session, minutes=TIMER_MINUTES)
    elif action == "open" and step.kind == "vote":
        services.open_poll(session=session, theme=step.theme.key)
    elif action == "close" and step.kind == "vote":
        services.close_poll(session=session, theme=step.theme.key)
    elif action == "decide" and step.kind == "vote":
        try:
            services.set_choices(
                round_=session.round,
                unit=session.unit,
                choices=[
                    services.ChoiceIn(
                        theme=step.theme.key,
                        model=request.POST.get("model", ""),
                        rationale=request.POST.get("rationale", "")[:2000],
                    )
                ],
                decided_by=request.POST.get("decided_by", "")[:120],
                session=session,
            )
        except services.Invalid as error:
            for loc, message in error.errors:
                if loc[-1] == "model":
                    message = _("Kies een model om het besluit vast te leggen.")
                messages.error(request, message)
        else:
            messages.success(request, _("Besluit vastgelegd."))
    elif action == "end":
        services.end_session(session=session)
        return redirect("dialogue:ambition", round_id=session.round_id)
    else:
        raise Http404
    return redirect("dialogue:presenter", session_id=session.pk)


# ---------------------------------------------------------------------------------------------
# Phones


def _phone_session(request, code: str) -> Session:
    """The session by its code; wrong codes count against the network like join codes. An
    ended session is found (its phones keep asking) but shows only that it has ended. A network
    over its budget is refused (429, visiespiegel.middleware), except a phone holding this
    session's vote cookie."""
    refused = entry.too_many_tries(request)
    session = (
        Session.objects.select_related("round__framework", "unit")
        .filter(code=normalise_code(code))
        .first()
    )
    if refused and (session is None or _voter_token(request, session) is None):
        raise entry.TooManyTries
    if session is None:
        entry.record_failure(request, normalise_code(code))
        raise Http404
    return session


def _signer(session: Session) -> signing.Signer:
    return signing.Signer(salt=f"visiespiegel.dialogue.vote:{session.code}")


def _voter_token(request, session: Session) -> str | None:
    """The phone's vote cookie, if this server made it for this session (a made-up or another
    session's cookie does not vote)."""
    token = request.COOKIES.get(VOTER_COOKIE)
    if not token:
        return None
    try:
        _signer(session).unsign(token)
    except signing.BadSignature:
        return None
    return token


def _hash(*parts) -> str:
    return hashlib.sha256(":".join([settings.SECRET_KEY, *map(str, parts)]).encode()).hexdigest()


def _count(key: str, timeout: int) -> int:
    """Add one to a shared counter; the new count."""
    counters = caches["counters"]
    if counters.add(key, 1, timeout):
        return 1
    try:
        return counters.incr(key)
    except ValueError:  # expired between add and incr
        counters.add(key, 1, timeout)
        return 1


def _new_voter_token(request, session: Session) -> str | None:
    """A new vote cookie, unless the phone's network already took its share in this session."""
    key = f"vote-cookies:{_hash('vote-cookies', session.pk, entry.client_network(request))}"
    taken = _count(key, VOTER_COOKIE_SECONDS)
    # An incremented key gets the cache's default timeout (minutes) in Django's database
    # cache: the share must last as long as the cookies it counts.
    caches["counters"].touch(key, VOTER_COOKIE_SECONDS)
    if taken > settings.VOTE_COOKIES_PER_NETWORK:
        return None
    return _signer(session).sign(secrets.token_urlsafe(24))


def _now() -> float:
    return time.time()


def _quarter() -> int:
    return int(_now() // SEEN_SECONDS)


def _phones_key(session: Session, quarter: int) -> str:
    return f"phones:{session.pk}:{quarter}"


def _seen(request, response: HttpResponse, session: Session, token: str) -> None:
    """Count the phone as connected in this quarter minute, once: a cookie remembers the
    quarter it was counted in, so a phone costs the cache one write every 15 s, not every
    question."""
    quarter = _quarter()
    if request.COOKIES.get(SEEN_COOKIE) == str(quarter):
        return
    if caches["counters"].add(f"phone:{_hash('phone', session.pk, quarter, token)}", 1,
                              2 * SEEN_SECONDS):  # fmt: skip
        _count(_phones_key(session, quarter), 3 * SEEN_SECONDS)
    response.set_cookie(
        SEEN_COOKIE, str(quarter), max_age=SEEN_SECONDS, httponly=True, samesite="Lax",
        secure=request.is_secure(),
    )  # fmt: skip


def _connected(session: Session) -> int:
    """Phones that asked in this quarter minute or the one before (15 to 30 s)."""
    quarter = _quarter()
    keys = [_phones_key(session, quarter - 1), _phones_key(session, quarter)]
    return max(caches["counters"].get_many(keys).values(), default=0)


def _state(session: Session) -> str:
    """What a phone's page was made from: the session's version (services._changed)."""
    return str(session.version)


def phone(request, code: str):
    session = _phone_session(request, code)
    if session.ended_at:
        return render(
            request, "dialogue/phone_ended.html", {"session": session, "round": session.round}
        )
    steps = steps_of(session)
    step = steps[min(session.step, len(steps) - 1)]
    context = {
        "session": session,
        "round": session.round,
        "state": _state(session),
        **_join_urls(request, session),
        **_step_context(request, session, step),
    }
    token = _voter_token(request, session) or _new_voter_token(request, session)
    context["over_cap"] = token is None
    if step.kind == "vote" and context.get("poll") and token:
        mine = context["poll"].votes.filter(voter=services.voter_digest(token)).first()
        context["my_vote"] = mine.model.key if mine else None
    response = render(request, "dialogue/phone.html", context)
    if token:
        response.set_cookie(
            VOTER_COOKIE, token, max_age=VOTER_COOKIE_SECONDS, httponly=True, samesite="Lax",
            secure=request.is_secure(),
        )  # fmt: skip
        _seen(request, response, session, token)
    return response


def phone_state(request, code: str):
    """Has the step changed since the phone's page was made? If so, htmx reloads the page."""
    session = _phone_session(request, code)
    if request.GET.get("stand") == _state(session):
        response = HttpResponse(status=204)
    else:
        response = HttpResponse(status=200)
        response["HX-Refresh"] = "true"
    if (token := _voter_token(request, session)) and not session.ended_at:
        _seen(request, response, session, token)
    return response


@require_POST
def phone_vote(request, code: str):
    session = _phone_session(request, code)
    if session.ended_at:
        return redirect("dialogue:phone", code=session.code)
    steps = steps_of(session)
    step = steps[min(session.step, len(steps) - 1)]
    token = _voter_token(request, session)
    if step.kind != "vote" or not token:
        return redirect("dialogue:phone", code=session.code)
    try:
        services.cast_vote(
            session=session, theme=step.theme.key, voter_token=token,
            model=request.POST.get("model", ""),
        )  # fmt: skip
    except services.PollClosed:
        messages.error(request, _("De stemming is gesloten."))
    except services.Invalid:
        messages.error(request, _("Kies een van de modellen."))
    else:
        messages.success(
            request, _("Je stem is binnen. Je kunt hem wijzigen tot de stemming sluit.")
        )
    return redirect("dialogue:phone", code=session.code)


def phone_join(request):
    """/s/: type the session's code."""
    code = normalise_code(request.GET.get("code", ""))
    error = False
    if code:
        try:
            session = _phone_session(request, code)
        except Http404:
            error = True
        else:
            if not session.ended_at:
                return redirect("dialogue:phone", code=session.code)
            error = True
    return render(request, "dialogue/phone_join.html", {"error": error, "code": code})
