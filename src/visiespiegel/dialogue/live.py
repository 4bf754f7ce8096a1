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
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from visiespiegel.dialogue import selectors, services
from visiespiegel.dialogue.models import Poll, Session
from visiespiegel.frameworks import cache as framework_cache
from visiespiegel.frameworks.dominance import dominant_models
from visiespiegel.frameworks.enums import Level
from visiespiegel.frameworks.models import Theme
from visiespiegel.frameworks.selectors import risk_levels
from visiespiegel.frameworks.wording import wording
from visiespiegel.insights import selectors as door
from visiespiegel.insights import services as publication
from visiespiegel.insights import signals
from visiespiegel.insights.presentation import percentages, theme_views
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
AUDIENCE_COOKIE = "vs_wie"  # whose words the phone reads (see phone_audience)
AUDIENCE_COOKIE_SECONDS = 365 * 24 * 3600
STAFF = "medewerker"  # reads the framework's source text


# Each theme in seven slides: the stances read blind, the figures (one chart), the table of
# moves from now to wanted, the risks of the model most answers put now at (on two slides, by
# level: all of them at once do not fit in letters the hall can read), the questions of the
# dialogue guide, the vote.
RISK_SLIDES = ((Level.LEERLING, Level.LERAAR), (Level.SCHOOL, Level.REGIO))
THEME_STEPS = (
    ("stances", ()),
    ("figures", ()),
    ("table", ()),
    *(("risks", levels) for levels in RISK_SLIDES),
    ("questions", ()),
    ("vote", ()),
)


STEP_NAMES = {
    "welcome": _lazy("Welkom"),
    "participation": _lazy("Peiling invullen"),
    "stances": _lazy("Uitspraken"),
    "figures": _lazy("Uitkomsten"),
    "table": _lazy("Van nu naar gewenst"),
    "risks": _lazy("Risico's voor %(levels)s"),
    "questions": _lazy("Vragen voor het gesprek"),
    "vote": _lazy("Stemming"),
    "choice": _lazy("Onze keuze"),
}


@dataclass(frozen=True)
class Step:
    kind: str  # welcome | participation | one of THEME_STEPS | choice
    theme: Theme | None = None
    number: int = 0  # the theme's number
    levels: tuple[Level, ...] = ()  # a risks slide's levels

    @property
    def name(self) -> str:
        """What the control view calls the step."""
        name = str(STEP_NAMES[self.kind])
        if self.levels:
            name = name % {
                "levels": get_text_list([str(lv.label).lower() for lv in self.levels], _("en"))
            }
        if self.theme is None:
            return name
        return _("Thema %(number)s, %(theme)s: %(step)s") % {
            "number": self.number,
            "theme": self.theme.label,
            "step": name,
        }


def steps_of(session: Session) -> list[Step]:
    themes = framework_cache.content(session.round.framework).themes
    found = [Step("welcome"), Step("participation")]
    for number, theme in enumerate(themes, start=1):
        found += [Step(kind, theme, number, levels) for kind, levels in THEME_STEPS]
    return [*found, Step("choice")]


def current_step(session: Session) -> Step:
    steps = steps_of(session)
    return steps[min(session.step, len(steps) - 1)]


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


def _figures(session: Session, step: Step) -> dict:
    """What a theme's slide shows of the session's group, through the door."""
    theme, kind = step.theme, step.kind
    published = door.results(session.round, unit_id=session.unit.pk if session.unit else None)
    if not published.shown:
        return {"published": published}
    texts = framework_texts(session.round.framework)
    found: dict = {"published": published}
    if kind in ("figures", "table"):
        views = theme_views(published.figures, texts.themes, texts.models, texts.positions)
        view = found["theme_view"] = next(v for v in views if v.key == theme.key)
        found["models"] = [(k, label, texts.positions[k]) for k, label in texts.models.items()]
        found["chart"] = [
            (texts.models[now.model], now, wanted)
            for now, wanted in zip(view.now.segments, view.wanted.segments, strict=True)
        ]
    if kind == "risks":
        block = next(t for t in published.figures["themes"] if t["theme"] == theme.key)
        leading = dominant_models(block["now"]["counts"])
        found["leading"] = [
            (m, [lv for lv in risk_levels(m) if lv.level in step.levels])
            for m in framework_cache.content(session.round.framework).models
            if m.key in leading
        ]
    if kind == "questions":
        roles = dict(role_choices(session.round))
        found["guide"] = [
            guide
            for item in signals.dialogue_guide(published.figures, texts, None)
            if (guide := signals.described_guide(item, texts, roles))["theme"] == theme.label
        ]
    return found


def _step_context(session: Session, step: Step) -> dict:
    context: dict = {"step": step}
    if step.theme is not None:
        context["stances"] = _stances(session, step.theme)
        context["revealed"] = step.theme.key in session.revealed
        if step.kind in ("figures", "table", "risks", "questions") and context["revealed"]:
            context.update(_figures(session, step))
        if step.kind == "vote":
            context["poll"] = Poll.objects.filter(session=session, theme=step.theme).first()
            context["decision"] = selectors.current_choices(session.round, session.unit).get(
                step.theme.key
            )
    if step.kind == "choice":
        context["choices"] = selectors.current_choices(session.round, session.unit)
    return context


def _state(session: Session) -> str:
    """What a page of the session was made from: the session's version (services._changed)."""
    return str(session.version)


def _screen_context(request, session: Session) -> dict:
    """What the projected screen and the control view share: where the session is."""
    steps = steps_of(session)
    step = current_step(session)
    return {
        "session": session,
        "round": session.round,
        "state": _state(session),
        "step_index": min(session.step, len(steps) - 1),
        "last_index": len(steps) - 1,
        **_join_urls(request, session),
        **_step_context(session, step),
    }


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
    return redirect("dialogue:control", session_id=session.pk)


@login_required
def presenter(request, session_id: int):
    """The projected screen: one slide, no forms. It follows the control view."""
    session, can_write = _session(request, session_id)
    context = {**_screen_context(request, session), "can_write": can_write}
    context["corner_qr"] = qr_inline_svg(context["phone_url"], svgclass="slide__corner-qr")
    if context["step"].kind == "welcome":
        context["phone_qr"] = qr_inline_svg(context["phone_url"], svgclass="slide__qr")
    if context["step"].kind == "participation":
        context["answer_qr"] = qr_inline_svg(context["answer_url"], svgclass="slide__qr")
    return render(request, "dialogue/presenter.html", context)


@login_required
def control(request, session_id: int):
    """The facilitator's view (a second window or their phone): the buttons, and the decision
    form, which never shows on the projected screen."""
    session, _can_write = _session(request, session_id, write=True)
    context = _screen_context(request, session)
    context["steps"] = steps_of(session)
    if context["step_index"] < context["last_index"]:
        context["next_step"] = context["steps"][context["step_index"] + 1]
    return render(request, "dialogue/presenter_control.html", context)


@login_required
def presenter_live(request, session_id: int):
    """What changes while the room works: the number of answers, the vote, the timer. When
    the step changed since the page was made (?stand=), the page reloads (htmx)."""
    session, _can_write = _session(request, session_id)
    if request.GET.get("stand", _state(session)) != _state(session):
        response = HttpResponse(status=200)
        response["HX-Refresh"] = "true"
        return response
    step = current_step(session)
    context = {"session": session, "round": session.round, "step": step}
    context["phones"] = _connected(session)
    if step.kind == "participation":
        context["answers"] = _answers(session)
    if step.kind == "vote":
        poll = Poll.objects.filter(session=session, theme=step.theme).first()
        if poll is not None:
            context["poll"] = poll
            context.update(_vote_figures(session, poll))
    if session.timer_ends_at:
        context["timer"] = _clock(_timer_left(session))
    return render(request, "dialogue/_presenter_live.html", context)


def _timer_left(session: Session) -> int:
    """Whole seconds left on the timer (0 when none runs)."""
    if session.timer_ends_at is None:
        return 0
    return max(0, int((session.timer_ends_at - timezone.now()).total_seconds()))


def _clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def _vote_figures(session: Session, poll: Poll) -> dict:
    """The number of votes and, once shown, the bars: the number is the bars' sum (the
    counts of every final vote at closing), so the two always agree."""
    counted = services.poll_tally(poll=poll)
    if counted.counts is None:
        return {"votes": counted.votes}
    shares = percentages(counted.counts)
    models = framework_cache.content(session.round.framework).models
    return {
        "votes": sum(counted.counts.values()),
        "bars": [(m, counted.counts.get(m.key, 0), shares.get(m.key, 0)) for m in models],
    }


# ---------------------------------------------------------------------------------------------
# The facilitator's actions: one URL each, from the control view (and its keys)


def _steer(request, session_id: int) -> tuple[Session, Step]:
    session, _can_write = _session(request, session_id, write=True)
    return session, current_step(session)


def _steer_vote(request, session_id: int) -> tuple[Session, Step]:
    """As `_steer`, for the actions of a vote step only (404 on any other step)."""
    session, step = _steer(request, session_id)
    if step.kind != "vote":
        raise Http404
    return session, step


def _to_control(session: Session):
    return redirect("dialogue:control", session_id=session.pk)


@login_required
@require_POST
def go_next(request, session_id: int):
    session, _step = _steer(request, session_id)
    services.go_to(session=session, step=session.step + 1, last=len(steps_of(session)) - 1)
    return _to_control(session)


@login_required
@require_POST
def go_back(request, session_id: int):
    session, _step = _steer(request, session_id)
    services.go_to(session=session, step=session.step - 1, last=len(steps_of(session)) - 1)
    return _to_control(session)


@login_required
@require_POST
def go_to(request, session_id: int):
    session, _step = _steer(request, session_id)
    try:
        step = int(request.POST.get("step", ""))
    except ValueError:
        raise Http404 from None
    services.go_to(session=session, step=step, last=len(steps_of(session)) - 1)
    return _to_control(session)


@login_required
@require_POST
def reveal(request, session_id: int):
    session, step = _steer(request, session_id)
    if step.theme is None:
        raise Http404
    if session.round.is_open():
        publication.publish(round_=session.round)
    services.reveal(session=session, theme=step.theme.key)
    return _to_control(session)


@login_required
@require_POST
def timer(request, session_id: int):
    session, _step = _steer(request, session_id)
    services.start_timer(session=session, minutes=TIMER_MINUTES)
    return _to_control(session)


@login_required
@require_POST
def open_vote(request, session_id: int):
    session, step = _steer_vote(request, session_id)
    services.open_poll(session=session, theme=step.theme.key)
    return _to_control(session)


@login_required
@require_POST
def close_vote(request, session_id: int):
    session, step = _steer_vote(request, session_id)
    services.close_poll(session=session, theme=step.theme.key)
    return _to_control(session)


@login_required
@require_POST
def decide(request, session_id: int):
    """The group's decision on the vote step's theme, through the decision service."""
    session, step = _steer_vote(request, session_id)
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
    return _to_control(session)


@login_required
@require_POST
def end(request, session_id: int):
    session, _step = _steer(request, session_id)
    services.end_session(session=session)
    return redirect("dialogue:ambition", round_id=session.round_id)


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


def _audience(request, session: Session) -> str | None:
    """Whose words this phone reads: an audience of the framework, STAFF for the source text,
    or None if the phone has not said yet (and the framework has wording for someone)."""
    offered = {a["key"] for a in session.round.framework.audiences}
    if not offered:
        return STAFF
    chosen = request.COOKIES.get(AUDIENCE_COOKIE)
    return chosen if chosen == STAFF or chosen in offered else None


def _in_words(context: dict, audience: str) -> None:
    """The step's theme, stances and choices in the audience's own words (the framework's
    adaptation where it has one, else the source text)."""
    words = wording(None if audience == STAFF else audience)
    if theme := context["step"].theme:
        context["theme_label"] = words.theme(theme)
        context["theme_note"] = words.theme_note(theme)
        context["stances"] = [
            (letter, cell, words.stance(cell)) for letter, cell in context["stances"]
        ]
    if context.get("choices"):
        context["choices"] = [(words.theme(c.theme), c) for c in context["choices"].values()]


def phone(request, code: str):
    session = _phone_session(request, code)
    if session.ended_at:
        return render(
            request, "dialogue/phone_ended.html", {"session": session, "round": session.round}
        )
    audience = _audience(request, session)
    if audience is None:
        return redirect("dialogue:phone-audience", code=session.code)
    context = {
        "session": session,
        "round": session.round,
        "state": _state(session),
        "audience": audience,
        **_join_urls(request, session),
        **_step_context(session, current_step(session)),
    }
    _in_words(context, audience)
    context["can_choose_words"] = bool(session.round.framework.audiences)
    if left := _timer_left(session):
        context["timer_seconds"], context["timer"] = left, _clock(left)
    token = _voter_token(request, session) or _new_voter_token(request, session)
    context["over_cap"] = token is None
    if context["step"].kind == "vote" and context.get("poll") and token:
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


# Who the phone says it is: a framework audience, or STAFF (the source text).
AUDIENCE_NAMES = {
    "ouders": _lazy("Ik ben ouder of verzorger"),
    "leerlingen": _lazy("Ik ben leerling"),
    "partners": _lazy("Ik werk bij jeugdhulp, zorg of de gemeente"),
}


def phone_audience(request, code: str):
    """/s/CODE/wie/: the phone says once who reads it (parent, pupil, partner or staff); a
    cookie keeps it for every session."""
    session = _phone_session(request, code)
    offered = [a["key"] for a in session.round.framework.audiences if a["key"] in AUDIENCE_NAMES]
    choices = [(key, AUDIENCE_NAMES[key]) for key in offered]
    choices.append((STAFF, _("Ik werk in het onderwijs")))
    if request.method == "POST":
        chosen = request.POST.get("wie", "")
        if chosen in dict(choices):
            response = redirect("dialogue:phone", code=session.code)
            response.set_cookie(
                AUDIENCE_COOKIE, chosen,
                max_age=AUDIENCE_COOKIE_SECONDS, path="/s/", httponly=True, samesite="Lax",
                secure=request.is_secure(),
            )  # fmt: skip
            return response
    return render(
        request,
        "dialogue/phone_audience.html",
        {
            "session": session,
            "round": session.round,
            "choices": choices,
            "error": request.method == "POST",
        },
    )


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
    step = current_step(session)
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
