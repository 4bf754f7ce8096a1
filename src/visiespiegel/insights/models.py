"""Published results: snapshots of a round, and what each one shows per group.

Nothing about a group leaves the server except through a snapshot (`publication.py`): a
snapshot is made when a round closes, or when a coordinator publishes an interim one
("tussenstand"), and every page, the API and the CLI read the latest. Group figures are stored
as count vectors (`vectors.py`), so reading one is a single row however large the round.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from visiespiegel.frameworks.models import Theme
from visiespiegel.rounds.models import Round


class GroupState(models.TextChoices):
    SHOWN = "shown", _("getoond")
    KEPT = "kept", _("getoond, stand van eerder")  # too few changes since it was published
    EMPTY = "empty", _("geen antwoorden")
    SMALL = "small", _("te weinig antwoorden")
    DERIVABLE = "derivable", _("af te leiden uit andere groepen")

    @property
    def visible(self) -> bool:
        return self in (GroupState.SHOWN, GroupState.KEPT)


class Snapshot(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="snapshots")
    number = models.PositiveIntegerField()
    final = models.BooleanField(default=False)  # made because the round closed
    threshold = models.PositiveSmallIntegerField()
    # The unit tree {unit id: parent id} of the round's first publication: later moves of
    # units must not change which people a published group holds.
    tree = models.JSONField()
    kinds = models.JSONField()  # {unit id: kind}, frozen the same way: remark blocks keep
    remarks_level = models.CharField(max_length=40, blank=True)
    responses = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("publicatie")
        verbose_name_plural = _("publicaties")
        ordering = ["round", "number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="snapshot_number"),
        ]

    def __str__(self) -> str:
        return f"{self.round} #{self.number}"

    def parent_map(self) -> dict[int, int | None]:
        return {int(unit): parent for unit, parent in self.tree.items()}

    def kind_map(self) -> dict[int, str]:
        return {int(unit): kind for unit, kind in self.kinds.items()}


class SnapshotAtom(models.Model):
    """The responses directly at one unit (None: without a unit) with one role, as published:
    who they were (id and version), so the next snapshot can count who changed."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="atoms")
    unit_id = models.BigIntegerField(null=True)
    role = models.CharField(max_length=30)
    people = models.PositiveIntegerField()
    members = models.JSONField()  # [[response id, version], ...]

    def __str__(self) -> str:
        return f"{self.snapshot} {self.unit_id}/{self.role}: {self.people}"


class PublishedGroup(models.Model):
    """One group of a snapshot: its figures, or why it shows none."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="groups")
    unit_id = models.BigIntegerField(null=True)  # None: the whole round
    role = models.CharField(max_length=30, blank=True)  # "": all roles
    state = models.CharField(max_length=10, choices=GroupState.choices)
    source = models.PositiveIntegerField(null=True)  # the snapshot whose data it shows
    # New figures in this snapshot (somebody joined, revised or left since the group's last
    # update). Only these end a period for the over-time rule.
    updated = models.BooleanField(default=False)
    vector = models.JSONField(null=True)  # see vectors.py; only when visible

    class Meta:
        indexes = [models.Index(fields=["snapshot", "unit_id", "role"])]

    def __str__(self) -> str:
        return f"{self.snapshot} {self.unit_id}/{self.role or '*'}: {self.state}"


class RemarkBlock(models.Model):
    """One block of the round's remark level in a snapshot: shown, kept from an earlier
    snapshot, or hidden (too small, or too few changes since it was last shown)."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="blocks")
    unit_id = models.BigIntegerField(null=True)  # None: responses outside every block unit
    state = models.CharField(max_length=10, choices=GroupState.choices)
    source = models.PositiveIntegerField(null=True)

    def __str__(self) -> str:
        return f"{self.snapshot} block {self.unit_id}: {self.state}"


class PublishedRemark(models.Model):
    """A remark as a snapshot shows it: per block of the round's remark level, never per role."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="remarks")
    block = models.BigIntegerField(null=True)  # the unit of the block; None: the rest
    source = models.PositiveIntegerField()  # the snapshot whose data it shows
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    public_id = models.CharField(max_length=32, db_index=True)
    hidden = models.BooleanField(default=False)

    class Meta:
        ordering = ["public_id"]  # random: says nothing about who answered when

    def __str__(self) -> str:
        return self.text


class JobState(models.TextChoices):
    QUEUED = "queued", _("in de wachtrij")
    RUNNING = "running", _("bezig")
    DONE = "done", _("klaar")
    FAILED = "failed", _("mislukt")


ACTIVE_JOB_STATES = [JobState.QUEUED, JobState.RUNNING]


class ReportJob(models.Model):
    """All reports of a round at once (one per unit, and one for the whole round) as a ZIP,
    made in the background by `visiespiegel worker` (see reports.py)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="report_jobs")
    language = models.CharField(max_length=8)
    state = models.CharField(max_length=8, choices=JobState.choices, default=JobState.QUEUED)
    done = models.PositiveIntegerField(default=0)  # reports made so far
    total = models.PositiveIntegerField(default=0)  # reports to make (known once running)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)  # its file, after REPORT_FILES_DAYS

    class Meta:
        constraints = [
            # One job per round at a time: a second request gets the running one.
            models.UniqueConstraint(
                fields=["round"],
                condition=models.Q(state__in=ACTIVE_JOB_STATES),
                name="report_job_one_active_per_round",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.state}"

    @property
    def progress(self) -> float:
        if self.state == JobState.DONE:
            return 1.0
        return round(self.done / self.total, 3) if self.total else 0.0

    @property
    def downloadable(self) -> bool:
        return self.state == JobState.DONE and self.removed_at is None
