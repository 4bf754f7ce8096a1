"""Small typed readers for settings that come from the environment."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name} must be one of {sorted(_TRUE | _FALSE)}, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def _token() -> str:
    return secrets.token_urlsafe(50)


def env_secret(name: str, *, fallback_file: Path, generate: Callable[[], str] = _token) -> str:
    """A secret from NAME, from the file named by NAME_FILE, or kept in `fallback_file`.

    The fallback is for development and the single-machine default install: a random key
    (`generate`) is made once and kept beside the database, so sessions survive a restart and
    no key is ever committed.
    """
    if value := os.environ.get(name):
        return value
    if path := os.environ.get(f"{name}_FILE"):
        return Path(path).read_text(encoding="utf-8").strip()
    if fallback_file.exists():
        return fallback_file.read_text(encoding="utf-8").strip()
    value = generate()
    private_file(fallback_file).write_text(value, encoding="utf-8")
    return value


def env_optional_secret(name: str) -> str:
    """A secret from NAME or from the file named by NAME_FILE; empty when neither is set."""
    if value := os.environ.get(name):
        return value
    if path := os.environ.get(f"{name}_FILE"):
        return Path(path).read_text(encoding="utf-8").strip()
    return ""


def data_dir() -> Path:
    """DATA_DIR, or the user's data folder ($XDG_DATA_HOME or ~/.local/share)/visiespiegel:
    never the current working directory, so starting from elsewhere finds the same data."""
    if value := os.environ.get("DATA_DIR"):
        return Path(value).expanduser().resolve()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return (Path(base) / "visiespiegel").resolve()


def private_file(path: Path) -> Path:
    """Make sure `path` exists with mode 600, in a folder only its owner can open."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    if not path.exists():
        path.touch(mode=0o600)
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
    return path
