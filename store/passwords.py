"""Password hashing with argon2id (argon2-cffi) and the password rules."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from store.errors import InvalidInput

MIN_LENGTH = 12
MAX_LENGTH = 1024

# argon2-cffi's defaults are RFC 9106's "low memory" argon2id profile. Tests may swap in cheaper
# parameters (tests/store/conftest.py) — the type stays argon2id.
HASHER = PasswordHasher()
_DUMMY_HASH: str | None = None


def check_rules(password: str, field: str = "Passwort") -> None:
    if not isinstance(password, str) or len(password) < MIN_LENGTH:
        raise InvalidInput(f"{field}: mindestens {MIN_LENGTH} Zeichen, bitte ein längeres Passwort wählen.", "password")
    if len(password) > MAX_LENGTH:
        raise InvalidInput(f"{field}: höchstens {MAX_LENGTH} Zeichen.", "password")
    if password.strip() != password or not password.strip():
        raise InvalidInput(f"{field}: darf nicht mit Leerzeichen beginnen oder enden.", "password")


def hash_password(password: str) -> str:
    check_rules(password)
    return HASHER.hash(password)


def verify(stored_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    try:
        return HASHER.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


def burn_time(password: str) -> None:
    """Verifies against a dummy hash so an unknown username takes as long as a wrong password."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = HASHER.hash("dummy-password-never-matches")
    verify(_DUMMY_HASH, password)
