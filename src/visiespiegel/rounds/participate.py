"""The participant's way through a round: anonymous, works without JavaScript.

join -> intro -> role -> unit (when there is a choice) -> each theme -> review -> submit -> own
profile.
Progress lives in a Draft found through a private token in a cookie scoped to the round.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from visiespiegel.frameworks.wording import wording
from visiespiegel.rounds import codes, drafts, entry, selectors, submission
from visiespiegel.rounds.enums import DRAFT_DAYS, Access
from visiespiegel.rounds.forms import WHOLE_REGION, JoinForm, RoleForm, ThemeForm, UnitForm
from visiespiegel.rounds.models import Draft, Round
from visiespiegel.rounds.selectors import (
    audience_of,
    cells_by_theme,
    only_unit,
    role_choices,
    round_offers_units,
    shuffled,
    themes_of,
    unit_for_round,
    unit_options,
)

COOKIE_MAX_AGE = DRAFT_DAYS * 24 * 3600


def _personal_cookie(code: str) -> str:
    """Holds a participant's personal code until they submit: kept on their device only, so
    nothing on the server ties their answers in progress to the code."""
    return f"{entry.draft_cookie(code)}_p"


def _set_cookie(
    response: HttpResponse, round_: Round, token: str, name: str | None = None
) -> HttpResponse:
    response.set_cookie(
        name or entry.draft_cookie(round_.code),
        token,
        max_age=COOKIE_MAX_AGE,
        path=f"/d/{round_.code}/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def current_draft(request, round_: Round) -> Draft | None:
    """The participant's draft (one query), attached to the round the page already has."""
    token = request.COOKIES.get(entry.draft_cookie(round_.code))
    if not token:
        return None
    draft = (
        Draft.objects.select_related("unit", "response")
        .filter(round=round_, token_digest=codes.digest(token))
        .first()
    )
    if draft is not None:
        draft.round = round_
    return draft


def _unknown(request, code: str = "") -> HttpResponse:
    """The one answer to a code, link or token we do not know, wherever it was used."""
    form = JoinForm(initial={"code": code})
    return render(
        request, "rounds/participate/join.html", {"form": form, "unknown": True}, status=404
    )


def _busy(request) -> HttpResponse:
    return render(request, "rounds/participate/busy.html", status=429)


def code_page(view):
    """A page under /d/CODE/: the round comes through the entry check, so an unknown code and
    too many wrong tries are answered the same way on every page."""

    @wraps(view)
    def wrapper(request, code: str, **kwargs):
        try:
            round_ = entry.round_for_code(request, code)
        except entry.TooManyTries:
            return _busy(request)
        except entry.UnknownCode:
            return _unknown(request, code)
        if round_.code != code and request.method == "GET":
            return redirect(request.path.replace(f"/d/{code}/", f"/d/{round_.code}/", 1))
        try:
            return view(request, round_, **kwargs)
        except entry.UnknownCode:
            return _unknown(request)

    return wrapper


def _closed(request, round_: Round) -> HttpResponse:
    return render(request, "rounds/participate/closed.html", {"round": round_}, status=410)


def join(request):
    form = JoinForm(request.GET or None)
    if form.is_bound and form.is_valid():
        try:
            round_ = entry.round_for_code(request, form.cleaned_data["code"])
        except entry.TooManyTries:
            return _busy(request)
        except entry.UnknownCode:
            return _unknown(request, form.cleaned_data["code"])
        return redirect("participate:intro", code=round_.code)
    return render(request, "rounds/participate/join.html", {"form": form})


@code_page
def intro(request, round_: Round, unit_id: int | None = None, personal: str = ""):
    unit = None
    draft = current_draft(request, round_)
    if unit_id is not None:
        unit = unit_for_round(round_, unit_id)
        if unit is None:
            raise entry.UnknownCode
    if draft and draft.response_id:
        return redirect("insights:profile", code=round_.code)
    if not round_.is_open():
        return _closed(request, round_)
    return _intro(request, round_, unit, draft, personal=codes.normalise_code(personal))


def _intro(request, round_, unit, draft, *, personal: str = "", wrong: bool = False):
    return render(
        request,
        "rounds/participate/intro.html",
        {
            "round": round_,
            "unit": unit,
            "draft": draft,
            "personal_code": round_.access == Access.PERSONAL,
            "themes_count": len(themes_of(round_)),
            "personal": personal,
            "wrong_personal_code": wrong,
        },
        status=422 if wrong else 200,
    )


@require_POST
@code_page
def start(request, round_: Round):
    if not round_.is_open():
        return _closed(request, round_)
    draft = current_draft(request, round_)
    if draft is not None:
        return redirect(_next_step(draft))
    unit_id = request.POST.get("unit", "")
    unit = unit_for_round(round_, int(unit_id)) if unit_id.isdigit() else None
    personal = ""
    if round_.access == Access.PERSONAL:
        personal = codes.normalise_code(request.POST.get("persoonlijke_code", ""))
        invitation = selectors.personal_code(round_, personal)
        if invitation is None:
            entry.record_failure(request, personal)
            return _intro(request, round_, unit, None, personal=personal, wrong=True)
        unit = invitation.unit or unit
    draft, token = drafts.start_draft(round_=round_, unit=unit)
    response = _set_cookie(redirect("participate:role", code=round_.code), round_, token)
    if personal:
        _set_cookie(response, round_, personal, name=_personal_cookie(round_.code))
    return response


def _require_draft(request, round_: Round) -> tuple[Draft | None, HttpResponse | None]:
    draft = current_draft(request, round_)
    if draft is None:
        return None, redirect("participate:intro", code=round_.code)
    if not round_.is_open():
        return draft, _closed(request, round_)
    return draft, None


def _next_step(draft: Draft) -> str:
    code = draft.round.code
    if not draft.role:
        return reverse("participate:role", kwargs={"code": code})
    if not draft.unit_chosen:
        return reverse("participate:unit", kwargs={"code": code})
    for number, theme in enumerate(themes_of(draft.round), start=1):
        if not _answered(draft, theme.key):
            return reverse("participate:theme", kwargs={"code": code, "number": number})
    return reverse("participate:review", kwargs={"code": code})


@code_page
def role(request, round_: Round):
    draft, stop = _require_draft(request, round_)
    if stop:
        return stop
    if draft.response_id:  # role and unit are fixed once submitted
        return redirect("participate:review", code=round_.code)
    form = RoleForm(request.POST or None, initial={"role": draft.role}, roles=role_choices(round_))
    if request.method == "POST" and form.is_valid():
        role = form.cleaned_data["role"]
        options = unit_options(round_, role)
        fixed = only_unit(round_)
        ask = not draft.unit_fixed and fixed is None and bool(options)
        unit = fixed if not ask else _still_offered(draft.unit, options)
        drafts.save_role(draft=draft, role=role, unit=unit, unit_chosen=not ask)
        if ask:
            return redirect(
                _with_back(reverse("participate:unit", kwargs={"code": round_.code}), request)
            )
        return _onward(request, round_)
    return render(
        request,
        "rounds/participate/role.html",
        {"round": round_, "draft": draft, "form": form, "steps": _steps(themes_of(round_), draft)},
    )


def _still_offered(unit, options: list):
    """A unit chosen before stays the default if the new role can choose it too."""
    return unit if unit is not None and unit in options else None


def _onward(request, round_: Round):
    """After the role or school step: back to the review when that is where it came from,
    else the first theme."""
    if request.POST.get("naar") == "controle":
        return redirect("participate:review", code=round_.code)
    return redirect("participate:theme", code=round_.code, number=1)


def _with_back(url: str, request) -> str:
    return f"{url}?naar=controle" if request.POST.get("naar") == "controle" else url


@code_page
def unit(request, round_: Round):
    """The unit question, worded for the role: a school, or for roles beyond one school the
    whole samenwerkingsverband or a board."""
    draft, stop = _require_draft(request, round_)
    if stop:
        return stop
    if not draft.role or draft.response_id or draft.unit_fixed:
        return redirect(_next_step(draft))
    options = unit_options(round_, draft.role)
    initial = "" if draft.unit_id is None else str(draft.unit_id)
    if draft.unit_chosen and draft.unit_id is None:
        initial = WHOLE_REGION
    form = UnitForm(request.POST or None, initial={"unit": initial}, role=draft.role, units=options)
    if request.method == "POST" and form.is_valid():
        drafts.save_role(draft=draft, role=draft.role, unit=form.cleaned_data["unit"])
        return _onward(request, round_)
    return render(
        request,
        "rounds/participate/unit.html",
        {
            "round": round_,
            "draft": draft,
            "form": form,
            "steps": _steps(themes_of(round_), draft),
            "from_review": request.GET.get("naar") == "controle",
        },
    )


@code_page
def theme(request, round_: Round, number: int):
    draft, stop = _require_draft(request, round_)
    if stop:
        return stop
    if not draft.role or not draft.unit_chosen:
        return redirect(_next_step(draft))
    themes = themes_of(round_)
    if not 1 <= number <= len(themes):
        raise Http404
    current = themes[number - 1]
    # The same order on every device of one participant.
    seed = draft.response.idempotency_key if draft.response_id else draft.key
    cells = shuffled(cells_by_theme(round_)[current.key], f"{seed}:{current.key}")
    saved = draft.answers.get(current.key, {})
    keys = [c.model.key for c in cells]
    form = ThemeForm(request.POST or None, initial=saved, model_keys=keys)
    if request.method == "POST" and request.POST.get("richting") == "vorige":
        # Back keeps what was chosen on this page, complete or not.
        drafts.save_theme(draft=draft, theme=current.key, **form.partial())
        if number == 1:
            return redirect(
                "participate:unit" if _asks_unit(draft) else "participate:role", code=round_.code
            )
        return redirect("participate:theme", code=round_.code, number=number - 1)
    if request.method == "POST" and form.is_valid():
        drafts.save_theme(draft=draft, theme=current.key, **form.cleaned_data)
        if request.POST.get("naar") == "controle" or number == len(themes):
            return redirect("participate:review", code=round_.code)
        return redirect("participate:theme", code=round_.code, number=number + 1)
    audience = audience_of(draft.role)
    words = wording(audience)
    options = [
        {
            "letter": "ABCDEFGH"[i],
            "cell": cell,
            "key": cell.model.key,
            "own": cell.wording(audience),
        }
        for i, cell in enumerate(cells)
    ]
    return render(
        request,
        "rounds/participate/theme.html",
        {
            "round": round_,
            "draft": draft,
            "form": form,
            "theme": current,
            "theme_label": words.theme(current),
            "theme_note": words.theme_note(current),
            "adaptation": words.note(round_.framework),
            "number": number,
            "total": len(themes),
            "options": options,
            "steps": _steps(themes, draft),
            "previous": number - 1,
            "from_review": request.GET.get("naar") == "controle",
        },
    )


def _asks_unit(draft: Draft) -> bool:
    """Whether this participant had a unit page to answer (so Back from theme 1 goes there)."""
    round_ = draft.round
    return (
        not draft.unit_fixed
        and only_unit(round_) is None
        and bool(unit_options(round_, draft.role))
    )


def _answered(draft: Draft, theme: str) -> bool:
    saved = draft.answers.get(theme, {})
    return bool(saved.get("now") and saved.get("wanted"))


def _steps(themes: list, draft: Draft) -> dict:
    done = sum(1 for t in themes if _answered(draft, t.key))
    return {"done": done, "total": len(themes)}


@code_page
def review(request, round_: Round):
    draft, stop = _require_draft(request, round_)
    if stop:
        return stop
    cells = cells_by_theme(round_)
    words = wording(audience_of(draft.role))
    rows = []
    for number, current in enumerate(themes_of(round_), start=1):
        saved = draft.answers.get(current.key, {})
        by_model = {c.model.key: c for c in cells[current.key]}
        now, wanted = by_model.get(saved.get("now")), by_model.get(saved.get("wanted"))
        rows.append(
            {
                "number": number,
                "label": words.theme(current),
                "now": words.stance(now) if now else "",
                "wanted": words.stance(wanted) if wanted else "",
                "remark": saved.get("remark", ""),
            }
        )
    complete = bool(draft.role) and all(r["now"] and r["wanted"] for r in rows)
    role_label = dict(role_choices(round_)).get(draft.role, "")
    return render(
        request,
        "rounds/participate/review.html",
        {
            "round": round_,
            "draft": draft,
            "rows": rows,
            "complete": complete,
            "role_label": role_label,
            "round_offers_units": round_offers_units(round_),
            "error": request.GET.get("fout") == "1",
            "code_error": request.GET.get("fout") == "code",
        },
    )


@require_POST
@code_page
def submit(request, round_: Round):
    draft, stop = _require_draft(request, round_)
    if stop:
        return stop
    personal = request.COOKIES.get(_personal_cookie(round_.code), "")
    try:
        drafts.submit_draft(draft=draft, invitation=personal)
    except submission.SubmissionInvalid as error:
        problem = "code" if any(loc == ("invitation",) for loc, _m in error.errors) else "1"
        review = reverse("participate:review", kwargs={"code": round_.code})
        return redirect(f"{review}?fout={problem}")
    except submission.RoundClosed:
        return _closed(request, round_)
    done = redirect(reverse("insights:profile", kwargs={"code": round_.code}) + "?verstuurd=1")
    done.delete_cookie(_personal_cookie(round_.code), path=f"/d/{round_.code}/")
    return done


@code_page
def private_link(request, round_: Round, token: str):
    """The participant's own bookmarkable link: reopens their profile on this device."""
    response = selectors.response_for_edit_token(round_, token)
    entry.check_secret(request, response, token)
    _draft_obj, cookie = drafts.draft_for_response(response=response)
    return _set_cookie(redirect("insights:profile", code=round_.code), round_, cookie)


def private_url(request, round_: Round, response) -> str:
    """The participant's own bookmarkable link to their profile (see private_link)."""
    token = codes.edit_token(settings.SECRET_KEY, round_.pk, str(response.idempotency_key))
    path = reverse("participate:private", kwargs={"code": round_.code, "token": token})
    return request.build_absolute_uri(path)
