"""The placement facts in ONE table: name -> kind, allowed values, German label.

Conditions of placement rules name facts (``{fact: age, lt: 18}``); the guide's ``placement.facts``
says which answer each mappable fact comes from. Derived facts (best literacy, spread of levels) are
computed from the others and cannot be mapped. check-guide, the condition compiler, the rule book and
``facts_from_answers`` all read this table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from questionnaire.start_level import spread
from schemas.placement import (
    Availability,
    DtzResult,
    Entitlement,
    Format,
    Goal,
    LiteracyLevel,
    PlacementFacts,
    Script,
    SupportNeed,
)

Kind = Literal["integer", "boolean", "choice", "set"]


@dataclass(frozen=True)
class Fact:
    name: str
    kind: Kind
    label: str  # German, for the rule book and messages
    values: tuple[str, ...] = ()  # choice and set facts
    labels: Mapping[str, str] | None = None  # value -> German label
    ordered: bool = False  # choice facts compared in the order of `values` (gt/gte/lt/lte)
    low: int = 0  # integer facts
    high: int = 0
    mappable: bool = True  # False: derived from other facts, not from an answer

    @property
    def ranks(self) -> Mapping[str, int] | None:
        """value -> position, for ordered choice facts (None for the others)."""
        return _RANKS.get(self.name)


def _choice(name: str, label: str, enum: type[StrEnum], ordered: bool = False, mappable: bool = True) -> Fact:
    values = tuple(str(m) for m in enum)
    labels = {str(m): m.label for m in enum}  # type: ignore[attr-defined]
    return Fact(name, "choice", label, values, labels, ordered=ordered, mappable=mappable)


def _set(name: str, label: str, enum: type[StrEnum]) -> Fact:
    values = tuple(str(m) for m in enum)
    return Fact(name, "set", label, values, {str(m): m.label for m in enum})  # type: ignore[attr-defined]


_ROWS = (
    Fact("age", "integer", "Alter (volle Jahre am Tag des Gesprächs)", low=0, high=120),
    Fact("schooling_years", "integer", "Schuljahre", low=0, high=30),
    *(
        _choice(f"literacy_{s.value}", f"Lesen und Schreiben, {s.label}", LiteracyLevel, ordered=True)
        for s in Script
    ),
    _choice("literacy_best", "Lesen und Schreiben in der bestbeherrschten Schrift", LiteracyLevel, True, False),
    _choice("literacy_non_latin", "Lesen und Schreiben in nicht-lateinischer Schrift", LiteracyLevel, True, False),
    _choice("entitlement", "Zugang zum Integrationskurs", Entitlement),
    Fact("asylum_seeker", "boolean", "im Asylverfahren (Aufenthaltsgestattung)"),
    Fact("integration_course_completed", "boolean", "Integrationskurs bereits abgeschlossen"),
    _choice("dtz_result", "Ergebnis im Deutsch-Test für Zuwanderer", DtzResult, ordered=True),
    _set("goals", "Ziele", Goal),
    Fact("childcare_needed", "boolean", "braucht Kinderbetreuung"),
    _set("availability", "verfügbar", Availability),
    Fact("online_ok", "boolean", "Online-Kurs möglich"),
    Fact("employed", "boolean", "erwerbstätig oder in Ausbildung"),
    Fact("jobcenter_registered", "boolean", "beim Jobcenter oder bei der Agentur für Arbeit gemeldet"),
    _set("support_needs", "Unterstützungsbedarf", SupportNeed),
    Fact("women_only_wanted", "boolean", "wünscht einen Kurs nur für Frauen"),
    _set("preferred_formats", "gewünschte Kursform", Format),
    Fact("level_spread", "integer", "Stufen zwischen stärkster und schwächster Fertigkeit", high=6, mappable=False),
)
FACTS: dict[str, Fact] = {row.name: row for row in _ROWS}
_RANKS: dict[str, dict[str, int]] = {f.name: {v: i for i, v in enumerate(f.values)} for f in _ROWS if f.ordered}
# (fact name, PlacementFacts attribute, script of a literacy fact, kind) of every mappable fact, for fact_values
_READ = tuple(
    (f.name, f.name, Script(f.name.removeprefix("literacy_")) if f.name.startswith("literacy_") else None, f.kind)
    for f in _ROWS
    if f.mappable
)
_LITERACY_FACTS = tuple(f"literacy_{s.value}" for s in Script)
_NON_LATIN = tuple(f"literacy_{s.value}" for s in Script if s is not Script.LATIN)


def fact_rank(fact: Fact, value: Any) -> Any:
    """How a value of an ordered choice fact compares (its position); other values compare as they are."""
    ranks = _RANKS.get(fact.name)
    if ranks is not None and isinstance(value, str):
        return ranks.get(value, value)
    return value


def derive(values: dict[str, Any], level_ranks: Mapping[str, int]) -> dict[str, Any]:
    """Adds the derived facts to plain fact values. The best literacy needs at least one script's
    answer (a missing script then counts as none); the spread needs levels."""
    order = FACTS["literacy_best"].values
    if any(name in values for name in _LITERACY_FACTS):
        literacy = [values.get(name, LiteracyLevel.NONE.value) for name in _LITERACY_FACTS]
        values["literacy_best"] = max(literacy, key=order.index)
        non_latin = [values.get(name, LiteracyLevel.NONE.value) for name in _NON_LATIN]
        values["literacy_non_latin"] = max(non_latin, key=order.index)
    if level_ranks:
        values["level_spread"] = spread(level_ranks)
    return values


def fact_values(facts: PlacementFacts) -> dict[str, Any]:
    """Plain values (strings, numbers, yes/no, frozensets of strings) of every fact, derived ones included."""
    values: dict[str, Any] = {}
    literacy = facts.literacy
    for name, attribute, script, kind in _READ:
        if script is not None:
            values[name] = literacy[script].value
        elif kind == "set":
            values[name] = frozenset(str(v) for v in getattr(facts, attribute))
        else:
            raw = getattr(facts, attribute)
            values[name] = raw.value if isinstance(raw, StrEnum) else raw
    return derive(values, {str(skill): level.rank for skill, level in facts.levels.items()})
