"""Rounds own their units: the set fixed when a round opens (RoundUnit, Round.units_fixed_at).
Rounds that have opened already get theirs now, from the tree as it is: the units chosen and
everything below them (all of the organisation's when none were chosen), and every unit that
holds one of their answers."""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def fix_existing(apps, schema_editor):
    Round = apps.get_model("rounds", "Round")
    RoundUnit = apps.get_model("rounds", "RoundUnit")
    Unit = apps.get_model("organisations", "Unit")
    Response = apps.get_model("rounds", "Response")
    now = timezone.now()
    for round_ in Round.objects.all().iterator():
        if round_.closed_at is None and round_.opens_at and round_.opens_at > now:
            continue  # not yet open: fixed when it opens
        units = {u.pk: u for u in Unit.objects.filter(organisation_id=round_.organisation_id)}
        children: dict = {}
        for unit in units.values():
            children.setdefault(unit.parent_id, []).append(unit.pk)
        chosen = list(round_.units.values_list("pk", flat=True))
        inside = set() if chosen else set(units)
        stack = list(chosen)
        while stack:
            pk = stack.pop()
            if pk not in inside:
                inside.add(pk)
                stack.extend(children.get(pk, []))
        answered = Response.objects.filter(round=round_).exclude(unit=None)
        inside.update(answered.values_list("unit_id", flat=True))
        RoundUnit.objects.bulk_create(
            RoundUnit(
                round=round_,
                unit_key=pk,
                parent_key=units[pk].parent_id,
                parent_name=units[units[pk].parent_id].name if units[pk].parent_id else "",
                name=units[pk].name,
                kind=units[pk].kind,
                brin=units[pk].brin,
            )
            for pk in sorted(inside)
            if pk in units
        )
        Round.objects.filter(pk=round_.pk).update(units_fixed_at=now)


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
        ("rounds", "0010_restored_from"),
    ]

    operations = [
        migrations.AddField(
            model_name="round",
            name="units_fixed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.CreateModel(
            name="RoundUnit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("unit_key", models.BigIntegerField()),
                ("parent_key", models.BigIntegerField(null=True)),
                ("parent_name", models.CharField(blank=True, max_length=200)),
                ("name", models.CharField(max_length=200)),
                ("kind", models.CharField(max_length=40)),
                ("brin", models.CharField(blank=True, max_length=6)),
                (
                    "round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="unit_copies",
                        to="rounds.round",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("round", "unit_key"), name="round_unit_once")
                ],
            },
        ),
        migrations.RunPython(fix_existing, migrations.RunPython.noop),
    ]
