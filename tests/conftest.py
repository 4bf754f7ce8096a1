import pytest
from django.conf import settings

from visiespiegel.frameworks.loader import load_framework_file
from visiespiegel.frameworks.services import import_framework

SHIPPED = settings.SHIPPED_FRAMEWORKS[0]


@pytest.fixture
def shipped_spec():
    return load_framework_file(SHIPPED)


@pytest.fixture
def framework(db, shipped_spec):
    """The shipped framework, imported as version 1."""
    version, _ = import_framework(spec=shipped_spec)
    return version
