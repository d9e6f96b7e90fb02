"""Step 2b of the loader: the meaning of a structurally valid guide — ids, references, order,
translations, levels, choice values, scoring tables and rules. Returns every problem found."""

from __future__ import annotations

import re
from typing import Any

from questionnaire.audience import german_only_allowed, german_only_prefixes
from questionnaire.check_rules import RuleChecks
from questionnaire.errors import Problem, problem
from questionnaire.levels import CAN_DO_LEVELS, level_rank
from questionnaire.reader import Path, describe_path, line_of
from schemas.guide import (
    AnyQuestion,
    CanDoQuestion,
    DateQuestion,
    DecimalQuestion,
    Guide,
    IntegerQuestion,
    MultiChoiceQuestion,
    NoteQuestion,
    RepeatQuestion,
    SingleChoiceQuestion,
    TextQuestion,
)
from schemas.vocabulary import Level

_TEXT_KEYS = frozenset(
    {"title", "label", "help", "message", "pattern_message", "explanation", "reason", "description", "warning"}
)


def translation_problems(data: Any, languages: list[str], lines: dict[Path, int]) -> list[Problem]:
    """Every text (label, help, title, ...) needs a non-empty entry in every declared language; a text
    only staff read may be German alone (``questionnaire.audience``)."""
    problems: list[Problem] = []
    german_only = german_only_prefixes(data)

    def add(code: str, path: Path, lang: str) -> None:
        problems.append(problem(code, describe_path(data, path), line_of(lines, path), lang=lang))

    def walk(node: Any, path: Path) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in _TEXT_KEYS and isinstance(value, dict):
                    text_path = (*path, key)
                    if set(value) == {"de"} and german_only_allowed(path, key, german_only):
                        if not isinstance(value["de"], str) or not value["de"].strip():
                            add("missing_translation", (*text_path, "de"), "de")
                        continue
                    for lang in languages:
                        entry = value.get(lang)
                        if not isinstance(entry, str) or not entry.strip():
                            add("missing_translation", (*text_path, lang) if lang in value else text_path, lang)
                    for lang in value:
                        if lang not in languages:
                            add("undeclared_language", (*text_path, lang), str(lang))
                else:
                    walk(value, (*path, key))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, (*path, i))

    walk(data, ())
    return problems


class _Checker(RuleChecks):
    # --- languages and translations ---------------------------------------------------------

    def languages(self) -> None:
        langs = self.guide.languages
        if langs[0] != "de":
            self.add("bad_languages", ("languages",), detail="de muss an erster Stelle stehen")
        if len(set(langs)) != len(langs):
            self.add("bad_languages", ("languages",), detail="eine Sprache steht mehrfach in der Liste")
        self.problems += translation_problems(self.data, langs, self.lines)

    # --- ids and questions ------------------------------------------------------------------

    def ids(self) -> None:
        seen_sections: set[str] = set()
        seen_questions: set[str] = set()
        for si, section in enumerate(self.guide.sections):
            if section.id in seen_sections:
                self.add("duplicate_id", ("sections", si, "id"), id=section.id, what="Abschnitt")
            seen_sections.add(section.id)
            for qi, question in enumerate(section.questions):
                path: Path = ("sections", si, "questions", qi)
                if question.id in seen_questions:
                    self.add("duplicate_id", (*path, "id"), id=question.id, what="Frage")
                seen_questions.add(question.id)
                self.question(question, path)
        for name, choices in self.guide.choice_lists.items():
            self._unique((c.value for c in choices), ("choice_lists", name), "Auswahl", "value")
            if not choices:
                self.add("empty_choice_list", ("choice_lists", name), name=name)
        self._unique((c.value for c in self.guide.course_types), ("course_types",), "Kursart", "value")
        self._unique((r.id for r in self.guide.recommendations), ("recommendations",), "Empfehlungsregel", "id")
        levels = self.guide.choice_lists.get("cefr_levels")
        for i, choice in enumerate(levels or []):
            if not Level.has(choice.value):
                self.add(
                    "level_invalid",
                    ("choice_lists", "cefr_levels", i, "value"),
                    value=choice.value,
                    allowed=", ".join(Level),
                )

    def question(self, q: AnyQuestion, path: Path, in_repeat: bool = False) -> None:
        if isinstance(q, SingleChoiceQuestion | MultiChoiceQuestion):
            if isinstance(q.choices, str):
                if q.choices not in self.guide.choice_lists:
                    self.add("unknown_choice_list", (*path, "choices"), name=q.choices)
            else:
                self._unique((c.value for c in q.choices), (*path, "choices"), "Auswahl", "value")
            if isinstance(q, MultiChoiceQuestion):
                count = len(self.guide.choices_of(q))
                low, high = q.min_selected or 0, q.max_selected if q.max_selected is not None else count
                if low > high or (count and low > count):
                    self.add("bad_range", path, detail=f"min_selected {low}, max_selected {high}, {count} Auswahlen")
        elif isinstance(q, IntegerQuestion | DecimalQuestion):
            if q.min is not None and q.max is not None and q.min > q.max:
                self.add("bad_range", path, detail=f"min {q.min} > max {q.max}")
        elif isinstance(q, DateQuestion):
            if not isinstance(q.min, str) and not isinstance(q.max, str) and q.min and q.max and q.min > q.max:
                self.add("bad_range", path, detail=f"min {q.min} > max {q.max}")
        elif isinstance(q, TextQuestion) and q.pattern is not None:
            try:
                re.compile(q.pattern)
            except re.error as exc:
                self.add("bad_pattern", (*path, "pattern"), detail=str(exc))
        elif isinstance(q, NoteQuestion):
            if q.required is not False or q.constraint is not None:
                self.add("note_required", path)
        elif isinstance(q, CanDoQuestion):
            if q.level not in CAN_DO_LEVELS and level_rank(q.level) is None:  # "Pre-A1", "A1" … or the ids
                self.add("level_invalid", (*path, "level"), value=q.level, allowed=", ".join(CAN_DO_LEVELS))
            self._unique((s.id for s in q.statements), (*path, "statements"), "Aussage", "id")
        elif isinstance(q, RepeatQuestion):
            self._unique((f.id for f in q.fields), (*path, "fields"), "Feld", "id")
            for fi, sub in enumerate(q.fields):
                fpath: Path = (*path, "fields", fi)
                if sub.show_if is not None or sub.constraint is not None or not isinstance(sub.required, bool):
                    self.add("bad_repeat_field", fpath, id=sub.id, detail="Bedingungen sind in Feldern nicht möglich")
                self.question(sub, fpath, in_repeat=True)
            if q.min_items > q.max_items:
                self.add("bad_range", path, detail=f"min_items {q.min_items} > max_items {q.max_items}")

    # --- conditions -------------------------------------------------------------------------

    def conditions(self) -> None:
        for si, section in enumerate(self.guide.sections):
            first = self.order.get(section.questions[0].id, 0)
            if section.show_if is not None:
                self.condition(section.show_if, ("sections", si, "show_if"), before=first)
            for qi, q in enumerate(section.questions):
                path: Path = ("sections", si, "questions", qi)
                position = self.order.get(q.id, 0)
                if q.show_if is not None:
                    self.condition(q.show_if, (*path, "show_if"), before=position)
                if not isinstance(q.required, bool):
                    self.condition(q.required, (*path, "required"), before=position)
                if q.constraint is not None:
                    self.condition(q.constraint.rule, (*path, "constraint", "rule"), before=position + 1)


def check_model(guide: Guide, data: Any, lines: dict[Path, int]) -> list[Problem]:
    """Every meaning problem of a structurally valid guide."""
    checker = _Checker(guide, data, lines)
    checker.languages()
    checker.ids()
    checker.conditions()
    checker.scoring()
    checker.rules()
    checker.placement()
    return checker.problems
