"""Join codes and private tokens. Pure functions, no Django models."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

# Join codes leave out characters that are easily confused: 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8  # new rounds; rounds made before keep their 6-character codes
OLD_CODE_LENGTH = 6
PERSONAL_CODE_LENGTH = 10  # 31^10: guessing one is hopeless


def new_code(length: int = CODE_LENGTH) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def new_personal_code() -> str:
    return new_code(PERSONAL_CODE_LENGTH)


def looks_like_personal_code(code: str) -> bool:
    return len(code) == PERSONAL_CODE_LENGTH and all(c in CODE_ALPHABET for c in code)


def display(code: str) -> str:
    """Groups of four or fewer, easier to read and type: 'ABCD-EFGH-JK'."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise_code(raw: str) -> str:
    """Forgiving input: case, spaces and dashes are ignored ('abc def' -> 'ABCDEF')."""
    return re.sub(r"[\s\-.]+", "", raw or "").upper()


def looks_like_code(code: str) -> bool:
    return len(code) in (CODE_LENGTH, OLD_CODE_LENGTH) and all(c in CODE_ALPHABET for c in code)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def edit_token(secret: str, round_id: int, idempotency_key: str) -> str:
    """The private token for revising a response, derived so a retried submit returns the
    same one without the token itself ever being stored."""
    message = f"visiespiegel-edit:{round_id}:{idempotency_key}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
