"""Meaning checks of the scoring table and of the rule lists: literacy, recommendations (version 1) and
the placement block (facts, rules, formats, warnings, override)."""

from __future__ import annotations

from typing import Any

from questionnaire.check_conditions import (
    LITERACY_RULE_PLACES,
    PLACEMENT_RULE_PLACES,
    QUESTION_PLACES,
    RECOMMENDATION_PLACES,
    WARNING_PLACES,
    ConditionChecks,
)
from questionnaire.conditions import LEVEL_SUBJECTS, is_level_question, iter_leaves
from questionnaire.contradictions import contradiction
from questionnaire.fact_table import FACTS
from questionnaire.levels import LEVEL_IDS, LEVELS, level_rank
from questionnaire.reader import Path
from schemas.conditions import AnswerCondition, ChecklistCondition
from schemas.guide import (
    CERTIFICATE_TEXT_MAX,
    SKILLS,
    CanDoQuestion,
    DateQuestion,
    FactSource,
    LevelRef,
    MultiChoiceQuestion,
    PlacementBlock,
    SingleChoiceQuestion,
    YesNoQuestion,
)
from schemas.placement import Course, Format


class RuleChecks(ConditionChecks):
    # --- scoring ------------------------------------------------------------------------------

    def scoring(self) -> None:
        scoring = self.guide.scoring
        can_do: dict[str, set[int]] = {}
        for _, q in self.guide.questions():
            rank = level_rank(q.level) if isinstance(q, CanDoQuestion) else None
            if isinstance(q, CanDoQuestion) and rank is not None:
                can_do.setdefault(q.skill, set()).add(rank)
        if scoring is None:
            for skill in can_do:
                self.add("can_do_unscored", ("scoring",) if "scoring" in self.data else (), skill=skill)
            return
        for skill, conf in scoring.skills.items():
            path: Path = ("scoring", "skills", skill)
            ranks = can_do.get(skill, set())
            if not ranks - {0}:
                self.add("skill_without_can_do", path, skill=skill)
            else:
                for rank in range(1, max(ranks)):
                    if rank not in ranks:
                        self.add("can_do_level_gap", path, skill=skill, level=LEVELS[rank])
            for key in ("rating_question", "override_question", "decision_question"):
                qid = getattr(conf, key)
                if qid is not None:
                    self._level_question(qid, (*path, key))
            if conf.method == "observation" and conf.rating_question is None:
                self.add("observation_without_rating", path, skill=skill)
            if conf.decision_question is not None:
                self._decision(skill, conf.decision_question, (*path, "decision_question"))
            if conf.certificate_text:
                self._certificate_text(skill, conf.certificate_text, (*path, "certificate_text"))
        for skill in can_do:
            if skill not in scoring.skills:
                self.add("can_do_unscored", ("scoring", "skills"), skill=skill)
        changes = [q for c in scoring.skills.values() for q in (c.override_question, c.decision_question) if q]
        if changes:
            reason_id = scoring.override_reason_question
            reason = self.guide.question(reason_id) if reason_id else None
            if not self._required_by(reason, changes):
                path = ("scoring", "override_reason_question") if reason_id else ("scoring",)
                self.add("override_without_reason", path)

    def _required_by(self, question: Any, names: list[str]) -> bool:
        """The question is required when any of ``names`` is answered (true, or a condition naming all)."""
        if question is None or question.required is False:
            return False
        if question.required is True:
            return True
        named = {leaf.question for leaf in iter_leaves(question.required) if isinstance(leaf, AnswerCondition)}
        return set(names) <= named

    def _decision(self, skill: str, qid: str, path: Path) -> None:
        """A decision question is required exactly when the skill's lists and the rating disagree."""
        question = self.guide.question(qid)
        if question is None or isinstance(question.required, bool):
            self.add("decision_not_required", path, id=qid, skill=skill)
            return
        skills = {leaf.checklist for leaf in iter_leaves(question.required) if isinstance(leaf, ChecklistCondition)}
        if skill not in skills:
            self.add("decision_not_required", path, id=qid, skill=skill)

    def _certificate_text(self, skill: str, texts: dict[str, dict[str, str]], path: Path) -> None:
        """Per level one sentence in every declared language, short enough for the certificate."""
        langs = self.guide.languages
        seen: set[int] = set()
        for key, text in texts.items():
            level_path: Path = (*path, key)
            rank = level_rank(key)
            if rank is None:
                self.add("level_invalid", level_path, value=key, allowed=", ".join(LEVEL_IDS))
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
        missing = [LEVELS[r] for r in range(len(LEVELS)) if r not in seen]
        if missing:
            self.add("certificate_text_incomplete", path, skill=skill, missing=", ".join(missing))

    def _level_question(self, qid: str, path: Path) -> None:
        q = self.guide.question(qid)
        if q is None:
            self.add("unknown_question", path, id=qid)
        elif not isinstance(q, SingleChoiceQuestion):
            self.add("bad_skill_question", path, id=qid, detail=f"Typ {q.type}")
        elif not is_level_question(q, self.guide):
            self.add("bad_skill_question", path, id=qid, detail="Auswahlwerte sind keine GER-Stufen-IDs")

    # --- literacy and recommendation rules (version 1) ----------------------------------------

    def rules(self) -> None:
        self._rule_list("literacy", [(None, r.when) for r in self.guide.literacy], LITERACY_RULE_PLACES)
        rules = self.guide.recommendations
        self._rule_list("recommendations", [(r.id, r.when) for r in rules], RECOMMENDATION_PLACES)
        courses = [c.value for c in self.guide.course_types]
        for i, rule in enumerate(rules):
            path: Path = ("recommendations", i)
            if rule.course not in courses:
                self.add("unknown_course", (*path, "course"), value=rule.course, allowed=", ".join(courses) or "–")
            self._start_level(rule.start_level, (*path, "start_level"))

    def _start_level(self, start: str | LevelRef, path: Path) -> None:
        if isinstance(start, LevelRef):
            subjects = (*SKILLS, *LEVEL_SUBJECTS)
            if start.level not in subjects:
                self.add("unknown_skill", path, value=start.level, allowed=", ".join(subjects))
        elif level_rank(start) is None:
            self.add("level_invalid", path, value=start, allowed=", ".join(LEVEL_IDS))

    def _rule_list(
        self, key: str | Path, rules: list[tuple[str | None, Any]], allowed: frozenset[str]
    ) -> None:
        base: Path = (key,) if isinstance(key, str) else key
        earlier: list[Any] = []
        always_at: int | None = None
        for i, (rule_id, when) in enumerate(rules):
            path: Path = (*base, i)
            name = rule_id or f"Nr. {i + 1}"
            if always_at is not None:
                self.add("rule_unreachable", path, id=name, detail=f"Regel Nr. {always_at + 1} davor gilt immer")
            elif when in earlier:
                self.add("rule_unreachable", path, id=name, detail="eine frühere Regel hat dieselbe Bedingung")
            if when == "always":
                always_at = i if always_at is None else always_at
                continue
            earlier.append(when)
            self.condition(when, (*path, "when"), before=None, allowed=allowed)
            subject = contradiction(when, self.guide)
            if subject:
                self.add("rule_contradiction", (*path, "when"), id=name, subject=subject)
        if key == "recommendations" and rules and rules[-1][1] != "always":
            self.add("no_fallback_rule", (*base, len(rules) - 1))

    # --- placement ----------------------------------------------------------------------------

    def placement(self) -> None:
        block = self.guide.placement
        if block is None:
            return
        self._facts(block)
        base: Path = ("placement", "rules")
        self._rule_list(base, [(r.id, r.when) for r in block.rules], PLACEMENT_RULE_PLACES)
        if block.rules[-1].when != "always":
            self.add("no_fallback_rule", (*base, len(block.rules) - 1))
        self._unique((r.id for r in block.rules), base, "Platzierungsregel", "id")
        self._unique((w.id for w in block.warnings), ("placement", "warnings"), "Hinweisregel", "id")
        courses = [c.value for c in self.guide.course_types]
        known = [c.value for c in Course]
        for i, ct in enumerate(self.guide.course_types):
            if ct.value not in known:
                self.add("unknown_course", ("course_types", i, "value"), value=ct.value, allowed=", ".join(known))
        for i, rule in enumerate(block.rules):
            if rule.course not in courses:
                path: Path = (*base, i, "course")
                self.add("unknown_course", path, value=rule.course, allowed=", ".join(courses) or "–")
            self._start_level(rule.start_level, (*base, i, "start_level"))
        for i, fmt in enumerate(block.formats):
            path = ("placement", "formats", i)
            if fmt.format not in [f.value for f in Format]:
                self.add("unknown_format", (*path, "format"), value=fmt.format, allowed=", ".join(Format))
            self.condition(fmt.when, (*path, "when"), before=None, allowed=PLACEMENT_RULE_PLACES)
        for i, warning in enumerate(block.warnings):
            self.condition(warning.when, ("placement", "warnings", i, "when"), before=None, allowed=WARNING_PLACES)
        self._override(block)

    def _facts(self, block: PlacementBlock) -> None:
        base: Path = ("placement", "facts")
        if "age" not in block.facts:
            self.add("missing_key", base, key="age")
        for name, source in block.facts.items():
            fact = FACTS.get(name)
            if fact is None or not fact.mappable:
                allowed = ", ".join(n for n, f in FACTS.items() if f.mappable)
                self.add("unknown_fact", (*base, name), value=name, allowed=allowed)
                continue
            self._fact_source(name, source, (*base, name))

    def _fact_source(self, name: str, source: FactSource, path: Path) -> None:
        fact = FACTS[name]

        def mismatch(detail: str) -> None:
            self.add("fact_mismatch", path, fact=name, detail=detail)

        if source.when is not None:
            self.condition(source.when, (*path, "when"), before=None, allowed=QUESTION_PLACES)
            if fact.kind != "boolean":
                mismatch("when ergibt ja/nein, der Fakt ist aber keine Ja/Nein-Angabe")
            return
        qid = source.age if source.age is not None else source.question
        assert qid is not None  # the model allows exactly one source
        question = self._reference(qid, (*path, "age" if source.age else "question"), None)
        if question is None:
            return
        if source.age is not None:
            if fact.kind != "integer" or not isinstance(question, DateQuestion):
                mismatch("age braucht ein Datum und einen Zahlen-Fakt (Alter)")
            return
        if fact.kind == "boolean":
            if not isinstance(question, YesNoQuestion):
                mismatch("Ja/Nein-Fakten kommen aus einer Ja/Nein-Frage oder aus when")
        elif fact.kind == "integer":
            if question.type != "integer":
                mismatch("Zahlen-Fakten kommen aus einer Zahlenfrage")
        elif isinstance(question, SingleChoiceQuestion | MultiChoiceQuestion) and (
            isinstance(question, MultiChoiceQuestion) == (fact.kind == "set")
        ):
            choices = [c.value for c in self.guide.choices_of(question)]
            mapping = source.map or {}
            for key in mapping:
                if key not in choices:
                    self.add("unknown_choice_value", (*path, "map", key), value=key, id=qid, allowed=", ".join(choices))
            for choice in choices:
                target = mapping.get(choice, choice)
                if target is not None and target not in fact.values:
                    allowed = ", ".join(fact.values)
                    mismatch(f"Auswahl '{choice}' ergibt '{target}', erlaubt: {allowed} (map ergänzen, null: weg)")
        else:
            kind = "Mehrfachauswahl" if fact.kind == "set" else "Einfachauswahl"
            mismatch(f"dieser Fakt kommt aus einer {kind}")

    def _override(self, block: PlacementBlock) -> None:
        override = block.override
        if override is None:
            return
        path: Path = ("placement", "override")
        course_q = self._reference(override.course_question, (*path, "course_question"), None)
        courses = {c.value for c in self.guide.course_types}
        if course_q is not None:
            single = isinstance(course_q, SingleChoiceQuestion)
            values = {c.value for c in self.guide.choices_of(course_q)} if single else set()  # type: ignore[arg-type]
            if not single or not values <= courses:
                detail = "eine Einfachauswahl aus den Kursarten (course_types) nötig"
                self.add("bad_skill_question", (*path, "course_question"), id=override.course_question, detail=detail)
        if override.start_level_question is not None:
            self._level_question(override.start_level_question, (*path, "start_level_question"))
        for key in ("reason_question", "evidence_question"):
            qid = getattr(override, key)
            if qid is None:
                continue
            question = self._reference(qid, (*path, key), None)
            if question is not None and not self._required_by(question, [override.course_question]):
                self.add("override_without_reason", (*path, key))
