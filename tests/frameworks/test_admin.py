"""Platform admins may rename models (most labels are working titles), and nothing else."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from visiespiegel.frameworks.models import FrameworkVersion

pytestmark = pytest.mark.django_db


def test_admin_renames_a_working_title_without_a_new_version(client, admin_user, framework):
    client.force_login(admin_user)
    url = f"/beheer/frameworks/frameworkversion/{framework.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    models = list(framework.models.order_by("position"))
    form = {
        "models-TOTAL_FORMS": "4",
        "models-INITIAL_FORMS": "4",
        "models-MIN_NUM_FORMS": "0",
        "models-MAX_NUM_FORMS": "1000",
    }
    for index, model in enumerate(models):
        form[f"models-{index}-id"] = str(model.pk)
        form[f"models-{index}-framework"] = str(framework.pk)
        form[f"models-{index}-label"] = "Lerende gemeenschap" if index == 3 else model.label
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]

    assert "Lerende gemeenschap" in client.get("/kader/").content.decode()
    out = StringIO()
    call_command("framework", "export", stdout=out)
    exported = json.loads(out.getvalue())
    assert exported["models"][3] == {
        "key": "gemeenschap",
        "label": "Lerende gemeenschap",
        "position": 4,
    }
    assert exported["version"] == 1
    assert FrameworkVersion.objects.count() == 1
    # The source text itself is read-only in the admin.
    assert 'name="title"' not in page.content.decode()
    assert client.get("/beheer/frameworks/frameworkversion/add/").status_code == 403
    delete = f"/beheer/frameworks/frameworkversion/{framework.pk}/delete/"
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert FrameworkVersion.objects.count() == 1


def test_admin_is_closed_to_visitors(client, framework):
    response = client.get(f"/beheer/frameworks/frameworkversion/{framework.pk}/change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/beheer/login/")
