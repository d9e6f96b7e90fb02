"""Password hashing with argon2id (argon2-cffi) and the password policy.

The policy follows NIST SP 800-63B: a minimum length, no composition rules, but a refusal of
passwords that are easy to guess. Length alone admits ``aaaaaaaaaaaa`` and ``123456789012``, so
every new password is also rated by zxcvbn (Dropbox's estimator: common passwords, words, names,
keyboard patterns, sequences, repeats, dates, l33t spelling) with the account's own words (user
name, display name, the city's and the program's name) and common German password words added to
its dictionaries. A password must reach ``MIN_SCORE``; one that contains the user name, the city's
or the program's name is refused outright. Every refusal is a German message saying why and what
to do instead.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from schemas.errors import InvalidInput
from settings import get_settings

MIN_LENGTH = 12
MAX_LENGTH = 1024
# zxcvbn's score 4: about 10^10 guesses and more ("strong protection from an offline slow-hash
# attack"). Score 3 (10^8) still admitted the classics "Sommer2024!!", "Hallo123456!" and dates.
MIN_SCORE = 4
APP_NAME = "Sprachstand"
# zxcvbn's dictionaries are English; these German words and the app's own vocabulary are what a
# German office tries first ("Passwort", "Sommer2024", "Beratung1234").
GERMAN_WORDS = (
    "passwort",
    "kennwort",
    "geheim",
    "geheimnis",
    "hallo",
    "willkommen",
    "sommer",
    "winter",
    "herbst",
    "frühling",
    "fruehling",
    "schatz",
    "liebe",
    "deutschland",
    "anmeldung",
    "benutzer",
    "qwertz",
    "asdfgh",
    "beratung",
    "interview",
    "leitung",
    "träger",
    "traeger",
    "verwaltung",
    "stadt",
    "sprachkurs",
    "deutsch",
    "integration",
    "mein",
    "meine",
    "ich",
    "liebe",
    "dich",
)
_ESTIMATE_CHARS = 72  # zxcvbn's own limit: its cost grows fast with the length

# Which kind of guessable part zxcvbn found, as the reason given to the user.
_REASONS = {
    "dictionary": "es besteht vor allem aus einem häufigen Wort, Namen oder Passwort",
    "repeat": "es wiederholt Zeichen oder Zeichenfolgen",
    "sequence": "es ist eine Folge wie 1234 oder abcd",
    "spatial": "es ist eine Tastaturfolge wie qwertz",
    "date": "es besteht vor allem aus einem Datum",
    "regex": "es besteht vor allem aus einer Jahreszahl",
}
_ADVICE = (
    "Bitte ein Passwort aus mehreren Wörtern wählen, die nicht zusammengehören (z. B. vier zufällige "
    "Wörter mit Bindestrichen), ohne Namen, Jahreszahlen und Tastaturfolgen."
)

# argon2-cffi's defaults are RFC 9106's "low memory" argon2id profile. Tests may swap in cheaper
# parameters (tests/conftest.py) — the type stays argon2id.
HASHER = PasswordHasher()
_DUMMY_HASH: str | None = None


def _squashed(text: str) -> str:
    """Lower case without spaces, dots, dashes and underscores: "Muster-Stadt" ~ "musterstadt"."""
    return re.sub(r"[\s._\-]+", "", text.casefold())


def _words(texts: Iterable[str]) -> list[str]:
    words: list[str] = []
    for text in texts:
        if text:
            words.append(_squashed(text))
            words += [w for w in re.split(r"[\s._\-/,()]+", text.casefold()) if len(w) >= 3]
    return words


def _city_names() -> list[str]:

    try:
        return [get_settings().city_name]
    except ValueError:  # settings that do not validate are reported by the app itself
        return []


def check_rules(
    password: str,
    field: str = "Passwort",
    *,
    username: str = "",
    display_name: str = "",
    names: Iterable[str] = (),
) -> None:
    """Raises ``InvalidInput`` (German, naming ``field``) unless ``password`` may be set.

    ``username`` and ``display_name`` are the account's; ``names`` further names that must not be
    in it (the city's name as the admin set it). The program's and the configured city's name are
    always added."""
    if not isinstance(password, str) or len(password) < MIN_LENGTH:
        raise InvalidInput(f"{field}: mindestens {MIN_LENGTH} Zeichen, bitte ein längeres Passwort wählen.", "password")
    if len(password) > MAX_LENGTH:
        raise InvalidInput(f"{field}: höchstens {MAX_LENGTH} Zeichen.", "password")
    if password.strip() != password or not password.strip():
        raise InvalidInput(f"{field}: darf nicht mit Leerzeichen beginnen oder enden.", "password")
    squashed = _squashed(password)
    user = _squashed(username or "")
    if len(user) >= 3 and user in squashed:
        raise InvalidInput(f"{field}: enthält den Benutzernamen und ist damit leicht zu erraten. {_ADVICE}", "password")
    for name in [APP_NAME, *_city_names(), *names]:
        if len(_squashed(name)) >= 4 and _squashed(name) in squashed:
            raise InvalidInput(
                f"{field}: enthält „{name}“ (den Namen der Stadt oder des Programms) und ist damit leicht zu "
                f"erraten. {_ADVICE}",
                "password",
            )
    rating = _estimate(password, [username, display_name, APP_NAME, *_city_names(), *names])
    if rating["score"] < MIN_SCORE:
        raise InvalidInput(f"{field}: zu leicht zu erraten – {_reason(rating)}. {_ADVICE}", "password")


def _estimate(password: str, own: list[str]) -> dict[str, Any]:
    from zxcvbn import zxcvbn  # heavy (its word lists): loaded by the first password check only

    return dict(zxcvbn(password[:_ESTIMATE_CHARS], user_inputs=[*_words(own), *GERMAN_WORDS]))


def _reason(rating: dict[str, Any]) -> str:
    """The kind of the longest guessable part zxcvbn found (bruteforce parts are not a reason)."""
    parts = [m for m in rating.get("sequence", []) if m.get("pattern") in _REASONS]
    if not parts:
        return "es ist zu kurz für seine Zeichenvielfalt"
    longest = max(parts, key=lambda m: len(m.get("token", "")))
    return _REASONS[longest["pattern"]]


def hash_password(password: str, *, username: str = "", display_name: str = "", names: Iterable[str] = ()) -> str:
    """The argon2id hash of a new password, after the policy (``check_rules``) accepted it."""
    check_rules(password, username=username, display_name=display_name, names=names)
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


_CHECK_SECONDS: float | None = None


def pause() -> None:
    """Waits as long as one password check takes, without the CPU: a refusal before the check (lock,
    throttle) then answers no faster than a wrong password. The first call measures one check."""
    global _CHECK_SECONDS
    if _CHECK_SECONDS is None:
        started = time.perf_counter()
        burn_time("pause-measurement")
        _CHECK_SECONDS = time.perf_counter() - started
        return
    time.sleep(_CHECK_SECONDS)
