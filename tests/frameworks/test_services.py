import pytest
from django.db import IntegrityError

from visiespiegel.frameworks.models import Cell, FrameworkVersion, InclusionModel, RiskItem
from visiespiegel.frameworks.services import import_framework

pytestmark = pytest.mark.django_db


def test_import_stores_every_part(shipped_spec):
    version, created = import_framework(spec=shipped_spec)
    assert created
    assert (version.key, version.number) == ("visie-passend-onderwijs", 1)
    assert version.models.count() == 4
    assert version.themes.count() == 6
    assert Cell.objects.filter(model__framework=version).count() == 24
    assert RiskItem.objects.filter(model__framework=version).count() == 25
    assert list(version.models.values_list("key", "position")) == [
        ("specialisme", 1),
        ("maatwerk", 2),
        ("sterke-basis", 3),
        ("gemeenschap", 4),
    ]


def test_importing_the_same_content_again_changes_nothing(shipped_spec):
    first, _ = import_framework(spec=shipped_spec)
    again, created = import_framework(spec=shipped_spec)
    assert (again.pk, created) == (first.pk, False)
    assert FrameworkVersion.objects.count() == 1


def test_changed_content_becomes_a_new_version_and_the_old_one_stays(shipped_spec):
    old, _ = import_framework(spec=shipped_spec)
    old_cell = Cell.objects.get(model__framework=old, model__key="maatwerk", theme__key="swv")
    data = shipped_spec.model_dump()
    data["cells"][10]["stance"] = "Ik benut de ondersteuningsstructuur."
    new, created = import_framework(spec=type(shipped_spec).model_validate(data))
    assert created
    assert new.number == 2
    new_cell = Cell.objects.get(model__framework=new, model__key="maatwerk", theme__key="swv")
    assert new_cell.stance == "Ik benut de ondersteuningsstructuur."
    old_cell.refresh_from_db()
    assert old_cell.stance.startswith("Ik benut mogelijkheden van de ondersteuningsstructuur")
    assert old_cell.model.framework_id == old.pk
    # A relabelled model in the database is not a content change of the file.
    InclusionModel.objects.filter(framework=new, key="gemeenschap").update(label="Samen")
    assert import_framework(spec=type(shipped_spec).model_validate(data)) == (new, False)


def test_version_numbers_are_unique_per_key(shipped_spec):
    version, _ = import_framework(spec=shipped_spec)
    with pytest.raises(IntegrityError):
        FrameworkVersion.objects.create(key=version.key, number=1, title="x", checksum="other")
