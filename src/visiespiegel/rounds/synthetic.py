"""Made-up answers for rounds marked as test data (`Round.synthetic`): demos, training and
benchmarks. They go in through the same checks and inserts as real ones (`submit_many`).

Answers are drawn per role from tendencies over the models (where people place practice now,
and where they want it), tilted per unit so schools differ, from a seeded generator: the same
seed gives the same people, so filling again with it adds nobody twice, and a larger count
with the same seed adds to the same first people.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from visiespiegel.frameworks import cache as framework_cache
from visiespiegel.rounds.enums import Access
from visiespiegel.rounds.models import Round
from visiespiegel.rounds.selectors import offered_units
from visiespiegel.rounds.submission import AnswerIn, Submission, check_submission, submit_many

# Per role: how often it answers, and weights over four models (individual-medical first)
# for now and for wanted. Frameworks with another number of models stretch these.
TENDENCIES = {
    "leraar": (8, [4, 4, 2, 1], [1, 2, 4, 2]),
    "onderwijsassistent": (2, [3, 4, 2, 1], [1, 3, 3, 2]),
    "intern-begeleider": (2, [3, 5, 2, 0], [0, 2, 5, 2]),
    "schoolleider": (1, [1, 4, 3, 1], [0, 1, 4, 4]),
    "ouder": (4, [3, 3, 2, 1], [1, 4, 2, 2]),
    "zorgprofessional": (2, [4, 3, 2, 1], [1, 2, 3, 3]),
    "medewerker-swv": (1, [2, 4, 2, 1], [0, 1, 3, 5]),
}
OTHER = (1, [3, 3, 2, 1], [1, 2, 3, 3])
# Rows per transaction: the SQLite write lock is let go between them, so live participants
# get their turn while a round fills.
CHUNK = 5000


def _stretch(weights: list[int], size: int) -> list[float]:
    """Four weights read at `size` evenly spaced positions."""
    if size == len(weights):
        return [float(w) for w in weights]
    last = len(weights) - 1
    return [float(weights[round(i * last / (size - 1))]) for i in range(size)]


def _tilted(weights: list[float], tilt: float) -> list[float]:
    """Shift weight towards the community end (tilt > 0) or the other end (tilt < 0)."""
    middle = (len(weights) - 1) / 2
    return [w * (1.6 ** (tilt * (i - middle))) + 0.05 for i, w in enumerate(weights)]


@dataclass(frozen=True)
class Story:
    """What makes made-up answers worth discussing in a demo: schools with a culture of their
    own (unit name -> tilt, + towards the community end), roles that see a theme differently
    ((role, theme) -> tilt of their answers for now) and remarks per theme, drawn now and then.
    """

    culture: dict[str, float] = field(default_factory=dict)
    views: dict[tuple[str, str], float] = field(default_factory=dict)
    remarks: dict[str, list[str]] = field(default_factory=dict)
    remark_share: float = 0.15


def draw(
    round_: Round, count: int, *, seed: int, lean: float = 0, story: Story | None = None
) -> Iterator[Submission]:
    """`count` made-up, checked responses for this round. `lean` tilts every answer for now
    towards the individual-medical end (an earlier round, say)."""
    story = story or Story()
    rng = random.Random(seed)  # noqa: S311 - made-up data, not a secret
    keys = framework_cache.keys(round_.framework)
    themes, models = list(keys.themes), list(keys.models)
    units = offered_units(round_)
    parents = {u.parent_id for u in units}
    leaves = [u for u in units if u.pk not in parents]  # people answer for a school
    sizes = [rng.lognormvariate(0, 0.6) for _ in leaves]
    culture = {
        u.pk: story.culture.get(u.name, rng.choice([-1.0, -0.5, 0.0, 0.0, 0.5, 1.0]))
        for u in leaves
    }
    roles = list(round_.roles)
    role_weights = [TENDENCIES.get(role, OTHER)[0] for role in roles]
    for _person in range(count):
        key = uuid.UUID(int=rng.getrandbits(128))
        role = rng.choices(roles, weights=role_weights)[0]
        unit = rng.choices(leaves, weights=sizes)[0] if leaves else None
        _weight, now_w, wanted_w = TENDENCIES.get(role, OTHER)
        tilt = (culture[unit.pk] if unit else 0.0) - lean
        wanted_weights = _tilted(_stretch(wanted_w, len(models)), tilt / 2)
        answers = []
        for theme in themes:
            view = tilt + story.views.get((role, theme), 0.0)
            pool = story.remarks.get(theme)
            answers.append(
                AnswerIn(
                    theme=theme,
                    now=rng.choices(models, weights=_tilted(_stretch(now_w, len(models)), view))[0],
                    wanted=rng.choices(models, weights=wanted_weights)[0],
                    remark=rng.choice(pool) if pool and rng.random() < story.remark_share else "",
                )
            )
        unit_id = unit.pk if unit else None
        checked = check_submission(round_=round_, role=role, unit_id=unit_id, answers=answers)
        yield Submission(role, unit_id, key, checked)


def fill(
    round_: Round, count: int, *, seed: int, lean: float = 0, story: Story | None = None
) -> int:
    """Add `count` made-up responses to a round marked as test data, in chunks; returns how
    many were new (people drawn before with the same seed are skipped)."""
    if not round_.synthetic:
        raise ValidationError(
            _("Alleen een peiling met testgegevens kan worden gevuld met verzonnen antwoorden.")
        )
    if round_.access != Access.OPEN:
        raise ValidationError(
            _("Verzonnen antwoorden kunnen alleen in een peiling zonder persoonlijke codes.")
        )
    added = 0
    chunk: list[Submission] = []
    for submission in draw(round_, count, seed=seed, lean=lean, story=story):
        chunk.append(submission)
        if len(chunk) == CHUNK:
            added += submit_many(round_=round_, submissions=chunk)
            chunk = []
    if chunk:
        added += submit_many(round_=round_, submissions=chunk)
    return added
