"""Count the answers of existing rounds into the new tally (the same cells as rounds/tally.py)."""

from collections import Counter

from django.db import migrations


def tally_existing(apps, schema_editor):
    Response = apps.get_model("rounds", "Response")
    Answer = apps.get_model("rounds", "Answer")
    Tally = apps.get_model("rounds", "Tally")
    counted: Counter = Counter()
    chosen: dict = {}
    for response in Response.objects.all().iterator():
        counted[response.round_id, response.unit_id or 0, response.role, "people", 0, 0, 0] += 1
    for answer in Answer.objects.select_related("response").iterator():
        r = answer.response
        key = (r.round_id, r.unit_id or 0, r.role)
        chosen.setdefault((r.pk, answer.theme_id), {"key": key})[answer.kind] = answer.model_id
    for (_response, theme), found in chosen.items():
        if "now" in found and "wanted" in found:
            counted[(*found["key"], "pair", theme, found["now"], found["wanted"])] += 1
    Tally.objects.bulk_create(
        Tally(
            round_id=r, unit_key=u, role=g, kind=k, theme=t, first=f, second=s, count=n
        )
        for (r, u, g, k, t, f, s), n in counted.items()
    )


class Migration(migrations.Migration):
    dependencies = [("rounds", "0005_tally")]

    operations = [migrations.RunPython(tally_existing, migrations.RunPython.noop)]
