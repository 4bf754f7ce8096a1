"""Rounds and anonymous responses.

A Response stores only what the participant chose: role, unit, and per theme the model for
*now* and for *wanted* (Answer rows, each with a weight, so a points mode fits later), plus an
optional remark. No names, e-mail, IP addresses or user agents, anywhere.
"""

from __future__ import annotations

import secrets
import uuid

from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from visiespiegel.frameworks.models import FrameworkVersion, InclusionModel, Theme
from visiespiegel.organisations.models import Organisation, Unit
from visiespiegel.rounds.enums import (
    DEFAULT_THRESHOLD,
    MIN_THRESHOLD,
    NOT_BY_DEFAULT,
    REMARK_MAX_LENGTH,
    Access,
    AnswerMode,
    Kind,
    Role,
)


def default_roles() -> list[str]:
    return [role for role in Role.values if role not in NOT_BY_DEFAULT]


class RoundQuerySet(models.QuerySet):
    def for_user(self, user) -> RoundQuerySet:
        """Only rounds of organisations the user is a member of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(organisation__memberships__user=user)

    def with_response_counts(self) -> RoundQuerySet:
        """Each round with `responses_count`, summed from its tally (O(groups), not a count
        over the responses)."""
        people = (
            Tally.objects.filter(round=models.OuterRef("pk"), kind=Tally.PEOPLE)
            .values("round")
            .annotate(n=models.Sum("count"))
            .values("n")
        )
        return self.annotate(responses_count=Coalesce(models.Subquery(people), 0))


class Round(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="rounds")
    framework = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.PROTECT,
        related_name="rounds",
        verbose_name=_("kader"),
    )
    title = models.CharField(_("titel"), max_length=200)
    code = models.CharField(_("code"), max_length=12, unique=True, editable=False)
    threshold = models.PositiveSmallIntegerField(
        _("anonimiteitsdrempel"),
        default=DEFAULT_THRESHOLD,
        validators=[MinValueValidator(MIN_THRESHOLD)],
        help_text=_(
            "Uitkomsten worden alleen getoond voor groepen van minstens dit aantal "
            "antwoorden (minimaal 3)."
        ),
    )
    roles = models.JSONField(_("rollen"), default=default_roles)
    units = models.ManyToManyField(
        Unit,
        blank=True,
        related_name="rounds",
        verbose_name=_("eenheden"),
        help_text=_("Leeg: alle eenheden van de organisatie."),
    )
    access = models.CharField(
        _("wie mag meedoen"), max_length=12, choices=Access.choices, default=Access.OPEN
    )
    answer_mode = models.CharField(
        _("antwoordwijze"), max_length=10, choices=AnswerMode.choices, default=AnswerMode.SINGLE
    )
    opens_at = models.DateTimeField(_("open vanaf"), null=True, blank=True)
    closes_at = models.DateTimeField(_("sluit op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True, editable=False)
    welcome_text = models.TextField(_("welkomsttekst"), blank=True, max_length=2000)
    remarks_level = models.CharField(
        _("opmerkingen per"),
        max_length=40,
        blank=True,
        help_text=_(
            "Leeg: opmerkingen alleen voor de hele peiling. Of een soort eenheid, zoals "
            "school: dan per eenheid van die soort. Nooit per rol."
        ),
    )
    # Made-up answers for demos, training and benchmarks (`round create --synthetic`): shown as
    # test data wherever the round appears; only such rounds take `round fill`.
    synthetic = models.BooleanField(_("testgegevens"), default=False, editable=False)
    # When results were first published (see insights.publication): from then on the remark
    # level is fixed and the threshold can only go up.
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When a manager deleted the raw answers after the retention period (see
    # insights.services.delete_raw_answers): the published snapshot stays, the round stays closed.
    answers_deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A round made from a sealed archive (rounds.archive.restore): the code of the round it was
    # first archived from (kept through later moves) and the archive's id. A source round is
    # restored at most once per installation: a second copy would count the same people twice.
    restored_from = models.CharField(max_length=12, blank=True, editable=False)
    restored_archive = models.UUIDField(null=True, blank=True, editable=False)
    # When the round's unit set was fixed (lifecycle.fix_units, as it opens): from then on its
    # units are its RoundUnit rows, whatever happens to the organisation's tree.
    units_fixed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("peiling")
        verbose_name_plural = _("peilingen")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(threshold__gte=MIN_THRESHOLD), name="round_threshold_min"
            ),
            models.UniqueConstraint(
                fields=["restored_from"],
                condition=~models.Q(restored_from=""),
                name="round_restored_once",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.closed_at is None
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or now < self.closes_at)
        )

    def closed_moment(self, now=None):
        """When the round stopped taking answers, or None while it is open or not yet open."""
        now = now or timezone.now()
        if self.closed_at is not None:
            return self.closed_at
        if self.closes_at is not None and self.closes_at <= now:
            return self.closes_at
        return None

    @property
    def period(self) -> tuple:
        """From when to when it takes answers, as far as known: (start, end); end is None
        while it has no closing moment."""
        return (self.opens_at or self.created_at, self.closed_at or self.closes_at)

    def not_yet_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.closed_at is None and self.opens_at is not None and now < self.opens_at

    @property
    def display_code(self) -> str:
        """In two halves, easier to read out and type: 'ABCD EFGH' (old codes 'ABC DEF')."""
        half = len(self.code) // 2
        return f"{self.code[:half]} {self.code[half:]}"


class RoundUnit(models.Model):
    """One unit of a round, as it was when the round opened: the units chosen and everything
    below them (or the organisation's whole tree), with their names and kinds then. Results,
    filters, reports, exports and participation list exactly these, so a unit imported,
    renamed, moved or deleted later never changes a round that ran. Ids, not foreign keys: the
    copy outlives the unit."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="unit_copies")
    unit_key = models.BigIntegerField()  # the unit's id
    parent_key = models.BigIntegerField(null=True)  # its parent's id then (in the round or not)
    parent_name = models.CharField(max_length=200, blank=True)  # and that parent's name then
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40)
    brin = models.CharField(max_length=6, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "unit_key"], name="round_unit_once"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.name}"


class Response(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="responses"
    )
    idempotency_key = models.UUIDField(editable=False)
    # Goes up with every revision, so a publication can tell who changed since the last one.
    version = models.PositiveIntegerField(default=1, editable=False)
    edit_token_digest = models.CharField(max_length=64, unique=True, editable=False)
    submitted_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "idempotency_key"], name="response_idempotency"
            ),
        ]
        indexes = [models.Index(fields=["round", "unit", "role"])]

    def __str__(self) -> str:
        return f"{self.round} #{self.pk}"


class Invitation(models.Model):
    """A personal code for one response. It is linked to nobody, and never to the response
    that used it: only its hash is kept, and whether it has been used."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="invitations"
    )
    digest = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("persoonlijke code")
        verbose_name_plural = _("persoonlijke codes")
        indexes = [models.Index(fields=["round", "unit", "used"])]

    def __str__(self) -> str:
        return f"{self.round} code {self.pk}"


class ExpectedSize(models.Model):
    """How many people a coordinator expects to answer for a unit: participation shows the
    response rate, and flags a unit with more responses than expected (padding)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="expected_sizes")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(_("verwacht"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="expected_size_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.unit}: {self.count}"


class Answer(models.Model):
    """One choice: for a theme, which model fits now (or is wanted), with a weight."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    # Denormalised from the response so counts per round are one indexed GROUP BY.
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=6, choices=Kind.choices)
    model = models.ForeignKey(InclusionModel, on_delete=models.PROTECT, related_name="+")
    weight = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "theme", "kind", "model"], name="answer_unique"
            ),
        ]
        indexes = [models.Index(fields=["round", "theme", "kind", "model"])]

    def __str__(self) -> str:
        return f"{self.theme_id} {self.kind}: {self.model_id} ({self.weight})"


def new_public_id() -> str:
    return secrets.token_hex(16)


class Tally(models.Model):
    """A round's answers counted per cell of the results table, kept up to date in the same
    transaction as the answers (one statement per submission), so publishing results never
    scans the answers. Per (unit, role): `people`, and per theme how many chose each `pair` of
    now model (`first`) and wanted model (`second`); counts per model for now and for wanted
    are sums of pairs. `visiespiegel round recount` rebuilds it from the answers."""

    PEOPLE, PAIR = "people", "pair"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    unit_key = models.BigIntegerField()  # the unit's id; 0 for responses without a unit
    role = models.CharField(max_length=30)
    kind = models.CharField(max_length=6)  # people | pair
    theme = models.BigIntegerField(default=0)  # theme id; 0 for people
    first = models.BigIntegerField(default=0)
    second = models.BigIntegerField(default=0)
    count = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "unit_key", "role", "kind", "theme", "first", "second"],
                name="tally_cell",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} {self.unit_key}/{self.role} {self.kind}: {self.count}"


class Remark(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="remarks")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(validators=[MaxLengthValidator(REMARK_MAX_LENGTH)])
    hidden = models.BooleanField(_("verborgen"), default=False)
    # Random, so neither its order nor its address says who answered when.
    public_id = models.CharField(max_length=32, default=new_public_id, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "theme"], name="remark_unique"),
        ]

    def __str__(self) -> str:
        return self.text


class Draft(models.Model):
    """A participant's progress, kept server-side against a private token in a cookie.

    Holds nothing identifying: the choices so far, and after submission a link to the response
    so the participant can see their profile and revise while the round is open.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="drafts")
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    token_digest = models.CharField(max_length=64, unique=True)
    role = models.CharField(max_length=30, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True)
    unit_fixed = models.BooleanField(default=False)
    # Whether the unit question has been answered (None may be the answer: the whole
    # samenwerkingsverband), or needed no answer.
    unit_chosen = models.BooleanField(default=False)
    answers = models.JSONField(default=dict)  # {theme key: {"now", "wanted", "remark"}}
    # Several drafts may lead to one response: each device that opened the private link has
    # its own, so opening it on a phone does not end the session on the laptop.
    response = models.ForeignKey(
        Response, on_delete=models.SET_NULL, null=True, blank=True, related_name="drafts"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"draft {self.key}"
