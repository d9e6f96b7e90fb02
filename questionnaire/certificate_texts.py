"""The guide's short third-person sentences for the certificate (``scoring.skills.<skill>.certificate_text``)."""

from __future__ import annotations

from questionnaire.levels import level_rank
from schemas.guide import Guide


def certificate_text(guide: Guide, skill: str, level: str, lang: str = "de") -> str | None:
    """The sentence the certificate prints for ``skill`` at ``level`` ("B1" or "b1") in ``lang``.

    None when the guide (e.g. an older or uploaded version) has no sentence for that skill, level
    or language — there is deliberately no fallback to another language, so an English subtitle is
    never German text.
    """
    if guide.scoring is None:
        return None
    conf = guide.scoring.skills.get(skill)  # type: ignore[call-overload]
    rank = level_rank(level)
    if conf is None or rank is None:
        return None
    for key, text in conf.certificate_text.items():
        if level_rank(key) == rank:
            entry = text.get(lang, "").strip()
            return entry or None
    return None
