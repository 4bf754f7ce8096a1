"""A participant's own profile: their answers on the placemat, beside the whole group's
published figures (through the same door as every other figure)."""

from __future__ import annotations

from django.shortcuts import redirect, render

from visiespiegel.frameworks.wording import wording
from visiespiegel.insights import selectors
from visiespiegel.insights.charts import Axis, profile_chart
from visiespiegel.rounds.participate import code_page, current_draft, private_url
from visiespiegel.rounds.selectors import audience_of, profile


@code_page
def own_profile(request, round_):
    draft = current_draft(request, round_)
    if draft is None or draft.response_id is None:
        return redirect("participate:intro", code=round_.code)
    mine = profile(draft.response, round_)
    group = selectors.results(round_)
    themes = group.figures["themes"] if group.shown else None
    chart = profile_chart(
        [Axis(m.position, m.label) for m in mine.models],
        [r.label for r in mine.rows],
        [r.now.position for r in mine.rows],
        [r.wanted.position for r in mine.rows],
        [t["now"]["mean"] for t in themes] if themes else None,
        [t["wanted"]["mean"] for t in themes] if themes else None,
    )
    return render(
        request,
        "insights/profile.html",
        {
            "round": round_,
            "profile": mine,
            "chart": chart,
            "group": group,
            "table_rows": [(row, themes[i] if themes else None) for i, row in enumerate(mine.rows)],
            "can_revise": round_.is_open(),
            "just_submitted": request.GET.get("verstuurd") == "1",
            "private_url": private_url(request, round_, draft.response),
            "adaptation": wording(audience_of(draft.response.role)).note(round_.framework),
        },
    )
