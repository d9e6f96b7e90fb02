"""Name normalisation for search and duplicate detection."""

from __future__ import annotations

import re
import unicodedata

_SPLIT = re.compile(r"[\s\-‐'’`.,]+")


def fold(text: str) -> str:
    """Case-folded, accents stripped: "Özdemir" -> "ozdemir", "Straße" -> "strasse"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_parts(text: str) -> list[str]:
    return [p for p in _SPLIT.split(fold(text)) if p]


def name_key(family_name: str, given_names: str) -> str:
    """Order-independent key: "Al-Hassan, Omar" and "Omar Al Hassan" give the same key."""
    return " ".join(sorted(name_parts(f"{family_name} {given_names}")))
