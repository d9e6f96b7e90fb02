"""The level a skill's can-do checklists give: the cumulative threshold rule, Pre-A1 lists included.

A level is reached when at least ``threshold`` of its statements are ticked, and it counts only when
every lower level of the skill counts too. When a skill has a Pre-A1 list, A1 counts only after Pre-A1
is reached; when not even Pre-A1 is reached the skill stays at Pre-A1 – the lowest step of the scale,
read as "below A1" – and the check of the Pre-A1 list shows it was not reached (docs/guide-format.md §4).

Used by scoring and by ``{checklist: skill, ...}`` conditions (so a decision question can be required
when the lists and the interviewer's rating disagree). Built once per guide without compiling any
condition, so conditions may use it while the answer model is being built.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from questionnaire.levels import LEVELS, level_rank
from schemas.guide import CanDoQuestion, Guide
from schemas.score import LevelCheck


@dataclass(frozen=True)
class ChecklistTable:
    skill: str
    levels: tuple[tuple[int, tuple[str, ...], int], ...]  # (level rank, can_do question ids, statements), ascending


def reached(met: int, total: int, threshold: float) -> bool:
    """met/total >= threshold, in integer arithmetic so 4 of 5 at 80 % is reached."""
    return total > 0 and met * 1_000_000 >= round(threshold * 1_000_000) * total


def checklist_tables(guide: Guide) -> dict[str, ChecklistTable]:
    """skill -> its can-do lists by level (cached on the guide)."""
    tables: dict[str, ChecklistTable] | None = guide.artefacts.get("checklists")
    if tables is None:
        by_skill: dict[str, dict[int, list[CanDoQuestion]]] = {}
        for _, question in guide.questions():
            if isinstance(question, CanDoQuestion):
                rank = level_rank(question.level)
                if rank is not None:
                    by_skill.setdefault(question.skill, {}).setdefault(rank, []).append(question)
        tables = {
            skill: ChecklistTable(
                skill,
                tuple(
                    (rank, tuple(q.id for q in qs), sum(len(q.statements) for q in qs))
                    for rank, qs in sorted(levels.items())
                ),
            )
            for skill, levels in by_skill.items()
        }
        guide.artefacts["checklists"] = tables
    return tables


def threshold_of(guide: Guide) -> float:
    return guide.scoring.threshold if guide.scoring is not None else 0.8


def checklist_level(table: ChecklistTable, values: Mapping[str, Any], threshold: float) -> tuple[int, list[LevelCheck]]:
    """(rank of the highest counting level, checks per level) for one skill's answers."""
    checks = []
    rank = 0
    counting = True
    for level, qids, total in table.levels:
        met = sum(len(values.get(qid) or ()) for qid in qids)
        ok = reached(met, total, threshold)
        checks.append(LevelCheck(level=LEVELS[level], met=met, total=total, reached=ok))
        counting = counting and ok and (level == 0 or level == rank + 1)
        if counting and level > 0:
            rank = level
    return rank, checks


def rank_function(guide: Guide, skill: str) -> Callable[[Mapping[str, Any]], int]:
    """A fast ``values -> level rank`` for one skill's lists (conditions evaluate it on every validation,
    so it counts without building the LevelCheck models that scoring shows)."""
    table = checklist_tables(guide).get(skill)
    levels = table.levels if table is not None else ()
    scaled = round(threshold_of(guide) * 1_000_000)

    def rank_of(values: Mapping[str, Any]) -> int:
        rank = 0
        for level, qids, total in levels:
            met = 0
            for qid in qids:
                ticked = values.get(qid)
                if ticked:
                    met += len(ticked)
            if total == 0 or met * 1_000_000 < scaled * total or (level and level != rank + 1):
                break
            rank = level
        return rank

    return rank_of
