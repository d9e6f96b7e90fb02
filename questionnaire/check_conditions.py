"""Meaning checks of conditions: every leaf names something that exists, comes early enough, is allowed
in this place of the guide and is compared with a value that fits it."""

from __future__ import annotations

from typing import Any

from questionnaire.check_base import CheckerBase
from questionnaire.checklists import checklist_tables
from questionnaire.conditions import INTERVIEW_DATE_QUESTION, LEVEL_SUBJECTS, is_level_question, iter_leaves
from questionnaire.fact_table import FACTS
from questionnaire.levels import LEVEL_IDS, LEVELS, level_rank
from questionnaire.reader import Path
from questionnaire.types import parse_date
from schemas.conditions import (
    AgeCondition,
    AnswerCondition,
    ChecklistCondition,
    CountCondition,
    FactCondition,
    LevelCondition,
    LiteracyCondition,
    QuestionRef,
)
from schemas.guide import (
    SKILLS,
    AnyQuestion,
    CanDoQuestion,
    DateQuestion,
    MultiChoiceQuestion,
    NoteQuestion,
    SingleChoiceQuestion,
)
from schemas.vocabulary import Literacy

_ORDER_OPS = ("gt", "gte", "lt", "lte")

# Which leaves each place of a guide allows (docs/guide-format.md §3).
ANSWER_LEAVES = frozenset({"question", "age", "count", "checklist"})
QUESTION_PLACES = ANSWER_LEAVES  # show_if, required, constraint; facts' `when`
LITERACY_RULE_PLACES = ANSWER_LEAVES | {"level"}
RECOMMENDATION_PLACES = ANSWER_LEAVES | {"level", "literacy"}
PLACEMENT_RULE_PLACES = frozenset({"fact", "level"})
WARNING_PLACES = ANSWER_LEAVES | {"fact", "level"}

_LEAF_KINDS: dict[type, str] = {
    AnswerCondition: "question",
    AgeCondition: "age",
    CountCondition: "count",
    ChecklistCondition: "checklist",
    LevelCondition: "level",
    LiteracyCondition: "literacy",
    FactCondition: "fact",
}
_COMPUTED_NAMES = {"level": "Stufe", "literacy": "Alphabetisierung", "fact": "Fakt"}


class ConditionChecks(CheckerBase):
    def condition(self, cond: Any, path: Path, before: int | None, allowed: frozenset[str] = QUESTION_PLACES) -> None:
        """Check every leaf; ``before``: leaves may only name questions earlier than this position."""
        for leaf in iter_leaves(cond):
            kind = _LEAF_KINDS[type(leaf)]
            if kind not in allowed:
                if kind in ANSWER_LEAVES:
                    self.add("answers_in_placement_rule", path)
                elif kind == "literacy" and allowed == LITERACY_RULE_PLACES:
                    self.add("computed_not_allowed", path, what="Alphabetisierung in einer Alphabetisierungsregel")
                else:
                    self.add("computed_not_allowed", path, what=_COMPUTED_NAMES[kind])
            elif isinstance(leaf, AnswerCondition):
                self._answer_leaf(leaf, path, before)
            elif isinstance(leaf, AgeCondition):
                self._age_leaf(leaf, path, before)
            elif isinstance(leaf, CountCondition):
                self._count_leaf(leaf, path, before)
            elif isinstance(leaf, ChecklistCondition):
                self._checklist_leaf(leaf, path, before)
            elif isinstance(leaf, LevelCondition):
                self._level_leaf(leaf, path)
            elif isinstance(leaf, LiteracyCondition):
                if not Literacy.has(leaf.literacy):
                    self.add("unknown_literacy", path, value=leaf.literacy, allowed=", ".join(Literacy))
            elif isinstance(leaf, FactCondition):
                self._fact_leaf(leaf, path)

    def _reference(self, qid: str, path: Path, before: int | None) -> AnyQuestion | None:
        question = self.guide.question(qid)
        if question is None:
            self.add("unknown_question", path, id=qid)
            return None
        if before is not None and self.order[qid] >= before:
            self.add("later_question", path, id=qid)
        return question

    def _wrong(self, path: Path, op: str, subject: str, kind: str, detail: str) -> None:
        self.add("wrong_value_type", path, op=op, id=subject, type=kind, detail=detail)

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
            self._wrong(path, op, question.id, question.type, detail)

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
            elif op in _ORDER_OPS and not all(v in LEVEL_IDS for v in allowed):
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

    def _numbers(self, leaf: Any, path: Path, subject: str, kind: str) -> None:
        """Age and count leaves compare whole numbers (not with contains, not with another answer)."""
        op, value = leaf.operator
        values = value if op == "in" else [value]
        if op == "contains" or isinstance(value, QuestionRef):
            self._wrong(path, op, subject, kind, "mit equals, in, gt, gte, lt, lte und einer ganzen Zahl vergleichen")
        elif not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in values):
            self._wrong(path, op, subject, kind, "hier ist eine ganze Zahl ab 0 nötig")

    def _age_leaf(self, leaf: AgeCondition, path: Path, before: int | None) -> None:
        question = self._reference(leaf.age, path, before)
        interview_date = self.guide.question(INTERVIEW_DATE_QUESTION)
        if isinstance(interview_date, DateQuestion):
            self._reference(INTERVIEW_DATE_QUESTION, path, before)
        if question is not None and not isinstance(question, DateQuestion):
            self._wrong(path, leaf.operator[0], question.id, question.type, "age braucht eine Datumsfrage")
        self._numbers(leaf, path, leaf.age, "Alter")

    def _count_leaf(self, leaf: CountCondition, path: Path, before: int | None) -> None:
        question = self._reference(leaf.count, path, before)
        if question is not None and question.type not in ("multi_choice", "can_do", "repeat"):
            detail = "count zählt nur Kann-Listen, Mehrfachauswahl und Wiederholungen"
            self._wrong(path, leaf.operator[0], question.id, question.type, detail)
        self._numbers(leaf, path, leaf.count, "Anzahl")

    def _checklist_leaf(self, leaf: ChecklistCondition, path: Path, before: int | None) -> None:
        table = checklist_tables(self.guide).get(leaf.checklist)
        if leaf.checklist not in SKILLS or table is None:
            skills = ", ".join(sorted(checklist_tables(self.guide)))
            self.add("unknown_skill", path, value=leaf.checklist, allowed=skills)
        elif before is not None:
            last = max((qid for _, qids, _ in table.levels for qid in qids), key=self.order.__getitem__)
            if self.order[last] >= before:
                self.add("later_question", path, id=last)
        op, value = leaf.operator
        if isinstance(value, QuestionRef):
            other = self._reference(value.question, path, before)
            if other is not None and not is_level_question(other, self.guide):
                self._wrong(path, op, leaf.checklist, "Checkliste", "nur mit einer Frage der GER-Stufen vergleichen")
            return
        self._levels(op, value, path, leaf.checklist, "Checkliste")

    def _levels(self, op: str, value: Any, path: Path, subject: str, kind: str) -> None:
        if op == "contains":
            self._wrong(path, op, subject, kind, "Stufen mit equals, in, gt, gte, lt, lte vergleichen")
            return
        for v in value if op == "in" else [value]:
            if level_rank(v) is None:
                self.add("level_invalid", path, value=v, allowed=", ".join(LEVELS))

    def _level_leaf(self, leaf: LevelCondition, path: Path) -> None:
        subjects = (*SKILLS, *LEVEL_SUBJECTS)
        if leaf.level not in subjects:
            self.add("unknown_skill", path, value=leaf.level, allowed=", ".join(subjects))
        op, value = leaf.operator
        if isinstance(value, QuestionRef):
            self._wrong(path, op, leaf.level, "Stufe", "Stufen mit equals, in, gt, gte, lt, lte vergleichen")
            return
        self._levels(op, value, path, leaf.level, "Stufe")

    def _fact_leaf(self, leaf: FactCondition, path: Path) -> None:
        fact = FACTS.get(leaf.fact)
        if fact is None:
            self.add("unknown_fact", path, value=leaf.fact, allowed=", ".join(FACTS))
            return
        op, value = leaf.operator
        values = value if op == "in" else [value]

        def wrong(detail: str) -> None:
            self._wrong(path, op, leaf.fact, "Fakt", detail)

        if isinstance(value, QuestionRef):
            wrong("Fakten nur mit festen Werten vergleichen")
        elif fact.kind == "boolean":
            if op not in ("equals", "not_equals") or not isinstance(value, bool):
                wrong("Ja/Nein-Fakten mit equals: true oder equals: false vergleichen")
        elif fact.kind == "integer":
            if op == "contains" or not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
                wrong("hier ist eine ganze Zahl nötig")
        elif fact.kind == "set" and op != "contains":
            wrong("bei Mengen (Ziele, Verfügbarkeit, Unterstützungsbedarf) contains verwenden")
        elif fact.kind == "choice" and (op == "contains" or (op in _ORDER_OPS and not fact.ordered)):
            wrong("Auswahl-Fakten mit equals, not_equals oder in vergleichen (gt/lt nur bei geordneten)")
        else:
            for v in values:
                if v not in fact.values:
                    self.add("unknown_choice_value", path, value=v, id=leaf.fact, allowed=", ".join(fact.values))
