"""The minimum group size of anonymous figures (``MIN_GROUP_SIZE``, settings.py): a count of fewer than
that many interviews is returned as ``None`` (shown "< 5"), so a dashboard cell or a statistic never
points at one or two people — e.g. the only learner of a small provider in one month, whose levels would
otherwise be readable, with or without sharing consent. Zero stays zero (no one is described by it).

Applied by the store to everything it hands out as anonymous figures (``reporting.dashboard``,
``stats.statistics``), so no page or command can forget it."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from settings import get_settings

T = TypeVar("T")
K = TypeVar("K")


def minimum() -> int:

    return get_settings().min_group_size


def count(n: int | None, least: int | None = None) -> int | None:
    """``n``, or None when it is a small group (1 … minimum - 1)."""
    least = minimum() if least is None else least
    return None if n is None or 0 < n < least else n


def counts(mapping: dict[K, int], least: int | None = None) -> dict[K, int | None]:
    least = minimum() if least is None else least
    return {key: count(n, least) for key, n in mapping.items()}


def label(n: int | None) -> str:
    """How a page or report shows a figure: the number, or "< 5" for a small group."""
    return f"< {minimum()}" if n is None else str(n)


def hide_small(figures: T) -> T:
    """A dataclass of figures with every small group hidden: ints and dicts of ints (nested too); the
    waiting-time median and mean only when enough interviews were approved (``approved``)."""
    least = minimum()
    if least <= 1:
        return figures
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(figures):  # type: ignore[arg-type]
        value = getattr(figures, f.name)
        if f.name in ("total", "approved") and isinstance(value, int):
            changes[f.name] = count(value, least)
        elif isinstance(value, dict):
            changes[f.name] = _nested(value, least)
    approved = getattr(figures, "approved", getattr(figures, "total", 0))
    if isinstance(approved, int) and 0 < approved < least:
        for name in ("median_waiting_days", "mean_waiting_days"):
            if hasattr(figures, name):
                changes[name] = None
    return dataclasses.replace(figures, **changes)  # type: ignore[type-var]


def nested_counts(value: dict[K, Any]) -> dict[K, Any]:
    """A (nested) dict of counts with every small group hidden."""
    least = minimum()
    return value if least <= 1 else _nested(value, least)


def _nested(value: dict[Any, Any], least: int) -> dict[Any, Any]:
    return {k: _nested(v, least) if isinstance(v, dict) else count(v, least) for k, v in value.items()}
