"""Reading framework files: YAML (or JSON) text in, a validated FrameworkSpec out."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml

from visiespiegel.frameworks.schema import FrameworkError, FrameworkSpec, check_framework


def parse_framework(text: str) -> FrameworkSpec:
    """Parse and validate; raise FrameworkError with located problems, never a traceback."""
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(file)"
        raise FrameworkError([f"{where}: not valid YAML: {error.problem}"]) from None
    except yaml.YAMLError as error:
        raise FrameworkError([f"(file): not valid YAML: {error}"]) from None
    return check_framework(data)


def load_framework_file(path: Path | str) -> FrameworkSpec:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FrameworkError([f"{path}: no such file"]) from None
    except UnicodeDecodeError:
        raise FrameworkError([f"{path}: not UTF-8 text"]) from None
    except OSError as error:
        raise FrameworkError([f"{path}: cannot be read ({error.strerror})"]) from None
    return parse_framework(text)


def _without_empty_audiences(value):
    """Files from before audience wording existed keep their fingerprint."""
    if isinstance(value, dict):
        return {
            k: _without_empty_audiences(v)
            for k, v in value.items()
            if not (k == "audiences" and not v)
        }
    if isinstance(value, list):
        return [_without_empty_audiences(v) for v in value]
    return value


def checksum(spec: FrameworkSpec) -> str:
    """A fingerprint of the content: the same content always gives the same version."""
    content = _without_empty_audiences(spec.model_dump(mode="json"))
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
