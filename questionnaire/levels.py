"""CEFR levels for the engine: small helpers over ``schemas.vocabulary.Level``, where the levels are defined.

Scores store the CEFR name ("B1", "Pre-A1"); guides use the lower-case ids ("b1", "pre_a1") as answer values
and either form in rules. These helpers accept both and return None for anything else.
"""

from __future__ import annotations

from schemas.vocabulary import Level, LevelName

#: the CEFR names and the answer ids in order, derived from ``Level`` for the engine's rank arithmetic
LEVELS: tuple[LevelName, ...] = Level.names()
LEVEL_IDS: tuple[str, ...] = tuple(level.value for level in Level)
#: levels that can-do statements may belong to (Pre-A1 lists hold the first steps below A1)
CAN_DO_LEVELS: tuple[LevelName, ...] = LEVELS


#: right-to-left language codes the UI must render with dir="rtl"
RTL_LANGUAGES: frozenset[str] = frozenset({"ar", "fa", "prs", "he", "ur", "ps", "ckb", "dv", "yi", "ku_arab"})


# The engine reads a level for every rule and score it evaluates: plain dicts from ``Level`` (by id and by
# lower-case CEFR name), so a look-up costs what it cost before the levels became an enum.
_BY_TEXT: dict[str, Level] = {level.value: level for level in Level} | {level.label.lower(): level for level in Level}
_RANK: dict[str, int] = {text: level.rank for text, level in _BY_TEXT.items()}
_NAME: dict[str, LevelName] = {text: level.label for text, level in _BY_TEXT.items()}


def level_rank(value: object) -> int | None:
    """0 (Pre-A1) .. 6 (C2) for a level name ("B1") or id ("b1"); None when it is no level."""
    return _RANK.get(value.strip().lower()) if isinstance(value, str) else None


def level_name(value: object) -> LevelName | None:
    """The display string ("B1") for a level name or id; None when it is no level."""
    return _NAME.get(value.strip().lower()) if isinstance(value, str) else None


def name_of_rank(rank: int) -> LevelName:
    """The CEFR name of rank 0 (Pre-A1) .. 6 (C2)."""
    return Level.names()[rank]


def is_rtl(language: str) -> bool:
    return language in RTL_LANGUAGES
