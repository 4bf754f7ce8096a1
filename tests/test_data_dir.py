"""Where data lives: the same place whatever the working directory, readable by its owner."""

import os
import stat
import subprocess
import sys
from pathlib import Path

from visiespiegel.env import data_dir, private_file

ROOT = Path(__file__).resolve().parents[1]


def test_data_dir_does_not_follow_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    assert data_dir() == tmp_path / "xdg" / "visiespiegel"
    monkeypatch.setenv("DATA_DIR", "relative/place")
    assert data_dir() == tmp_path / "relative" / "place"


def test_database_and_key_are_private(tmp_path):
    """Settings loaded from another directory create the key and database file as 600."""
    env = {**os.environ, "DATA_DIR": str(tmp_path / "data"), "DATABASE_URL": ""}
    env.pop("DATABASE_URL")
    env.pop("SECRET_KEY", None)
    code = "import visiespiegel.settings as s; print(s.DATABASES['default']['NAME'])"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd="/", env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    database, key = Path(out), tmp_path / "data" / "secret_key"
    assert database.parent == tmp_path / "data"
    for path in (database, key):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(database.parent.stat().st_mode) == 0o700


def test_an_open_database_file_is_tightened(tmp_path):
    loose = tmp_path / "db.sqlite3"
    loose.write_bytes(b"")
    loose.chmod(0o644)
    private_file(loose)
    assert stat.S_IMODE(loose.stat().st_mode) == 0o600


def test_no_key_or_database_is_committed_or_packaged():
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert not [p for p in tracked if p.endswith(("secret_key", ".sqlite3"))]
    assert not (ROOT / "src" / "visiespiegel" / "data").exists()
