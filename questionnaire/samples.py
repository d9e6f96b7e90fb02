"""Plausible complete interviews for any guide (demo data, benchmarks, tests), reproducible by seed.

Answers follow the guide's rules: only visible questions are answered, required ones always,
constraints are met by retrying, and can-do ticks follow a per-skill target level so scores vary.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from typing import Any

from questionnaire.answer_model import Step, compiled
from questionnaire.levels import level_rank
from questionnaire.types import resolve_date_bound
from schemas.answers import to_json_value
from schemas.guide import (
    AnyQuestion,
    CanDoQuestion,
    DateQuestion,
    DecimalQuestion,
    Guide,
    IntegerQuestion,
    LongTextQuestion,
    MultiChoiceQuestion,
    RepeatQuestion,
    SingleChoiceQuestion,
    TextQuestion,
)
from schemas.vocabulary import Skill

_NAMES = ["Amal", "Yusuf", "Olena", "Dmytro", "Fatima", "Reza", "Ayşe", "Mehmet", "Maria", "Ivan", "Leila", "Omar"]
_WORDS = ["Deutsch", "lernen", "Arbeit", "Kinder", "Kurs", "Abend", "gern", "schnell", "Beruf", "Alltag"]
_PATTERN_CANDIDATES = ["name@example.org", "+49 170 1234567", "0170 1234567", "12345", "AB-123", "Musterstraße 1"]


def _text(question: TextQuestion | LongTextQuestion, rng: random.Random) -> str | None:
    if isinstance(question, TextQuestion) and question.pattern:
        fitting = [c for c in _PATTERN_CANDIDATES if re.fullmatch(question.pattern, c)]
        return rng.choice(fitting) if fitting else None
    if isinstance(question, LongTextQuestion):
        value = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(5, 30))) + "."
    else:
        value = f"{rng.choice(_NAMES)} {rng.choice(_NAMES)}"
    return value[: question.max_length]


def _date(question: DateQuestion, rng: random.Random, today: dt.date) -> dt.date:
    low = resolve_date_bound(question.min, today) or dt.date(1950, 1, 1)
    high = resolve_date_bound(question.max, today) or today
    if question.not_future:
        high = min(high, today)
    span = max((high - low).days, 0)
    return low + dt.timedelta(days=rng.randint(0, span))


def _value(question: AnyQuestion, guide: Guide, rng: random.Random, targets: dict[Skill, int], today: dt.date) -> Any:
    if isinstance(question, TextQuestion | LongTextQuestion):
        return _text(question, rng)
    if isinstance(question, IntegerQuestion):
        low = question.min if question.min is not None else 0
        return rng.randint(low, question.max if question.max is not None else low + 12)
    if isinstance(question, DecimalQuestion):
        bottom = question.min if question.min is not None else 0.0
        return round(rng.uniform(bottom, question.max if question.max is not None else bottom + 40), 1)
    if isinstance(question, DateQuestion):
        return _date(question, rng, today)
    if question.type == "yes_no":
        return rng.random() < 0.6
    if isinstance(question, SingleChoiceQuestion):
        return rng.choice(guide.choices_of(question)).value
    if isinstance(question, MultiChoiceQuestion):
        values = [c.value for c in guide.choices_of(question)]
        low = max(1, question.min_selected or 0)
        high = min(len(values), question.max_selected or 3, 3)
        return rng.sample(values, rng.randint(min(low, high), high))
    if isinstance(question, RepeatQuestion):
        items = []
        for _ in range(rng.randint(max(1, question.min_items), min(2, question.max_items))):
            item = {}
            for sub in question.fields:
                if sub.required is True or rng.random() < 0.5:
                    value = _value(sub, guide, rng, targets, today)
                    if value is not None:
                        item[sub.id] = value
            items.append(item)
        return items
    if isinstance(question, CanDoQuestion):
        ids = [s.id for s in question.statements]
        rank = level_rank(question.level)
        if rank is not None and rank <= targets.get(question.skill, 0):
            return ids if rng.random() < 0.9 else ids[: max(1, len(ids) - 1)]
        return rng.sample(ids, rng.randint(0, max(0, len(ids) // 3)))
    return None


def sample_answers(guide: Guide, seed: int = 0, today: dt.date | None = None) -> dict[str, Any]:
    """A complete interview as JSON-like data (what ``Answers.to_json_dict()`` gives)."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    targets = {skill: rng.randint(0, 5) for skill in Skill}
    values: dict[str, Any] = {}
    for step in compiled(guide).steps:
        if not step.takes_answer or not step.visible(values, None):
            continue
        # optional questions: most are answered; overrides only now and then
        skip_chance = 0.95 if step.question.id.startswith("override_") else 0.3
        if not _required(step, values) and rng.random() < skip_chance:
            continue
        for _ in range(30):
            value = _value(step.question, guide, rng, targets, today)
            if value is None or value == []:
                values.pop(step.question.id, None)
                break
            values[step.question.id] = value
            if step.constraint is None or step.constraint(values, None):
                break
        else:
            values.pop(step.question.id, None)
    return {k: to_json_value(v) for k, v in values.items()}


def _required(step: Step, values: dict[str, Any]) -> bool:
    return step.required if isinstance(step.required, bool) else step.required(values, None)
