import json
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_api_serves_the_same_json_as_the_export(client, framework):
    response = client.get("/api/v1/frameworks/visie-passend-onderwijs")
    assert response.status_code == 200
    out = StringIO()
    call_command("framework", "export", stdout=out)
    assert response.json() == json.loads(out.getvalue())


def test_api_is_public_read_only_and_versioned(client, framework):
    assert client.get("/api/v1/frameworks/visie-passend-onderwijs?version=1").json()["version"] == 1
    assert client.get("/api/v1/frameworks/visie-passend-onderwijs?version=2").status_code == 404
    assert client.get("/api/v1/frameworks/onbekend").status_code == 404
    assert client.post("/api/v1/frameworks/visie-passend-onderwijs").status_code == 405


def test_openapi_describes_the_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/frameworks/{key}"]["get"]
    assert "200" in operation["responses"]
    framework = schema["components"]["schemas"]["FrameworkOut"]
    assert list(framework["properties"]) == [
        "key",
        "version",
        "title",
        "models",
        "themes",
        "cells",
        "risks",
        "audiences",
    ]
    assert client.get("/api/v1/docs").status_code == 200
