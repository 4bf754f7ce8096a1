import os
import sqlite3
import subprocess
import sys

import pytest

from visiespiegel.env import env_bool, env_int, env_list, env_secret


def test_env_bool(monkeypatch):
    assert env_bool("VS_FLAG", default=False) is False
    monkeypatch.setenv("VS_FLAG", "Yes")
    assert env_bool("VS_FLAG") is True
    monkeypatch.setenv("VS_FLAG", "0")
    assert env_bool("VS_FLAG", default=True) is False
    monkeypatch.setenv("VS_FLAG", "misschien")
    with pytest.raises(ValueError, match="VS_FLAG must be one of"):
        env_bool("VS_FLAG")


def test_env_int_and_list(monkeypatch):
    assert env_int("VS_NUMBER", 8000) == 8000
    monkeypatch.setenv("VS_NUMBER", "9000")
    assert env_int("VS_NUMBER", 8000) == 9000
    monkeypatch.setenv("VS_NUMBER", "veel")
    with pytest.raises(ValueError, match="VS_NUMBER must be a whole number, not 'veel'"):
        env_int("VS_NUMBER", 1)
    monkeypatch.setenv("VS_HOSTS", " a.example, b.example ,,")
    assert env_list("VS_HOSTS", []) == ["a.example", "b.example"]


def test_secret_from_env_file_or_generated_once(monkeypatch, tmp_path):
    kept = tmp_path / "data" / "secret_key"
    monkeypatch.setenv("VS_SECRET", "from-env")
    assert env_secret("VS_SECRET", fallback_file=kept) == "from-env"
    monkeypatch.delenv("VS_SECRET")
    (tmp_path / "s").write_text("from-file\n")
    monkeypatch.setenv("VS_SECRET_FILE", str(tmp_path / "s"))
    assert env_secret("VS_SECRET", fallback_file=kept) == "from-file"
    monkeypatch.delenv("VS_SECRET_FILE")
    generated = env_secret("VS_SECRET", fallback_file=kept)
    assert len(generated) > 50
    assert kept.stat().st_mode & 0o777 == 0o600
    assert env_secret("VS_SECRET", fallback_file=kept) == generated


def test_setup_on_a_fresh_data_folder_makes_a_wal_sqlite_database(tmp_path):
    """`visiespiegel setup` with no configuration at all, as the Quick start runs it."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SECRET_KEY", "ARCHIVE_KEY"}
    }
    env.update(DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="visiespiegel.settings")
    result = subprocess.run(
        [sys.executable, "-m", "visiespiegel", "setup"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,  # collecting and compressing the static files takes a while the first time
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Statische bestanden verzameld\nKader visie-passend-onderwijs versie 1: geïmporteerd\n"
    )
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "archive_key").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "static" / ".visiespiegel-collected").exists()
    with sqlite3.connect(tmp_path / "visiespiegel.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert db.execute("SELECT count(*) FROM frameworks_cell").fetchone() == (24,)


PRODUCTION = {
    "SECRET_KEY": "Zz8-" + "kQ2v9wP4xR7tL1mN6bH3cJ5dF0gS8aE-yU" * 2,
    "ALLOWED_HOSTS": "visiespiegel.swv.example",
    "CSRF_TRUSTED_ORIGINS": "https://visiespiegel.swv.example",
    "SECURE_COOKIES": "1",
    "BEHIND_HTTPS_PROXY": "1",
    "SSL_REDIRECT": "1",
    "HSTS_SECONDS": "31536000",
    "HSTS_INCLUDE_SUBDOMAINS": "1",
}


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    """The settings docs/deploy.md gives make `check --deploy` say nothing."""
    env = (
        {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
        | PRODUCTION
        | {"DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "visiespiegel.settings"}
    )
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "visiespiegel", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_serve_starts_as_many_workers_as_documented(monkeypatch):
    from visiespiegel.management.commands.serve import Command

    parser = Command().create_parser("visiespiegel", "serve")
    from django.conf import settings

    assert parser.parse_args([]).workers == settings.WEB_WORKERS
