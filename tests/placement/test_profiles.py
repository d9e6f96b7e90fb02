"""The placement rule book as a table: realistic profiles → course, start level and formats, each naming
the rule of guide version 2 it rests on (docs/placement.md gives the source of every rule).

A row is ``P(name, "course start formats rule", **facts)``: the facts change an adult learner (35 years,
literate in Latin script, 10 school years, A1 in every skill, entitled, available mornings); formats are
comma-separated ("-" for none); ``warn`` is a word one of the placement's warnings must contain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from questionnaire import place
from schemas.placement import PlacementFacts
from tests.placement.helpers import SKILLS, v2


def levels(default: str = "a1", **by_skill: str) -> dict[str, str]:
    return {skill: by_skill.get(skill, default) for skill in SKILLS}


ADULT: dict[str, Any] = {
    "age": 35,
    "literacy": {"latin": "fluent"},
    "schooling_years": 10,
    "levels": levels(),
    "entitlement": "entitled",
    "availability": ["mornings"],
}


@dataclass(frozen=True)
class Profile:
    name: str
    course: str
    start: str
    formats: frozenset[str]
    rule_id: str
    facts: dict[str, Any]
    warn: str | None


def P(name: str, expected: str, warn: str | None = None, **changes: Any) -> Profile:
    course, start, formats, rule_id = expected.split()
    chosen = frozenset() if formats == "-" else frozenset(formats.split(","))
    return Profile(name, course, start, chosen, rule_id, {**ADULT, **changes}, warn)


PROFILES = [
    P(
        "Kurmandschi, 9 Schuljahre in arabischer Schrift",
        "second_script_course pre_a1 full_time second_script",
        age=34,
        literacy={"arabic": "fluent"},
        schooling_years=9,
        levels=levels("pre_a1"),
        entitlement="obliged",
    ),
    P(
        "nie zur Schule, liest und schreibt nicht",
        "literacy_course pre_a1 full_time literacy",
        age=41,
        literacy={},
        schooling_years=0,
        levels=levels("pre_a1"),
        availability=["mornings", "afternoons"],
    ),
    P(
        "lateinische Schrift nur teilweise, 3 Schuljahre",
        "literacy_course pre_a1 full_time literacy",
        literacy={"latin": "partial"},
        schooling_years=3,
    ),
    P(
        "Latein teilweise, kyrillisch sicher",
        "second_script_course a1 full_time second_script",
        literacy={"latin": "partial", "cyrillic": "fluent"},
    ),
    P(
        "Tigrinya, sicher in Ge'ez",
        "second_script_course pre_a1 full_time second_script",
        literacy={"other": "fluent"},
        levels=levels("pre_a1"),
    ),
    P("16 Jahre", "school_referral a1 - school_age", age=16, availability=[]),
    P("17 Jahre, schon B1", "school_referral b1 - school_age", age=17, levels=levels("b1"), availability=[]),
    P("20 Jahre, A1", "youth_integration_course a1 full_time young_adult", age=20, warn="Jugendintegrationskurse"),
    P("18 Jahre genau", "youth_integration_course a1 full_time young_adult", age=18),
    P(
        "26 Jahre, nicht alphabetisiert",
        "literacy_course pre_a1 full_time literacy",
        age=26,
        literacy={},
        levels=levels("pre_a1"),
    ),
    P("27 Jahre", "integration_course a1 full_time default", age=27),
    P(
        "alles B2, Ziel Studium",
        "university_preparation b2 full_time b1_study",
        age=29,
        levels=levels("b2"),
        goals=["study"],
    ),
    P(
        "C1 lesen und hören, B2 sonst, Studium",
        "university_preparation b2 full_time b1_study",
        levels=levels("b2", listening="c1", reading="c1"),
        goals=["study"],
    ),
    P(
        "alles B1 mit Kinderbetreuung",
        "orientation_course b1 childcare,part_time b1_orientation",
        levels=levels("b1"),
        childcare_needed=True,
    ),
    P(
        "Ziel Arbeit, A2, Sprachcafé besucht",
        "integration_course a2 full_time default",
        levels=levels("a2"),
        goals=["work"],
    ),
    P(
        "nicht alphabetisiert, liest und schreibt A2",
        "literacy_course pre_a1 full_time literacy",
        literacy={},
        levels=levels("a1", reading="a2", writing="a2"),
        warn="Widerspruch",
    ),
    P(
        "ungleiches Profil: DTZ-ähnlich statt Minimum",
        "integration_course a2 full_time default",
        levels=levels("b1", reading="a2", writing="a1"),
        warn="Stufen auseinander",
    ),
    P(
        "B1, Integrationskurs mit DTZ B1, Ziel Arbeit",
        "job_language_course b1 full_time b1_job",
        levels=levels("b1"),
        integration_course_completed=True,
        dtz_result="b1",
        goals=["work"],
    ),
    P(
        "B1, beim Jobcenter, Ziel Arbeit",
        "job_language_course b1 full_time b1_job",
        levels=levels("b1"),
        jobcenter_registered=True,
        goals=["work"],
    ),
    P("B1, berechtigt, Ziel Alltag", "orientation_course b1 full_time b1_orientation", levels=levels("b1")),
    P(
        "B1, Berechtigung ungeklärt",
        "orientation_course b1 full_time b1_orientation",
        levels=levels("b1"),
        entitlement="unknown",
        warn="ungeklärt",
    ),
    P("B1, keine Berechtigung", "counseling b1 full_time b1_counseling", levels=levels("b1"), entitlement="none"),
    P(
        "B1, Integrationskurs schon besucht, Ziel Alltag",
        "counseling b1 full_time b1_counseling",
        levels=levels("b1"),
        integration_course_completed=True,
        dtz_result="b1",
    ),
    P(
        "alles C1, Integrationskurs, Ziel Arbeit",
        "job_language_course c1 full_time b1_job",
        levels=levels("c1"),
        integration_course_completed=True,
        goals=["work"],
    ),
    P(
        "DTZ A2 nach Integrationskurs, Ziel Arbeit",
        "job_language_course a2 full_time job_module_b1",
        levels=levels("a2"),
        integration_course_completed=True,
        dtz_result="a2",
        goals=["work"],
    ),
    P(
        "DTZ unter A2 nach Integrationskurs, Ziel Ausbildung",
        "job_language_course a1 full_time job_module_a2",
        integration_course_completed=True,
        goals=["training"],
    ),
    P(
        "DTZ A2, erwerbstätig, Ziel Alltag",
        "job_language_course a2 part_time job_module_b1",
        levels=levels("a2"),
        integration_course_completed=True,
        dtz_result="a2",
        employed=True,
    ),
    P(
        "DTZ A2, kein Berufsziel",
        "counseling a2 full_time after_course",
        levels=levels("a2"),
        integration_course_completed=True,
        dtz_result="a2",
    ),
    P(
        "DTZ B1, Einschätzung darunter",
        "counseling a2 full_time after_course",
        levels=levels("a2"),
        integration_course_completed=True,
        dtz_result="b1",
        warn="DTZ",
    ),
    P(
        "Asylverfahren ohne Zugang",
        "initial_orientation_course pre_a1 full_time asylum_without_access",
        levels=levels("pre_a1"),
        entitlement="none",
        asylum_seeker=True,
    ),
    P(
        "EU-Bürgerin ohne Berechtigung",
        "counseling a1 full_time without_access",
        entitlement="none",
        warn="§ 44 Abs. 4",
    ),
    P("blind", "special_needs_course a1 full_time impaired_senses", support_needs=["vision"]),
    P(
        "gehörlos, nicht alphabetisiert",
        "special_needs_course a1 full_time impaired_senses",
        support_needs=["hearing"],
        literacy={},
    ),
    P(
        "schwerhörig, schon B1",
        "orientation_course b1 full_time b1_orientation",
        support_needs=["hearing"],
        levels=levels("b1"),
    ),
    P(
        "Lernschwierigkeiten, 40 Jahre",
        "support_course a1 full_time learning_support",
        age=40,
        support_needs=["learning"],
    ),
    P(
        "Lernschwierigkeiten, 22 Jahre",
        "support_course a1 full_time learning_support",
        age=22,
        support_needs=["learning"],
    ),
    P("Rollstuhl", "integration_course a1 full_time default", support_needs=["mobility"], warn="barrierefrei"),
    P("13 Schuljahre, lateinisch sicher", "intensive_course a1 full_time fast_learner", schooling_years=13),
    P(
        "14 Schuljahre, aber lateinisch nur teilweise",
        "second_script_course a1 full_time second_script",
        schooling_years=14,
        literacy={"arabic": "fluent", "latin": "partial"},
    ),
    P("möchte eine Frauengruppe", "integration_course a1 full_time,women_only default", women_only_wanted=True),
    P(
        "arbeitet, abends frei",
        "integration_course a1 evening,part_time default",
        employed=True,
        availability=["evenings"],
    ),
    P("online möglich", "integration_course a1 full_time,online default", online_ok=True),
    P(
        "online gewünscht, nicht alphabetisiert",
        "literacy_course pre_a1 full_time literacy",
        online_ok=True,
        literacy={},
    ),
    P("Kinderbetreuung, vormittags", "integration_course a1 childcare,part_time default", childcare_needed=True),
    P("nur am Wochenende", "integration_course a1 part_time default", availability=["weekends"]),
    P(
        "arbeitet, möchte trotzdem Vollzeit",
        "integration_course a1 full_time default",
        employed=True,
        preferred_formats=["full_time"],
    ),
    P("keine Angaben zur Zeit", "integration_course a1 - default", availability=[]),
    P(
        "Eltern, Ziel Kita und Schule",
        "integration_course a1 childcare,part_time default",
        goals=["children_school"],
        childcare_needed=True,
    ),
    P(
        "19 Jahre, arabisch sicher",
        "second_script_course a1 full_time second_script",
        age=19,
        literacy={"arabic": "fluent"},
    ),
    P("45 Jahre, noch kein Deutsch", "integration_course pre_a1 full_time default", age=45, levels=levels("pre_a1")),
]


def test_the_table_is_long_enough_and_covers_every_rule() -> None:
    assert len(PROFILES) >= 40
    placement = v2().placement
    assert placement is not None
    assert {p.rule_id for p in PROFILES} == {rule.id for rule in placement.rules}


@pytest.mark.parametrize("profile", PROFILES, ids=[p.name for p in PROFILES])
def test_profile(profile: Profile) -> None:
    placement = place(v2(), PlacementFacts(**profile.facts))
    got = (placement.course, placement.start_level, placement.formats, placement.rule_id)
    assert got == (profile.course, profile.start, profile.formats, profile.rule_id), profile.name
    assert placement.reasons and all(isinstance(r, str) and r for r in placement.reasons)
    if profile.warn is not None:
        assert any(profile.warn in w for w in placement.warnings), placement.warnings
