"""`{% publication_status round can_write %}`: what a round's results show and from when.

Pages of lower apps (the round page) load this tag instead of importing insights."""

from django import template

from visiespiegel.insights.selectors import snapshot_publishing_final

register = template.Library()


@register.inclusion_tag("insights/_snapshot.html")
def publication_status(round_, can_write: bool):
    return {"round": round_, "snapshot": snapshot_publishing_final(round_), "can_write": can_write}
