"""Results pages of a round: overview, comparisons, signals with the dialogue guide, remarks;
publishing an interim snapshot. Every figure comes through the door (`selectors`).

Every page goes through rounds.access (404 for outsiders).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from visiespiegel.insights import sections, selectors, services
from visiespiegel.insights.forms import GroupFilter
from visiespiegel.insights.texts import framework_texts
from visiespiegel.organisations.access import check_role
from visiespiegel.organisations.enums import MemberRole
from visiespiegel.rounds.access import round_for
from visiespiegel.rounds.codes import normalise_code
from visiespiegel.rounds.models import Round
from visiespiegel.rounds.selectors import round_unit


def _group(request, round_: Round):
    form = GroupFilter(request.GET or None, round_=round_)
    if form.is_bound and not form.is_valid():
        raise Http404  # a unit or role that is not this round's
    unit_id, role = form.group()
    return form, unit_id, role


FILTER_KEYS = ("per", "eenheid", "rol")


def _filter_query(request, unit_id: int | None, role: str | None, per: str | None) -> str:
    """The chosen group as one clean query string: no empty or repeated values, the page's
    other parameters (a page number, say) kept after it."""
    chosen = [("per", per), ("eenheid", unit_id), ("rol", role)]
    rest = [(k, v) for k, v in request.GET.items() if k not in FILTER_KEYS]
    return urlencode([(k, v) for k, v in chosen if v] + rest)


def _clean_url(request, context: dict) -> HttpResponse | None:
    """Send a filter URL in any other form (a plain form submit with empty values, a URL
    that grew) to its clean form, so the address bar, Back and Forward and the tabs all say
    the same group. An htmx filter change is told the clean URL to push instead."""
    if request.headers.get("HX-Request") or request.GET.urlencode() == context["full_query"]:
        return None
    return redirect(f"{request.path}?{context['full_query']}".rstrip("?"))


def _render(request, template: str, context: dict) -> HttpResponse:
    htmx = bool(request.headers.get("HX-Request"))
    response = render(request, template, {**context, "oob": htmx})
    if htmx:
        response["HX-Push-Url"] = f"{request.path}?{context['full_query']}".rstrip("?")
    patch_vary_headers(response, ["HX-Request"])  # a page and its fragment share a URL
    return response


def _page(request, round_id: int, *, figures: bool = True, per: str | None = None) -> dict:
    """What every results page starts from: the round (404 for outsiders), the chosen group,
    its figures as published, the snapshot they come from and the framework texts."""
    round_, membership = round_for(request.user, round_id)
    form, unit_id, role = _group(request, round_)
    published = selectors.results(round_, unit_id=unit_id, role=role) if figures else None
    unit = round_unit(round_, unit_id) if unit_id else None
    snapshot = selectors.snapshot_publishing_final(round_)
    return {
        "round": round_,
        "organisation": round_.organisation,
        "snapshot": snapshot,
        "form": form,
        "unit_id": unit_id,
        "unit": unit,
        "role": role,
        "published": published,
        "figures": published.figures if published else None,
        "texts": framework_texts(round_.framework),
        "can_write": MemberRole(membership.role).can_write,
        # What the tabs carry over: the group, not this page's own parameters.
        "query": urlencode([(k, v) for k, v in (("eenheid", unit_id), ("rol", role)) if v]),
        "full_query": _filter_query(request, unit_id, role, per),
        "print_header": sections.print_header(round_, unit, role, published, snapshot),
    }


@login_required
def overview(request, round_id: int):
    context = _page(request, round_id)
    if redirect_to := _clean_url(request, context):
        return redirect_to
    if not context["figures"]["suppressed"]:
        context.update(sections.overview(context["figures"], context["texts"]))
    template = (
        "insights/_results.html" if request.headers.get("HX-Request") else "insights/results.html"
    )
    return _render(request, template, context)


@login_required
def compare(request, round_id: int):
    per = "eenheid" if request.GET.get("per") == "eenheid" else "rol"
    context = _page(request, round_id, figures=False, per=per if per != "rol" else None)
    if redirect_to := _clean_url(request, context):
        return redirect_to
    context["per"] = per
    context.update(
        sections.comparison(
            context["round"],
            context["texts"],
            unit_id=context["unit_id"],
            role=context["role"],
            per=per,
        )
    )
    context["trend"] = selectors.trend(context["organisation"])
    return _render(request, "insights/compare.html", context)


@login_required
def signals_page(request, round_id: int):
    context = _page(request, round_id)
    if redirect_to := _clean_url(request, context):
        return redirect_to
    context.update(
        sections.signals_and_guide(
            context["round"],
            context["figures"],
            context["texts"],
            unit_id=context["unit_id"],
            role=context["role"],
        )
    )
    return render(request, "insights/signals.html", context)


@login_required
def remarks(request, round_id: int):
    context = _page(request, round_id, figures=False)
    if redirect_to := _clean_url(request, context):
        return redirect_to
    found = selectors.remarks(context["round"], unit_id=context["unit_id"], role=context["role"])
    context["remarks"] = found
    if found.block:
        context["block_unit"] = context["organisation"].units.filter(pk=found.block).first()
    return render(request, "insights/remarks.html", context)


@login_required
def print_css(request, round_id: int):
    """The running header of a printed results page for the chosen group."""
    context = _page(request, round_id)
    return render(request, "insights/print_header.css", context, content_type="text/css")


@login_required
@require_POST
def remark_visibility(request, round_id: int, public_id: str, hidden: bool):
    round_, _membership = round_for(request.user, round_id, write=True)
    if not services.set_remark_hidden(round_=round_, public_id=public_id, hidden=hidden):
        raise Http404
    messages.success(
        request, _("Opmerking verborgen.") if hidden else _("Opmerking weer zichtbaar.")
    )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("insights:remarks", kwargs={"round_id": round_.pk})
    return redirect(target)


@login_required
@require_POST
def publish(request, round_id: int):
    """Publish an interim snapshot ("tussenstand") of an open round."""
    round_, _membership = round_for(request.user, round_id, write=True)
    if not round_.is_open():
        messages.error(request, _("De peiling is gesloten; de eindstand staat al klaar."))
    else:
        snapshot = services.publish(round_=round_)
        messages.success(
            request,
            _("Tussenstand %(number)s gepubliceerd met %(n)s antwoorden.")
            % {"number": snapshot.number, "n": snapshot.responses},
        )
    return redirect("insights:overview", round_id=round_.pk)


@login_required
def delete_answers(request, round_id: int):
    """Delete the raw answers of a closed round after the retention period, keeping its
    published results: managers only, after confirming with the round's code."""
    round_, membership = round_for(request.user, round_id)
    check_role(membership, manage=True)
    error = ""
    if request.method == "POST" and not round_.answers_deleted_at:
        if normalise_code(request.POST.get("code", "")) != round_.code:
            error = _("Dat is niet de code van deze peiling.")
        else:
            try:
                deleted = services.delete_raw_answers(round_=round_)
            except services.AnswersKept as refused:
                error = str(refused)
            else:
                messages.success(
                    request,
                    _("%(n)s antwoorden verwijderd. De gepubliceerde uitkomsten blijven staan.")
                    % {"n": deleted},
                )
                return redirect("rounds:detail", round_id=round_.pk)
    return render(
        request,
        "insights/delete_answers.html",
        {
            "round": round_,
            "organisation": round_.organisation,
            "error": error,
            "allowed_from": services.answers_deletable_from(round_),
            "responses": round_.responses.count(),
            "now": timezone.now(),
        },
    )
