"""Verification codes: a short HMAC-SHA256 of a certificate's frozen data that only the server can make.

The code is 10 characters of Crockford's base32 (digits and capitals without I, L, O, U), 50 bits of
the HMAC, printed in two groups as ``XXXXX-XXXXX``. Crockford's alphabet has no letters that look like
digits, so a code read off paper can be normalised: lower case, spaces, a missing dash and the
look-alikes O→0, I/L→1 are all accepted by ``normalise_code``. Guessing stays hopeless (2^50 codes
per number, and the verification page limits attempts per client).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from schemas.certificate import CertificateData

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})


def _raw_code(data: CertificateData, key: bytes) -> str:
    digest = hmac.new(key, data.canonical_bytes(), hashlib.sha256).digest()
    bits = int.from_bytes(digest[:8], "big") >> (64 - 5 * CODE_LENGTH)
    return "".join(ALPHABET[(bits >> (5 * i)) & 31] for i in reversed(range(CODE_LENGTH)))


def format_code(raw: str) -> str:
    """``ABCDEFGHJK`` → ``ABCDE-FGHJK`` (the printed form)."""
    return f"{raw[:5]}-{raw[5:]}"


def normalise_code(code: str) -> str:
    """The 10 bare characters of a code as typed by a person; '' when it cannot be a code."""
    bare = code.strip().upper().translate(_LOOKALIKES)
    if len(bare) != CODE_LENGTH or any(ch not in ALPHABET for ch in bare):
        return ""
    return bare


def verification_code(data: CertificateData, key: bytes) -> str:
    """The printed verification code of ``data`` under ``key``, e.g. ``7K2QX-M9D4T``."""
    if not key:
        raise ValueError("Der Schlüssel für Prüfcodes ist leer (SECRET_KEY).")
    return format_code(_raw_code(data, key))


def check_code(data: CertificateData, code: str, keys: Sequence[bytes]) -> bool:
    """True when ``code`` (in any readable spelling) was made for exactly this data with one of ``keys``.

    ``keys`` holds the current key first and earlier keys after it, so certificates issued before a
    key rotation still verify. Every key is tried (no early exit) and compared in constant time.
    """
    given = normalise_code(code)
    matched = False
    for key in keys:
        if key:
            # compare_digest also on a failed normalisation, so timing does not tell the two apart
            matched |= hmac.compare_digest(given or "!" * CODE_LENGTH, _raw_code(data, key))
    return matched


def verify_url(public_url: str, number: str, code: str) -> str:
    """``<public_url>?verify=<number>&code=<code>``, keeping a query the public address already has."""
    parts = urlsplit(public_url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ("verify", "code")]
    query += [("verify", number), ("code", code)]
    return urlunsplit(parts._replace(query=urlencode(query), fragment=""))


def with_verification(data: CertificateData, key: bytes, public_url: str) -> CertificateData:
    """A copy of ``data`` carrying its verification code and URL: what the issuer stores and prints."""
    code = verification_code(data, key)
    return data.model_copy(update={"verification_code": code, "verify_url": verify_url(public_url, data.number, code)})
