"""The guides shipped in questionnaire/guides/ (``<id>-v<version>.yaml``), loaded once each."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from questionnaire.errors import GuideError
from questionnaire.loader import load_guide
from schemas.guide import Guide

GUIDES_DIR = Path(__file__).resolve().parent / "guides"
DEFAULT_GUIDE_ID = "sprachstand"


@lru_cache(maxsize=1)
def _bundled() -> dict[tuple[str, int], Guide]:
    guides: dict[tuple[str, int], Guide] = {}
    for path in sorted(GUIDES_DIR.glob("*.yaml")):
        guide = load_guide(path)
        guides[(guide.id, guide.version)] = guide
    return guides


def available_guides() -> list[Guide]:
    """All bundled guides, by id and version."""
    return [g for _, g in sorted(_bundled().items())]


def guide_by_version(guide_id: str, version: int) -> Guide:
    """The bundled guide an interview was taken with; raises ``LookupError`` when there is none."""
    guide = _bundled().get((guide_id, version))
    if guide is None:
        raise LookupError(f"Leitfaden {guide_id} in Version {version} ist nicht vorhanden.")
    return guide


def active_guide(guide_id: str = DEFAULT_GUIDE_ID) -> Guide:
    """The newest released bundled version of a guide (new interviews use it). A version marked
    ``status: in_preparation`` is skipped until the pages support it (docs/guide-format.md §7)."""
    versions = [g for (gid, _), g in _bundled().items() if gid == guide_id and g.status == "released"]
    if not versions:
        raise LookupError(f"Kein freigegebener Leitfaden '{guide_id}' in {GUIDES_DIR}.")
    return max(versions, key=lambda g: g.version)


def latest_guide(guide_id: str = DEFAULT_GUIDE_ID) -> Guide:
    """The newest bundled version, also one still in preparation (benchmarks, rule book, reviews)."""
    versions = [g for (gid, _), g in _bundled().items() if gid == guide_id]
    if not versions:
        raise LookupError(f"Kein Leitfaden '{guide_id}' in {GUIDES_DIR}.")
    return max(versions, key=lambda g: g.version)


__all__ = ["GUIDES_DIR", "GuideError", "active_guide", "available_guides", "guide_by_version", "latest_guide"]
