"""Plausible answers for a demo person, produced against the real guide and checked by the engine.

Known questions get answers that fit the person (name, birth date, country, language, literacy,
can-do statements up to the person's level); any other question gets a value of its type. If the
engine still finds a problem, that answer is regenerated or left out until the answers validate.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from demo.people import Person
from questionnaire import AnswerError, validate_answers, visible_questions
from schemas.vocabulary import Level

OCCUPATIONS = [
    "Schneiderin",
    "Elektriker",
    "Lehrerin",
    "Krankenpfleger",
    "Koch",
    "Buchhalterin",
    "Fahrer",
    "Friseurin",
    "Bauarbeiter",
    "Verkäuferin",
    "Mechaniker",
    "Landwirt",
    "Programmiererin",
]
SUBJECTS = ["Informatik", "Rechtswissenschaft", "Medizin", "Bauingenieurwesen", "Englische Philologie", "Pharmazie"]
SUMMARIES = [
    "Motiviert, versteht einfache Fragen gut, spricht langsam und mit Pausen.",
    "Sehr kommunikativ; Schreiben deutlich schwächer als Sprechen.",
    "Kommt mit einem kleinen Kind, braucht Kinderbetreuung am Vormittag.",
    "Hat bereits einen Kurs begonnen und wegen Umzug abgebrochen.",
    "Liest sicher in der Erstsprache, lateinische Schrift noch unsicher.",
    "Möchte möglichst schnell in den Beruf zurück; Anerkennung läuft.",
]
NEXT_STEPS = [
    "Anmeldung beim empfohlenen Kurs",
    "Termin zur Beratung in vier Wochen",
    "Unterlagen zur Anerkennung mitbringen",
]


def _choices(guide: Any, question: Any) -> list[str]:
    source = getattr(question, "choices", None)
    items = guide.choice_lists.get(source, []) if isinstance(source, str) else (source or [])
    return [c.value for c in items]


def _date_between(rng: random.Random, start: date, end: date) -> str:
    if end <= start:
        return start.isoformat()
    return (start + timedelta(days=rng.randint(0, (end - start).days))).isoformat()


class AnswerMaker:
    def __init__(self, guide: Any, person: Person, rng: random.Random, today: date) -> None:
        self.guide, self.p, self.rng, self.today = guide, person, rng, today
        self.threshold = float(getattr(getattr(guide, "scoring", None), "threshold", 0.8) or 0.8)
        self.arrival = person.birth_date + timedelta(
            days=rng.randint(16 * 365, max(16 * 365 + 1, (today - person.birth_date).days - 30))
        )

    # -- per question -------------------------------------------------------------------------------
    def value(self, q: Any, values: dict[str, Any]) -> Any:
        special = getattr(self, f"_q_{q.id}", None)
        if special is not None:
            return special(q, values)
        return self.by_type(q, values)

    def by_type(self, q: Any, values: dict[str, Any]) -> Any:
        rng, kind = self.rng, q.type
        if kind == "text":
            return self._text(q)
        if kind == "long_text":
            return rng.choice(SUMMARIES)
        if kind == "integer":
            lo = q.min if q.min is not None else 0
            hi = q.max if q.max is not None else lo + 10
            return rng.randint(lo, min(hi, lo + 20))
        if kind == "decimal":
            lo = q.min if q.min is not None else 0.0
            hi = q.max if q.max is not None else lo + 10
            return round(rng.uniform(lo, hi), 1)
        if kind == "date":
            return _date_between(rng, self.arrival, self.today - timedelta(days=1))
        if kind == "yes_no":
            return rng.random() < 0.4
        if kind == "single_choice":
            options = [v for v in _choices(self.guide, q) if v not in ("other", "not_stated")] or _choices(
                self.guide, q
            )
            return rng.choice(options) if options else None
        if kind == "multi_choice":
            options = [v for v in _choices(self.guide, q) if v != "other"] or _choices(self.guide, q)
            lo = q.min_selected or 1
            hi = max(lo, min(q.max_selected or 3, len(options), 3))
            return sorted(rng.sample(options, rng.randint(lo, hi))) if options else None
        if kind == "repeat":
            n = rng.randint(max(q.min_items, 1), min(q.max_items, 2))
            return [{f.id: self.value(f, values) for f in q.fields} for _ in range(n)]
        if kind == "can_do":
            return self._can_do(q)
        return None  # note

    def _text(self, q: Any) -> str:
        qid = q.id
        if "occupation" in qid:
            return self.rng.choice(OCCUPATIONS)
        if "subject" in qid:
            return self.rng.choice(SUBJECTS)
        if "provider" in qid:
            return self.rng.choice(["VHS", "Caritas", "Sprachschule im Herkunftsland", "Ehrenamtliche Gruppe"])
        return self.rng.choice(["siehe Gespräch", "Angabe der Person", "Dokument liegt vor"])[: q.max_length]

    def _can_do(self, q: Any) -> list[str]:
        level = Level.parse(q.level)
        rank = level.rank if level is not None else 6
        ids = [s.id for s in q.statements]
        if rank <= self.p.levels.get(q.skill, 0):
            return ids  # every statement of a level at or below the person's level
        if rank == self.p.levels.get(q.skill, 0) + 1:
            keep = int(len(ids) * self.threshold)  # some of the next level, below the threshold
            if keep >= 1 and len(ids) * self.threshold > keep:
                return sorted(self.rng.sample(ids, self.rng.randint(0, keep)))
            return sorted(self.rng.sample(ids, self.rng.randint(0, max(0, keep - 1))))
        return []

    # -- questions that must fit the person ---------------------------------------------------------
    def _q_consent_processing(self, q: Any, v: dict[str, Any]) -> Any:
        return True

    def _q_consent_sharing(self, q: Any, v: dict[str, Any]) -> Any:
        return self.p.sharing

    def _q_family_name(self, q: Any, v: dict[str, Any]) -> Any:
        return self.p.family_name

    def _q_given_names(self, q: Any, v: dict[str, Any]) -> Any:
        return self.p.given_names

    def _q_birth_date(self, q: Any, v: dict[str, Any]) -> Any:
        return self.p.birth_date.isoformat()

    def _q_arrival_date(self, q: Any, v: dict[str, Any]) -> Any:
        return self.arrival.isoformat()

    def _q_gender(self, q: Any, v: dict[str, Any]) -> Any:
        return self.p.gender if self.p.gender in _choices(self.guide, q) else self.by_type(q, v)

    def _q_nationality(self, q: Any, v: dict[str, Any]) -> Any:
        return self.p.country if self.p.country in _choices(self.guide, q) else self.by_type(q, v)

    def _q_first_language(self, q: Any, v: dict[str, Any]) -> Any:
        return self.p.language if self.p.language in _choices(self.guide, q) else "other"

    def _q_first_language_other(self, q: Any, v: dict[str, Any]) -> Any:
        return "Tigre"

    def _q_first_language_level(self, q: Any, v: dict[str, Any]) -> Any:
        return "native" if "native" in _choices(self.guide, q) else self.by_type(q, v)

    def _q_phone(self, q: Any, v: dict[str, Any]) -> Any:
        return f"+49 15{self.rng.randint(1, 9)} {self.rng.randint(1000000, 9999999)}"

    def _q_email(self, q: Any, v: dict[str, Any]) -> Any:
        return f"lernende{self.rng.randint(100, 99999)}@example.org" if self.rng.random() < 0.6 else None

    def _q_address(self, q: Any, v: dict[str, Any]) -> Any:
        street = self.rng.choice(["Hauptstraße", "Bahnhofstraße", "Lindenweg", "Am Markt", "Gartenstraße"])
        return f"{street} {self.rng.randint(1, 120)}, {self.rng.randint(10000, 99999)} Musterstadt"

    def _q_literate_l1(self, q: Any, v: dict[str, Any]) -> Any:
        return self.p.literate_l1

    def _q_literate_latin(self, q: Any, v: dict[str, Any]) -> Any:
        return self.p.literate_latin

    def _q_scripts(self, q: Any, v: dict[str, Any]) -> Any:
        options = _choices(self.guide, q)
        chosen = {self.p.script if self.p.script in options else "other"}
        if self.p.literate_latin and "latin" in options:
            chosen.add("latin")
        return sorted(chosen)

    # version 2: the interview day, the information given, literacy per script
    def _q_interview_date(self, q: Any, v: dict[str, Any]) -> Any:
        return self.today.isoformat()

    def _q_information_given(self, q: Any, v: dict[str, Any]) -> Any:
        return True

    def _script_level(self, script: str) -> str:
        if script == "latin":
            return "fluent" if self.p.literate_latin else ("partial" if self.p.literate_l1 else "none")
        return "fluent" if self.p.literate_l1 and self.p.script == script else "none"

    def _q_literacy_latin(self, q: Any, v: dict[str, Any]) -> Any:
        return self._script_level("latin")

    def _q_literacy_arabic(self, q: Any, v: dict[str, Any]) -> Any:
        return self._script_level("arabic")

    def _q_literacy_cyrillic(self, q: Any, v: dict[str, Any]) -> Any:
        return self._script_level("cyrillic")

    def _q_literacy_other(self, q: Any, v: dict[str, Any]) -> Any:
        known = self.p.script not in ("latin", "arabic", "cyrillic")
        return "fluent" if known and self.p.literate_l1 else "none"

    def _q_literacy_other_script(self, q: Any, v: dict[str, Any]) -> Any:
        return self.p.script if self.p.script in _choices(self.guide, q) else "other"

    def _q_schooling_years(self, q: Any, v: dict[str, Any]) -> Any:
        return 0 if not self.p.literate_l1 else self.rng.randint(4, 16)

    def _q_highest_qualification(self, q: Any, v: dict[str, Any]) -> Any:
        if not self.p.literate_l1:
            return "none"
        return self.rng.choice(["primary", "lower_secondary", "upper_secondary", "vocational", "bachelor", "master"])

    def _q_university(self, q: Any, v: dict[str, Any]) -> Any:
        return v.get("highest_qualification") in ("bachelor", "master", "doctorate")

    def _q_goals(self, q: Any, v: dict[str, Any]) -> Any:
        options = [o for o in _choices(self.guide, q) if o != "other"]
        return sorted(self.rng.sample(options, self.rng.randint(1, min(3, len(options)))))

    def _q_rating_listening(self, q: Any, v: dict[str, Any]) -> Any:
        return self._rating("listening")

    def _q_rating_reading(self, q: Any, v: dict[str, Any]) -> Any:
        return self._rating("reading")

    def _q_rating_spoken_interaction(self, q: Any, v: dict[str, Any]) -> Any:
        return self._rating("spoken_interaction")

    def _q_rating_spoken_production(self, q: Any, v: dict[str, Any]) -> Any:
        return self._rating("spoken_production")

    def _q_rating_writing(self, q: Any, v: dict[str, Any]) -> Any:
        return self._rating("writing")

    def _rating(self, skill: str) -> str:
        rank = self.p.levels.get(skill, 0) + self.rng.choice([0, 0, 0, -1, 1])
        return Level.by_rank(max(0, min(6, rank))).value

    def _decision(self, skill: str, v: dict[str, Any]) -> Any:
        return v.get(f"rating_{skill}") or self._rating(skill)  # the interviewer's rating settles the gap

    def _q_decision_listening(self, q: Any, v: dict[str, Any]) -> Any:
        return self._decision("listening", v)

    def _q_decision_reading(self, q: Any, v: dict[str, Any]) -> Any:
        return self._decision("reading", v)

    def _q_decision_writing(self, q: Any, v: dict[str, Any]) -> Any:
        return self._decision("writing", v)

    def _q_level_decision_reason(self, q: Any, v: dict[str, Any]) -> Any:
        return "Kurze Lese- und Schreibaufgabe im Gespräch; die Einschätzung daraus gilt."

    def _q_support_needs(self, q: Any, v: dict[str, Any]) -> Any:
        return [self.rng.choice(_choices(self.guide, q))] if self.rng.random() < 0.08 else None

    def _skip(self, q: Any, v: dict[str, Any]) -> Any:
        return None

    _q_override_listening = _q_override_reading = _q_override_spoken_interaction = _skip
    _q_override_spoken_production = _q_override_writing = _q_override_reason = _skip
    _q_course_override = _skip  # a deviating course recommendation is the exception

    def _q_summary(self, q: Any, v: dict[str, Any]) -> Any:
        return self.rng.choice(SUMMARIES)

    def _q_next_steps(self, q: Any, v: dict[str, Any]) -> Any:
        return self.rng.choice(NEXT_STEPS)


def make_answers(guide: Any, person: Person, rng: random.Random, today: date) -> dict[str, Any]:
    """Complete answers that pass ``validate_answers(guide, answers)``; raises if none can be found."""
    maker = AnswerMaker(guide, person, rng, today)
    questions = [q for section in guide.sections for q in section.questions]
    values: dict[str, Any] = {}
    for q in questions:  # in guide order, so conditions see the earlier answers
        if q.type == "note" or q.id not in visible_questions(guide, {**values, q.id: None}):
            continue
        value = maker.value(q, values)
        if value is not None:
            values[q.id] = value
    for _attempt in range(8):
        try:
            return dict(validate_answers(guide, values).to_json_dict())
        except AnswerError as exc:
            by_id = {q.id: q for q in questions}
            for qid, _message in exc.problems:
                q = by_id.get(qid)
                if q is None:
                    values.pop(qid, None)
                elif _attempt < 4:
                    new = maker.by_type(q, values)
                    if new is None:
                        values.pop(qid, None)
                    else:
                        values[qid] = new
                else:
                    values.pop(qid, None)
    return dict(validate_answers(guide, values).to_json_dict())


def draft_prefix(guide: Any, answers: dict[str, Any], sections: int) -> tuple[dict[str, Any], str]:
    """The answers of the first ``sections`` sections (an interview interrupted there) and that section."""
    kept: dict[str, Any] = {}
    current = guide.sections[0].id
    for section in guide.sections[: max(1, sections)]:
        current = section.id
        for q in section.questions:
            if q.id in answers:
                kept[q.id] = answers[q.id]
    return kept, current
