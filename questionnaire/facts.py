"""Answers -> placement facts, as the guide's ``placement.facts`` says (docs/guide-format.md §6b).

Each mappable fact comes from one answer (``{question: id}``, values renamed with ``map``; null drops a
value), from a condition on the answers (``{when: ...}``, yes/no facts) or from a date answer
(``{age: birth_date}``: whole years at the interview date). Levels are the final levels of scoring.
An unanswered source leaves the fact at its default (PlacementFacts), except ``age``, which has none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from questionnaire.conditions import INTERVIEW_DATE_QUESTION, Computed, Predicate, compile_condition, whole_years
from questionnaire.errors import AnswerError
from questionnaire.fact_table import FACTS, derive
from questionnaire.levels import LEVEL_IDS
from questionnaire.skill_levels import SkillResult, skill_results
from questionnaire.types import parse_date
from questionnaire.validation import validate_answers
from schemas.answers import Answers
from schemas.guide import DateQuestion, Guide
from schemas.placement import PlacementFacts

Source = Callable[[Mapping[str, Any], dt.date | None], Any]  # (values, today) -> fact value or None


def _date(value: Any) -> dt.date | None:
    try:
        return parse_date(value)
    except ValueError:
        return None


def _sources(guide: Guide) -> dict[str, Source]:
    """fact name -> a function reading it from the answers (compiled once per guide)."""
    cached: dict[str, Source] | None = guide.artefacts.get("fact_sources")
    if cached is not None:
        return cached
    if guide.placement is None:
        raise ValueError(f"Der Leitfaden {guide.id} Version {guide.version} hat keine Platzierungsregeln (placement).")
    interview_date = isinstance(guide.question(INTERVIEW_DATE_QUESTION), DateQuestion)
    sources: dict[str, Source] = {}
    for name, source in guide.placement.facts.items():
        if source.when is not None:
            sources[name] = _condition_source(compile_condition(source.when, guide))
        elif source.age is not None:

            def age(values: Mapping[str, Any], today: dt.date | None, qid: str = source.age) -> int | None:
                born = _date(values.get(qid))
                on = _date(values.get(INTERVIEW_DATE_QUESTION)) if interview_date else None
                return None if born is None else whole_years(born, on or today or dt.date.today())

            sources[name] = age
        else:
            sources[name] = _answer_source(str(source.question), source.map or {}, FACTS[name].kind == "set")
    guide.artefacts["fact_sources"] = sources
    return sources


def _condition_source(when: Predicate) -> Source:
    return lambda values, today: when(values, Computed(today=today))


def _answer_source(qid: str, mapping: Mapping[str, str | None], is_set: bool) -> Source:
    def read(values: Mapping[str, Any], today: dt.date | None) -> Any:
        value = values.get(qid)
        if value is None:
            return None
        if is_set:
            return frozenset(m for v in value if (m := mapping.get(v, v)) is not None)
        return mapping.get(value, value) if isinstance(value, str) else value

    return read


def answer_facts(
    guide: Guide, values: Mapping[str, Any], level_ranks: Mapping[str, int], today: dt.date | None = None
) -> dict[str, Any]:
    """Plain fact values of (possibly partial) answers, derived facts included; unanswered ones left out."""
    found: dict[str, Any] = {}
    for name, read in _sources(guide).items():
        value = read(values, today)
        if value is not None:
            found[name] = value
    return derive(found, level_ranks)


def facts_from_answers(
    guide: Guide, answers: Answers | Mapping[str, Any], today: dt.date | None = None
) -> PlacementFacts:
    """The placement facts of one interview. ``today`` is the day an age is counted to when the guide
    has no ``interview_date`` answer (default: the current date). Raises ``AnswerError`` for answers
    that do not fit the guide and pydantic's ``ValidationError`` for facts that cannot be formed
    (e.g. no date of birth)."""
    if isinstance(answers, Answers) and (answers.guide_id, answers.guide_version) != (guide.id, guide.version):
        version = f"{answers.guide_id} v{answers.guide_version}"
        raise AnswerError([("", f"Die Antworten gehören zum Leitfaden {version}, nicht zu Version {guide.version}.")])
    values = answers.values if isinstance(answers, Answers) else validate_answers(guide, answers, partial=True).values
    return facts_of(guide, values, skill_results(guide, values), today)


def facts_of(
    guide: Guide, values: Mapping[str, Any], results: list[SkillResult], today: dt.date | None
) -> PlacementFacts:
    found = answer_facts(guide, values, {r.skill: r.rank for r in results}, today)
    data: dict[str, Any] = {"levels": {r.skill: LEVEL_IDS[r.rank] for r in results}, "literacy": {}}
    for name, value in found.items():
        if not FACTS[name].mappable:
            continue
        if name.startswith("literacy_"):
            data["literacy"][name.removeprefix("literacy_")] = value
        else:
            data[name] = value
    return PlacementFacts.model_validate(data)
