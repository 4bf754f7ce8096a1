"""A framework stored as immutable versions.

Every import of changed content adds a new FrameworkVersion with its own models, themes, cells
and risks; data made with an old version keeps pointing at that version's rows. The only field
that may change afterwards is a model's label (most labels are working titles an swv may rename).

"Model" in this app means a model of inclusion, hence the class name InclusionModel, so that it
is never confused with Django's Model.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from visiespiegel.frameworks.enums import Level


class FrameworkVersion(models.Model):
    key = models.SlugField(_("sleutel"), max_length=40)
    number = models.PositiveIntegerField(_("versie"))
    title = models.CharField(_("titel"), max_length=120)
    checksum = models.CharField(max_length=64, editable=False)
    source = models.TextField(_("bron"), blank=True)
    axis_start = models.CharField(_("begin van het continuüm"), max_length=120, blank=True)
    axis_end = models.CharField(_("eind van het continuüm"), max_length=120, blank=True)
    risks_title = models.CharField(_("kop van de risico's"), max_length=120, blank=True)
    risks_intro = models.TextField(_("inleiding bij de risico's"), blank=True)
    # Audiences with their own wording: [{"key", "label", "note"}] (see schema.AudienceSpec).
    audiences = models.JSONField(_("doelgroepen"), default=list, blank=True)
    created_at = models.DateTimeField(_("geïmporteerd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("kaderversie")
        verbose_name_plural = _("kaderversies")
        ordering = ["key", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["key", "number"], name="framework_key_number"),
            models.UniqueConstraint(fields=["key", "checksum"], name="framework_key_checksum"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.key} v{self.number})"


class InclusionModel(models.Model):
    """A model of inclusion: one column of the placemat, at a position along the continuum."""

    framework = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="models")
    key = models.SlugField(_("sleutel"), max_length=40)
    position = models.PositiveSmallIntegerField(_("positie"))
    label = models.CharField(_("naam"), max_length=120)
    working_title = models.BooleanField(
        _("werktitel"),
        default=False,
        help_text=_("Deze naam komt niet uit de brontekst en mag worden aangepast."),
    )
    risk_headline = models.TextField(_("kernrisico"))
    # Per audience key: {"headline": the risk headline in plain language}; an adaptation.
    audiences = models.JSONField(_("per doelgroep"), default=dict, blank=True)

    class Meta:
        verbose_name = _("model")
        verbose_name_plural = _("modellen")
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="model_framework_key"),
            models.UniqueConstraint(
                fields=["framework", "position"], name="model_framework_position"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Theme(models.Model):
    framework = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="themes")
    key = models.SlugField(_("sleutel"), max_length=40)
    position = models.PositiveSmallIntegerField(_("positie"))
    label = models.CharField(_("naam"), max_length=120)
    # Per audience key: {"label": plainer name, "note": how partners read this theme}.
    audiences = models.JSONField(_("per doelgroep"), default=dict, blank=True)

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="theme_framework_key"),
            models.UniqueConstraint(
                fields=["framework", "position"], name="theme_framework_position"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Cell(models.Model):
    """What one model says about one theme: a first-person stance and what lies behind it."""

    model = models.ForeignKey(InclusionModel, on_delete=models.CASCADE, related_name="cells")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="cells")
    stance = models.TextField(_("uitspraak"))
    belief = models.TextField(_("overtuiging"))
    teacher = models.TextField(_("leraar"))
    school = models.TextField(_("school"))
    # Per audience key: {"stance": in their words, "explanation": one line}; an adaptation
    # of the texts above, which stay the reference.
    audiences = models.JSONField(_("per doelgroep"), default=dict, blank=True)

    class Meta:
        verbose_name = _("cel")
        verbose_name_plural = _("cellen")
        constraints = [
            models.UniqueConstraint(fields=["model", "theme"], name="cell_model_theme"),
        ]

    def __str__(self) -> str:
        return self.stance

    def wording(self, audience: str | None) -> dict | None:
        """This cell's stance and explanation for an audience, or None: the source text."""
        return self.audiences.get(audience) if audience else None


class RiskItem(models.Model):
    """One bullet of a model's risks and side effects, at one level."""

    model = models.ForeignKey(InclusionModel, on_delete=models.CASCADE, related_name="risks")
    level = models.CharField(_("niveau"), max_length=10, choices=Level.choices)
    position = models.PositiveSmallIntegerField(_("positie"))
    text = models.TextField(_("tekst"))
    # Per audience key: this item in plain language; an adaptation of `text`.
    audiences = models.JSONField(_("per doelgroep"), default=dict, blank=True)

    class Meta:
        verbose_name = _("risico")
        verbose_name_plural = _("risico's")
        ordering = ["model", "position"]
        constraints = [
            models.UniqueConstraint(fields=["model", "position"], name="risk_model_position"),
        ]

    def __str__(self) -> str:
        return self.text
