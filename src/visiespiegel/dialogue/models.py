"""What a group chooses and plans: the ambition per theme (every decision kept, the latest
counts), the vision text's own words, measures against the risks of the chosen models, and live
sessions with their votes.

Nothing here identifies a person: a decision names a body ("MR", "directieoverleg"), a measure
a role or team, a vote only a random token of the phone (hashed).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from visiespiegel.frameworks.models import InclusionModel, RiskItem, Theme
from visiespiegel.organisations.models import Unit
from visiespiegel.rounds.models import Round


def group_unit():
    """The unit a decision, text, measure or session is about (None: the whole round)."""
    return models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )


class Choice(models.Model):
    """One decision: for a round and a unit (None: the whole round), the model a theme should
    move to. Decisions are never changed: a new one supersedes the earlier (the history)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="choices")
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+")
    model = models.ForeignKey(InclusionModel, on_delete=models.PROTECT, related_name="+")
    rationale = models.TextField(_("onderbouwing"), blank=True, max_length=2000)
    decided_by = models.CharField(_("besloten door"), max_length=120, blank=True)
    decided_at = models.DateField(_("besloten op"), default=timezone.localdate)
    session = models.ForeignKey(
        "Session", on_delete=models.SET_NULL, null=True, blank=True, related_name="choices"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["round", "unit", "theme", "recorded_at"])]

    def __str__(self) -> str:
        return f"{self.theme_id} -> {self.model_id}"


class VisionText(models.Model):
    """The coordinator's own introduction and closing of a vision text."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    introduction = models.TextField(_("inleiding"), blank=True, max_length=10000)
    closing = models.TextField(_("slot"), blank=True, max_length=10000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="vision_text_round_unit"),
            models.UniqueConstraint(
                fields=["round"], condition=models.Q(unit=None), name="vision_text_round_whole"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.unit_id}"


class Status(models.TextChoices):
    OPEN = "open", pgettext_lazy("measure", "open")
    BUSY = "bezig", pgettext_lazy("measure", "bezig")
    DONE = "gedaan", pgettext_lazy("measure", "gedaan")


class Measure(models.Model):
    """What a group does about one risk of the framework."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="measures")
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    risk = models.ForeignKey(RiskItem, on_delete=models.PROTECT, related_name="+")
    what = models.TextField(_("wat"), max_length=2000)
    who = models.CharField(_("wie (rol of team)"), max_length=120, blank=True)
    due = models.DateField(_("wanneer klaar"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=6, choices=Status.choices, default=Status.OPEN
    )
    evidence = models.TextField(_("bewijs of toelichting"), blank=True, max_length=2000)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["round", "unit"])]

    def __str__(self) -> str:
        return self.what[:60]


class Session(models.Model):
    """A live dialogue session: a presenter's screen and the phones in the room, on the step
    the facilitator chose (kept here, so a reload on either side loses nothing)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="sessions")
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    code = models.CharField(max_length=12, unique=True, editable=False)
    step = models.PositiveSmallIntegerField(default=0)
    revealed = models.JSONField(default=list)  # theme keys whose figures the facilitator showed
    # Goes up with every change the phones show (step, vote opened or closed, a decision), so
    # a phone asks "has anything changed?" with one indexed read.
    version = models.PositiveIntegerField(default=0)
    timer_ends_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.code


class Poll(models.Model):
    """The vote on one theme in a session: what the phones choose. Its counts are shown only
    once the vote is closed and at least k phones voted (services.close_poll says why)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="polls")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    shown = models.JSONField(null=True, blank=True)  # {model key: votes} counted at closing

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "theme"], name="poll_session_theme"),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.theme_id}"


class Vote(models.Model):
    """One phone's vote on one theme: the phone is a hash of a random token in its cookie."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    voter = models.CharField(max_length=64)
    model = models.ForeignKey(InclusionModel, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "voter"], name="vote_once_per_phone"),
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}: {self.model_id}"
