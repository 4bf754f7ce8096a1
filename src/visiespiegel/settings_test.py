"""Test settings: the main settings with fast hashing and plain static storage."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("ARCHIVE_KEY", "V4-hPAa2L2UIBAgHwjQr2qqygRmPyaQfthaw89hdbmc=")  # test only
# Playwright's sync API runs an event loop in the test thread; the ORM calls that tests make
# around it are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from visiespiegel.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory: concurrency tests need real WAL and busy timeouts.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405

# Tests change rounds and frameworks between requests: read them fresh (tests of the caches
# turn them on).
ROUND_CACHE_SECONDS = 0
FRAMEWORK_CACHE_SECONDS = 0
# Exact figures, so tests can state them; the anonymity tests turn the noise back on.
CELL_KEY_NOISE = False
