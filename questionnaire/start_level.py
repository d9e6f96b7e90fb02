"""The start level of a placement: a composite of the five skills modelled on the overall result of the
Deutsch-Test für Zuwanderer (DTZ), instead of the minimum, so that one weak skill does not decide.

The DTZ gives a level overall when the person reaches it in the oral part ("Sprechen") and in at least
one of the two written parts, "Hören und Lesen" or "Schreiben" (telc/Goethe-Institut; e.g.
https://weiterbildungsportal.rlp.de/g4291 – see docs/placement.md). The interview has five skills
instead of three test parts, so:

    oral       = mean of spoken interaction and spoken production, rounded down
    receptive  = mean of listening and reading, rounded down
    composite  = min(oral, max(receptive, writing))

i.e. the highest level reached orally and in listening/reading or writing. Rounding down keeps the
composite on the cautious side; every step is monotone, so a higher level in any skill never lowers it.
Guides that score other skills get the minimum over the scored skills.
"""

from __future__ import annotations

from collections.abc import Mapping

from schemas.vocabulary import Skill


def composite_rank(levels: Mapping[str, int]) -> int | None:
    """The DTZ-like composite (0 = Pre-A1 .. 6 = C2) of level ranks per skill; None without levels."""
    if not levels:
        return None
    if not all(skill in levels for skill in Skill):
        return min(levels.values())
    oral = (levels[Skill.SPOKEN_INTERACTION] + levels[Skill.SPOKEN_PRODUCTION]) // 2
    receptive = (levels[Skill.LISTENING] + levels[Skill.READING]) // 2
    return min(oral, max(receptive, levels[Skill.WRITING]))


def spread(levels: Mapping[str, int]) -> int:
    """Levels between the strongest and the weakest skill (0 when all are equal)."""
    return max(levels.values()) - min(levels.values()) if levels else 0
