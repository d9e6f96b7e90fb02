"""CEFR levels: the display strings stored in scores and the lower-case ids used as answer values."""

from __future__ import annotations

LEVELS: tuple[str, ...] = ("Pre-A1", "A1", "A2", "B1", "B2", "C1", "C2")
LEVEL_IDS: tuple[str, ...] = ("pre_a1", "a1", "a2", "b1", "b2", "c1", "c2")
#: levels that can-do statements may belong to (Pre-A1 lists hold the first steps below A1)
CAN_DO_LEVELS: tuple[str, ...] = LEVELS

_BY_NAME = {name.lower(): i for i, name in enumerate(LEVELS)} | {lid: i for i, lid in enumerate(LEVEL_IDS)}

#: right-to-left language codes the UI must render with dir="rtl"
RTL_LANGUAGES: frozenset[str] = frozenset({"ar", "fa", "prs", "he", "ur", "ps", "ckb", "dv", "yi", "ku_arab"})


def level_rank(value: object) -> int | None:
    """0 (Pre-A1) .. 6 (C2) for a level name ("B1") or id ("b1"); None when it is no level."""
    if not isinstance(value, str):
        return None
    return _BY_NAME.get(value.strip().lower())


def level_name(value: object) -> str | None:
    """The display string ("B1") for a level name or id; None when it is no level."""
    rank = level_rank(value)
    return None if rank is None else LEVELS[rank]


def is_rtl(language: str) -> bool:
    return language in RTL_LANGUAGES
