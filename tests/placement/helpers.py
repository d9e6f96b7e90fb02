"""One person, two guide versions: builds complete interviews of version 1 and version 2 from the same
description, so a test can show what each version makes of that person. Can-do ticks are found in the
guide (every statement of the lists up to the person's level), so the tests hold when the lists change."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from questionnaire import guide_by_version
from questionnaire.levels import level_rank
from schemas.guide import CanDoQuestion, Guide

SKILLS = ("listening", "reading", "spoken_interaction", "spoken_production", "writing")
INTERVIEW_DAY = dt.date(2026, 3, 2)


def v1() -> Guide:
    return guide_by_version("sprachstand", 1)


def v2() -> Guide:
    return guide_by_version("sprachstand", 2)


@dataclass
class Person:
    age: int = 34
    literacy: dict[str, str] = field(default_factory=lambda: {"latin": "fluent"})  # script -> none/partial/fluent
    first_language: str = "ar"
    schooling_years: int = 10
    levels: dict[str, str] = field(default_factory=lambda: dict.fromkeys(SKILLS, "a1"))  # checklist levels
    ratings: dict[str, str] = field(default_factory=dict)  # interviewer's ratings where they differ
    goals: list[str] = field(default_factory=lambda: ["everyday_life"])
    availability: list[str] = field(default_factory=lambda: ["mornings"])
    childcare: bool = False
    previous_course: str | None = None  # v1 course type / v2: other German course
    integration_course: str | None = None  # v2: not_attended/attending/interrupted/completed
    dtz: str | None = None  # v2: not_taken/below_a2/a2/b1
    entitlement: str = "entitled"
    asylum: bool = False
    job_status: str = "not_working"
    agency: str = "none"
    support: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # answers to add or replace (None removes)

    def birth_date(self) -> str:
        return INTERVIEW_DAY.replace(year=INTERVIEW_DAY.year - self.age - 1, month=12, day=1).isoformat()


def ticks(guide: Guide, skill: str, level: str) -> dict[str, list[str]]:
    """Every statement of the skill's lists at or below ``level``, none above."""
    rank = level_rank(level) or 0
    found: dict[str, list[str]] = {}
    for _, question in guide.questions():
        if not isinstance(question, CanDoQuestion) or question.skill != skill:
            continue
        if rank > 0 and (level_rank(question.level) or 0) <= rank:
            found[question.id] = [s.id for s in question.statements]
    return found


def _common(guide: Guide, p: Person) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "family_name": "Haddad",
        "given_names": "Amal",
        "birth_date": p.birth_date(),
        "gender": "female",
        "nationality": "SY",
        "first_language": p.first_language,
        "schooling_years": p.schooling_years,
        "highest_qualification": "lower_secondary" if p.schooling_years else "none",
        "vocational_training": False,
        "university": False,
        "goals": p.goals,
        "availability": p.availability,
        "interpreter_used": False,
        "summary": "Gespräch ruhig, gut verstanden.",
    }
    for skill in SKILLS:
        raw.update(ticks(guide, skill, p.levels[skill]))
        raw[f"rating_{skill}"] = p.ratings.get(skill, p.levels[skill])
    return raw


def v1_interview(p: Person) -> dict[str, Any]:
    """The person's interview in version 1 (which asks literacy only for the first language and Latin)."""
    raw = _common(v1(), p)
    first_script = {"ar": "arabic", "fa": "arabic", "uk": "cyrillic", "ru": "cyrillic"}.get(p.first_language, "latin")
    literate_l1 = p.literacy.get(first_script) == "fluent"
    literate_latin = p.literacy.get("latin") == "fluent"
    raw.update(
        consent_processing=True,
        consent_sharing=True,
        literate_l1=literate_l1,
        literate_latin=literate_latin,
        childcare_needed=p.childcare,
        previous_courses=p.previous_course is not None,
    )
    if literate_l1 or literate_latin:
        raw["scripts"] = [s for s, v in p.literacy.items() if v == "fluent" and s in ("latin", "arabic", "cyrillic")]
    if p.previous_course:
        raw["courses"] = [{"course_type": p.previous_course}]
    return _finish(raw, p)


def v2_interview(p: Person) -> dict[str, Any]:
    raw = _common(v2(), p)
    raw.update(
        interview_date=INTERVIEW_DAY.isoformat(),
        information_given=True,
        consent_sharing=True,
        consent_special_categories=bool(p.support),
        entitlement=p.entitlement,
        job_status=p.job_status,
        agency_registration=p.agency,
        previous_courses=bool(p.previous_course or p.integration_course),
        has_children=p.childcare,
        schooling_languages=[p.first_language] if p.schooling_years else None,
    )
    for script in ("latin", "arabic", "cyrillic", "other"):
        raw[f"literacy_{script}"] = p.literacy.get(script, "none")
    if p.literacy.get("other", "none") != "none":
        raw["literacy_other_script"] = "ethiopic"
    if p.entitlement in ("entitled", "obliged", "bamf_admission"):
        raw.update(entitlement_office="foreigners_office", fee_exemption="exempt")
    else:
        raw["asylum_seeker"] = p.asylum
    if p.childcare:
        raw.update(children=[{"child_age": 3, "child_care_place": "none"}], childcare_needed=True)
    if raw["previous_courses"]:
        raw["integration_course_status"] = p.integration_course or "not_attended"
        if p.integration_course in ("attending", "interrupted", "completed"):
            raw.update(integration_course_kind="general", integration_course_units=700)
        if p.integration_course in ("interrupted", "completed"):
            raw["dtz_result"] = p.dtz or "not_taken"
        if p.previous_course:
            raw["courses"] = [{"course_type": p.previous_course}]
    if p.support:
        raw["support_needs"] = p.support
    for skill in ("listening", "reading", "writing"):
        if (level_rank(raw[f"rating_{skill}"]) or 0) != (level_rank(p.levels[skill]) or 0):
            raw[f"decision_{skill}"] = raw[f"rating_{skill}"]
            raw["level_decision_reason"] = "Aufgabe im Gespräch eindeutig."
    return _finish(raw, p)


def _finish(raw: dict[str, Any], p: Person) -> dict[str, Any]:
    raw.update(p.extra)
    return {k: v for k, v in raw.items() if v is not None}
