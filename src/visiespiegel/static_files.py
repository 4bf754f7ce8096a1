"""Static files are collected (hashed names, compressed) once per change, not at every start.

Collecting and compressing every file took half a minute on a busy two-core machine, and
`serve` did it before answering, also after a crash. Now a stamp in STATIC_ROOT records a
fingerprint of what was collected: the static files' names and contents as the finders see them
(the package's own, Django's admin, django-ninja's docs page) and the storage class. `setup`
and `serve` collect only when it differs: after an install or upgrade that changed a file,
or when STATIC_ROOT is empty. The stamp is written last and by rename, so a collect that was
interrupted (kill -9) is done again at the next start.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command

STAMP = ".visiespiegel-collected"
IGNORED = ["CVS", ".*", "*~"]  # collectstatic's own defaults


def fingerprint() -> str:
    """A hash of every static file's name and content, and of how they are stored."""
    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    found: dict[str, str] = {}
    for finder in get_finders():
        for path, storage in finder.list(IGNORED):
            name = os.path.join(getattr(storage, "prefix", None) or "", path)
            found.setdefault(name, storage.path(path))  # the first finder wins, as in collecting
    for name in sorted(found):
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(Path(found[name]).read_bytes()).digest())
    return digest.hexdigest()


def _collected(current: str) -> bool:
    stamp = Path(settings.STATIC_ROOT) / STAMP
    if not stamp.exists() or stamp.read_text(encoding="utf-8") != current:
        return False
    manifest = getattr(staticfiles_storage, "manifest_name", None)
    return manifest is None or staticfiles_storage.exists(manifest)


def collect_static() -> bool:
    """Collect the static files unless the stamp says they are; True when it collected."""
    current = fingerprint()
    if _collected(current):
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp = Path(settings.STATIC_ROOT) / STAMP
    written = stamp.with_name(f"{STAMP}.new")
    written.write_text(current, encoding="utf-8")
    os.replace(written, stamp)
    return True
