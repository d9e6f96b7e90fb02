"""What the dashboard's and the course figures' charts share."""

from __future__ import annotations

from typing import Any


def without_hidden(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec as the pages draw it: without the rows of small groups (count None, shown as "< 5" in
    the table beside the chart: no bar rather than an empty one), and with the bars themselves silent
    for screen readers (``config.mark.aria``): Vega labels each bar from its data, and a bar container
    without data was read out unlabelled (axe: svg-img-alt). The chart keeps its description and its
    axes; the numbers are in the table beside it."""
    for name, rows in (spec.get("datasets") or {}).items():
        spec["datasets"][name] = [r for r in rows if not (isinstance(r, dict) and r.get("Anzahl", 0) is None)]
    config = spec.setdefault("config", {})
    config.setdefault("mark", {})["aria"] = False
    for kind in ("bar", "rect"):
        config.setdefault(kind, {})["aria"] = False
    return spec
