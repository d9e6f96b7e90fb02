"""Warnings beside errors: what an interviewer or the counseling office should look at again – a
contradiction (no literacy in any script but reading at A2), levels two or more steps apart, the
checklist and the interviewer's rating one level or more apart (then a decision is required).

The warnings are rules of the guide (``placement.warnings``); this module evaluates them on the answers
so far, so the interview pages and the store can show them on a draft. Only skills with an answer
(ticks, rating or decision) count for levels here, so a skill not yet assessed causes no warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from questionnaire.conditions import Computed
from questionnaire.facts import answer_facts
from questionnaire.placement import placement_tables
from questionnaire.skill_levels import SkillResult, skill_results
from questionnaire.validation import validate_answers
from schemas.answers import Answers
from schemas.guide import Guide


def interview_warnings(guide: Guide, answers: Answers | Mapping[str, Any], today: dt.date | None = None) -> list[str]:
    """German warnings for these (possibly partial) answers; [] for a guide without placement rules.
    Raw answers are validated as a draft first (``AnswerError`` when they do not fit the guide)."""
    if guide.placement is None:
        return []
    values = answers.values if isinstance(answers, Answers) else validate_answers(guide, answers, partial=True).values
    results = [r for r in skill_results(guide, values) if r.answered]
    return evaluate(guide, values, results, today, with_facts_only=True)


def evaluate(
    guide: Guide, values: Mapping[str, Any], results: list[SkillResult], today: dt.date | None, with_facts_only: bool
) -> list[str]:
    """The messages of the warning rules that hold; ``with_facts_only=False`` leaves out the rules that
    need no answers (``place`` gives those with the placement)."""
    ranks = {r.skill: r.rank for r in results}
    computed = Computed(levels=ranks, facts=answer_facts(guide, values, ranks, today), today=today)
    messages = [
        w.message
        for w in placement_tables(guide).warnings
        if (with_facts_only or w.needs_answers) and w.when(values, computed)
    ]
    return list(dict.fromkeys(messages))
