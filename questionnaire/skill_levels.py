"""The final level of each scored skill from the answers, with its German explanation.

Per skill the guide's ``scoring.skills.<skill>`` says how the level is found (docs/guide-format.md §4):
- ``method: checklist`` (default): the can-do lists give the level (questionnaire.checklists); the
  interviewer's rating stands beside it; an ``override_question`` replaces it (version 1), a
  ``decision_question`` settles it where lists and rating disagree (the guide requires it then);
- ``method: observation``: the interviewer's rating from the conversation decides; the lists are shown
  beside it (until a rating is given, the lists count).
Works on drafts too (unanswered lists count as unticked).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from questionnaire.checklists import checklist_level, checklist_tables, threshold_of
from questionnaire.levels import LEVELS, level_name, level_rank
from schemas.guide import Guide
from schemas.score import LevelCheck


@dataclass(frozen=True)
class SkillResult:
    skill: str
    label: str
    rank: int  # final level, 0 = Pre-A1
    computed: str  # level the lists give
    rating: str | None
    change: str | None  # the override or decision, when one is set
    explanation: str
    checks: list[LevelCheck]
    answered: bool  # any tick, rating or decision: the skill has been assessed at all


_DECIDED = "Checkliste und Einschätzung weichen ab; festgelegt"


def percent(threshold: float) -> str:
    return f"{threshold * 100:.1f}".rstrip("0").rstrip(".").replace(".", ",") + " %"


def _explain(label: str, rank: int, checks: list[LevelCheck], threshold: float) -> str:
    level = LEVELS[rank]
    by_level = {c.level: c for c in checks}
    parts = []
    if rank > 0:
        c = by_level[level]
        parts.append(f"{label} {level}: {c.met} von {c.total} {level}-Aussagen erfüllt (Schwelle {percent(threshold)})")
    elif "Pre-A1" in by_level and by_level["Pre-A1"].reached:
        c = by_level["Pre-A1"]
        parts.append(f"{label} Pre-A1: {c.met} von {c.total} Pre-A1-Aussagen erfüllt (Schwelle {percent(threshold)})")
    elif "Pre-A1" in by_level:
        c = by_level["Pre-A1"]
        parts.append(
            f"{label} Pre-A1 (unterste Stufe): auch Pre-A1 nicht erreicht – {c.met} von {c.total} "
            f"Pre-A1-Aussagen erfüllt (Schwelle {percent(threshold)})"
        )
    else:
        parts.append(f"{label} Pre-A1: unter A1 (Schwelle {percent(threshold)})")
    below_pre_a1 = rank == 0 and "Pre-A1" in by_level and not by_level["Pre-A1"].reached
    if rank + 1 < len(LEVELS) and LEVELS[rank + 1] in by_level and not below_pre_a1:
        nxt = by_level[LEVELS[rank + 1]]
        parts.append(f"{nxt.level} nicht erreicht: {nxt.met} von {nxt.total} {nxt.level}-Aussagen erfüllt")
    if any(c.reached and (level_rank(c.level) or 0) > rank + 1 for c in checks):
        parts.append("höhere Stufen zählen erst, wenn alle darunter erreicht sind")
    return "; ".join(parts) + "."


def skill_results(guide: Guide, values: Mapping[str, Any]) -> list[SkillResult]:
    """One result per scored skill, in the guide's order (empty without a scoring table)."""
    scoring = guide.scoring
    if scoring is None:
        return []
    tables = checklist_tables(guide)
    threshold = threshold_of(guide)
    reason_q = scoring.override_reason_question
    reason = values.get(reason_q) if reason_q else None
    results = []
    for skill, conf in scoring.skills.items():
        label = guide.text(conf.label)
        table = tables.get(skill)
        rank, checks = checklist_level(table, values, threshold) if table else (0, [])
        sentence = _explain(label, rank, checks, threshold)
        rating = level_name(values.get(conf.rating_question)) if conf.rating_question else None
        change_q = conf.override_question or conf.decision_question
        change = level_name(values.get(change_q)) if change_q else None
        final = LEVELS[rank]
        if conf.method == "observation":
            if rating:
                sentence += f" Einschätzung im Gespräch: {rating} – bei dieser Fertigkeit entscheidet sie."
                final = rating
            else:
                sentence += " Noch keine Einschätzung im Gespräch; bis dahin gilt die Checkliste."
        elif rating:
            sentence += f" Einschätzung im Gespräch: {rating}."
        if change and conf.method == "checklist":
            final = change
            verb = "Abweichend festgelegt" if conf.override_question else _DECIDED
            sentence += f" {verb}: {change}"
            sentence += f" (Begründung: {reason})." if reason else "."
        answered = any(c.met for c in checks) or bool(rating) or bool(change)
        results.append(
            SkillResult(skill, label, level_rank(final) or 0, LEVELS[rank], rating, change, sentence, checks, answered)
        )
    return results
