"""Step 2b of the loader: the meaning of a structurally valid guide — ids, references, order,
translations, levels, choice values, scoring tables and rules. Returns every problem found."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from questionnaire.conditions import iter_leaves
from questionnaire.contradictions import contradiction
from questionnaire.errors import Problem, problem
from questionnaire.levels import CAN_DO_LEVELS, level_rank, name_of_rank
from questionnaire.reader import Path, describe_path, line_of
from questionnaire.types import parse_date
from schemas.guide import (
    CERTIFICATE_TEXT_MAX,
    AnswerCondition,
    AnyQuestion,
    CanDoQuestion,
    DateQuestion,
    DecimalQuestion,
    Guide,
    IntegerQuestion,
    LevelCondition,
    LevelRef,
    LiteracyCondition,
    MultiChoiceQuestion,
    NoteQuestion,
    QuestionRef,
    RepeatQuestion,
    SingleChoiceQuestion,
    TextQuestion,
)
from schemas.vocabulary import Level, Literacy, Skill

_TEXT_KEYS = frozenset({"title", "label", "help", "message", "pattern_message", "explanation", "reason", "description"})
_ORDER_OPS = ("gt", "gte", "lt", "lte")
#: what a level condition or a start level may look at: one skill, or the lowest/highest of all
_LEVEL_SUBJECTS = (*Skill, "min", "max")


def translation_problems(data: Any, languages: list[str], lines: dict[Path, int]) -> list[Problem]:
    """Every text (label, help, title, ...) needs a non-empty entry in every declared language."""
    problems: list[Problem] = []

    def add(code: str, path: Path, lang: str) -> None:
        problems.append(problem(code, describe_path(data, path), line_of(lines, path), lang=lang))

    def walk(node: Any, path: Path) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in _TEXT_KEYS and isinstance(value, dict):
                    text_path = (*path, key)
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


class _Checker:
    def __init__(self, guide: Guide, data: Any, lines: dict[Path, int]) -> None:
        self.guide = guide
        self.data = data
        self.lines = lines
        self.problems: list[Problem] = []
        self.order: dict[str, int] = {}
        self.paths: dict[str, Path] = {}
        for si, section in enumerate(guide.sections):
            for qi, question in enumerate(section.questions):
                if question.id not in self.order:
                    self.order[question.id] = len(self.order)
                    self.paths[question.id] = ("sections", si, "questions", qi)

    def add(self, code: str, path: Path, **details: Any) -> None:
        self.problems.append(problem(code, describe_path(self.data, path), line_of(self.lines, path), **details))

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

    def _unique(self, values: Iterable[str], path: Path, what: str, key: str) -> None:
        seen: set[str] = set()
        for i, value in enumerate(values):
            if value in seen:
                self.add("duplicate_id", (*path, i, key), id=value, what=what)
            seen.add(value)

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
            if q.level not in CAN_DO_LEVELS:
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

    def condition(
        self, cond: Any, path: Path, before: int | None, computed: bool = False, literacy: bool = False
    ) -> None:
        """Check every leaf; ``before``: leaves may only name questions earlier than this position."""
        for leaf in iter_leaves(cond):
            if isinstance(leaf, AnswerCondition):
                self._answer_leaf(leaf, path, before)
            elif not computed:
                self.add(
                    "computed_not_allowed",
                    path,
                    what="Stufe" if isinstance(leaf, LevelCondition) else "Alphabetisierung",
                )
            elif isinstance(leaf, LevelCondition):
                self._level_leaf(leaf, path)
            elif isinstance(leaf, LiteracyCondition):
                if not literacy:
                    self.add("computed_not_allowed", path, what="Alphabetisierung in einer Alphabetisierungsregel")
                elif not Literacy.has(leaf.literacy):
                    self.add("unknown_literacy", path, value=leaf.literacy, allowed=", ".join(Literacy))

    def _reference(self, qid: str, path: Path, before: int | None) -> AnyQuestion | None:
        question = self.guide.question(qid)
        if question is None:
            self.add("unknown_question", path, id=qid)
            return None
        if before is not None and self.order[qid] >= before:
            self.add("later_question", path, id=qid)
        return question

    def _answer_leaf(self, leaf: AnswerCondition, path: Path, before: int | None) -> None:
        question = self._reference(leaf.question, path, before)
        op, value = leaf.operator
        if isinstance(value, QuestionRef):
            self._reference(value.question, path, before)
            return
        if question is None or op == "answered":
            return
        values = value if op == "in" else [value]

        def wrong(detail: str) -> None:
            self.add("wrong_value_type", path, op=op, id=question.id, type=question.type, detail=detail)

        if isinstance(question, NoteQuestion):
            wrong("Hinweise haben keine Antwort")
        elif isinstance(question, SingleChoiceQuestion | MultiChoiceQuestion | CanDoQuestion):
            allowed = (
                [s.id for s in question.statements]
                if isinstance(question, CanDoQuestion)
                else [c.value for c in self.guide.choices_of(question)]
            )
            single = isinstance(question, SingleChoiceQuestion)
            if single and op == "contains":
                wrong("contains passt nur zu Mehrfachauswahl, Wiederholung und Kann-Listen")
            elif not single and op not in ("contains", "equals", "not_equals"):
                wrong("bei Listen contains verwenden")
            elif op in _ORDER_OPS and not all(Level.has(v) for v in allowed):
                wrong("größer/kleiner nur bei GER-Stufen")
            for v in values if single or op == "contains" else []:
                if v not in allowed and allowed:
                    self.add("unknown_choice_value", path, value=v, id=question.id, allowed=", ".join(allowed[:12]))
        elif question.type == "yes_no":
            if op not in ("equals", "not_equals") or not isinstance(value, bool):
                wrong("Ja/Nein-Fragen mit equals: true oder equals: false vergleichen")
        elif question.type in ("integer", "decimal"):
            if op == "contains" or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
                wrong("hier ist eine Zahl nötig")
        elif question.type == "date":
            try:
                for v in values:
                    parse_date(v)
            except ValueError:
                wrong("hier ist ein Datum JJJJ-MM-TT nötig")
            if op == "contains":
                wrong("contains passt nicht zu einem Datum")
        elif question.type in ("text", "long_text"):
            if op == "contains" or op in _ORDER_OPS:
                wrong("Texte nur mit equals, not_equals, in oder answered vergleichen")
        elif question.type == "repeat" and op != "contains":
            wrong("bei Wiederholungen contains oder answered verwenden")

    def _level_leaf(self, leaf: LevelCondition, path: Path) -> None:
        if leaf.level not in _LEVEL_SUBJECTS:
            self.add("unknown_skill", path, value=leaf.level, allowed=", ".join(_LEVEL_SUBJECTS))
        op, value = leaf.operator
        if op == "contains" or isinstance(value, QuestionRef):
            self.add(
                "wrong_value_type",
                path,
                op=op,
                id=leaf.level,
                type="Stufe",
                detail="Stufen mit equals, in, gt, gte, lt, lte vergleichen",
            )
            return
        for v in value if op == "in" else [value]:
            if level_rank(v) is None:
                self.add("level_invalid", path, value=v, allowed=", ".join(Level.names()))

    # --- scoring and rules ------------------------------------------------------------------

    def scoring(self) -> None:
        scoring = self.guide.scoring
        can_do: dict[str, set[int]] = {}
        for _, q in self.guide.questions():
            if isinstance(q, CanDoQuestion) and level_rank(q.level):
                can_do.setdefault(q.skill, set()).add(level_rank(q.level) or 0)
        if scoring is None:
            for skill in can_do:
                self.add("can_do_unscored", ("scoring",) if "scoring" in self.data else (), skill=skill)
            return
        for skill, conf in scoring.skills.items():
            path: Path = ("scoring", "skills", skill)
            ranks = can_do.get(skill, set())
            if not ranks:
                self.add("skill_without_can_do", path, skill=skill)
            else:
                for rank in range(1, max(ranks)):
                    if rank not in ranks:
                        self.add("can_do_level_gap", path, skill=skill, level=name_of_rank(rank))
            for key in ("rating_question", "override_question"):
                qid = getattr(conf, key)
                if qid is not None:
                    self._level_question(qid, (*path, key))
            if conf.certificate_text:
                self._certificate_text(skill, conf.certificate_text, (*path, "certificate_text"))
        for skill in can_do:
            if skill not in scoring.skills:
                self.add("can_do_unscored", ("scoring", "skills"), skill=skill)
        overrides = [c.override_question for c in scoring.skills.values() if c.override_question]
        if overrides:
            reason_id = scoring.override_reason_question
            reason = self.guide.question(reason_id) if reason_id else None
            named = (
                {leaf.question for leaf in iter_leaves(reason.required) if isinstance(leaf, AnswerCondition)}
                if reason
                else set()
            )
            if (
                reason is None
                or reason.required is False
                or (reason.required is not True and not set(overrides) <= named)
            ):
                self.add(
                    "override_without_reason", ("scoring", "override_reason_question") if reason_id else ("scoring",)
                )

    def _certificate_text(self, skill: str, texts: dict[str, dict[str, str]], path: Path) -> None:
        """Per level one sentence in every declared language, short enough for the certificate."""
        langs = self.guide.languages
        seen: set[int] = set()
        for key, text in texts.items():
            level_path: Path = (*path, key)
            rank = level_rank(key)
            if rank is None:
                self.add("level_invalid", level_path, value=key, allowed=", ".join(Level))
                continue
            if rank in seen:
                self.add("duplicate_id", level_path, id=key, what="Stufe des Bescheinigungstexts")
            seen.add(rank)
            for lang in langs:
                entry = text.get(lang)
                if not isinstance(entry, str) or not entry.strip():
                    self.add("missing_translation", (*level_path, lang) if lang in text else level_path, lang=lang)
                elif len(entry.strip()) > CERTIFICATE_TEXT_MAX:
                    self.add(
                        "certificate_text_too_long",
                        (*level_path, lang),
                        lang=lang,
                        actual=len(entry.strip()),
                        max=CERTIFICATE_TEXT_MAX,
                    )
            for lang in text:
                if lang not in langs:
                    self.add("undeclared_language", (*level_path, lang), lang=lang)
        missing = [level.label for level in Level if level.rank not in seen]
        if missing:
            self.add("certificate_text_incomplete", path, skill=skill, missing=", ".join(missing))

    def _level_question(self, qid: str, path: Path) -> None:
        q = self.guide.question(qid)
        if q is None:
            self.add("unknown_question", path, id=qid)
        elif not isinstance(q, SingleChoiceQuestion):
            self.add("bad_skill_question", path, id=qid, detail=f"Typ {q.type}")
        elif not all(Level.has(c.value) for c in self.guide.choices_of(q)):
            self.add("bad_skill_question", path, id=qid, detail="Auswahlwerte sind keine GER-Stufen-IDs")

    def rules(self) -> None:
        self._rule_list("literacy", [(None, r.when) for r in self.guide.literacy], literacy=False)
        rules = self.guide.recommendations
        self._rule_list("recommendations", [(r.id, r.when) for r in rules], literacy=True)
        courses = [c.value for c in self.guide.course_types]
        for i, rule in enumerate(rules):
            path: Path = ("recommendations", i)
            if rule.course not in courses:
                self.add("unknown_course", (*path, "course"), value=rule.course, allowed=", ".join(courses) or "–")
            if isinstance(rule.start_level, LevelRef):
                if rule.start_level.level not in _LEVEL_SUBJECTS:
                    self.add(
                        "unknown_skill",
                        (*path, "start_level"),
                        value=rule.start_level.level,
                        allowed=", ".join(_LEVEL_SUBJECTS),
                    )
            elif level_rank(rule.start_level) is None:
                self.add("level_invalid", (*path, "start_level"), value=rule.start_level, allowed=", ".join(Level))
        if rules and rules[-1].when != "always":
            self.add("no_fallback_rule", ("recommendations", len(rules) - 1))

    def _rule_list(self, key: str, rules: list[tuple[str | None, Any]], literacy: bool) -> None:
        earlier: list[Any] = []
        always_at: int | None = None
        for i, (rule_id, when) in enumerate(rules):
            path: Path = (key, i)
            name = rule_id or f"Nr. {i + 1}"
            if always_at is not None:
                self.add("rule_unreachable", path, id=name, detail=f"Regel Nr. {always_at + 1} davor gilt immer")
            elif when in earlier:
                self.add("rule_unreachable", path, id=name, detail="eine frühere Regel hat dieselbe Bedingung")
            if when == "always":
                always_at = i if always_at is None else always_at
                continue
            earlier.append(when)
            self.condition(when, (*path, "when"), before=None, computed=True, literacy=literacy)
            subject = contradiction(when, self.guide)
            if subject:
                self.add("rule_contradiction", (*path, "when"), id=name, subject=subject)


def check_model(guide: Guide, data: Any, lines: dict[Path, int]) -> list[Problem]:
    """Every meaning problem of a structurally valid guide."""
    checker = _Checker(guide, data, lines)
    checker.languages()
    checker.ids()
    checker.conditions()
    checker.scoring()
    checker.rules()
    return checker.problems
