"""The placement contract: the facts about a person that decide a course (``PlacementFacts``) and the
course the guide's placement rules give for them (``Placement``), with the words of the placement
(courses, formats, scripts, entitlement, goals, ...) as ``StrEnum`` members carrying German labels.

Scoring turns answers into facts (``questionnaire.facts_from_answers``); placement turns facts into a
course (``questionnaire.place``). Both models are validated: a bad value is refused with a pydantic
error, never silently corrected. See docs/placement.md for the rules and their sources.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_serializer, field_validator

from schemas.vocabulary import Level, Skill


class _Labelled(StrEnum):
    """A ``StrEnum`` whose members carry a German label (``_LABELS[class name][value]``)."""

    @property
    def label(self) -> str:
        return _LABELS[type(self).__name__][self.value]

    @classmethod
    def labels(cls) -> dict[str, str]:
        """id -> German label, in definition order."""
        return {member.value: member.label for member in cls}


class Course(_Labelled):
    """What a placement can point to (course types of BAMF practice plus referral and counseling)."""

    LITERACY_COURSE = "literacy_course"
    SECOND_SCRIPT_COURSE = "second_script_course"
    INTEGRATION_COURSE = "integration_course"
    YOUTH_INTEGRATION_COURSE = "youth_integration_course"
    PARENTS_INTEGRATION_COURSE = "parents_integration_course"
    WOMEN_INTEGRATION_COURSE = "women_integration_course"
    INTENSIVE_COURSE = "intensive_course"
    SUPPORT_COURSE = "support_course"
    SPECIAL_NEEDS_COURSE = "special_needs_course"
    ORIENTATION_COURSE = "orientation_course"
    INITIAL_ORIENTATION_COURSE = "initial_orientation_course"
    JOB_LANGUAGE_COURSE = "job_language_course"
    UNIVERSITY_PREPARATION = "university_preparation"
    SCHOOL_REFERRAL = "school_referral"
    COUNSELING = "counseling"

    @property
    def is_integration_language_course(self) -> bool:
        """A language course of the integration course system (not needed at B1 in every skill)."""
        return self in _INTEGRATION_LANGUAGE_COURSES


class Format(_Labelled):
    """How a course is held; combines with any course type."""

    CHILDCARE = "childcare"
    PART_TIME = "part_time"
    FULL_TIME = "full_time"
    EVENING = "evening"
    ONLINE = "online"
    WOMEN_ONLY = "women_only"


class Script(_Labelled):
    LATIN = "latin"
    ARABIC = "arabic"
    CYRILLIC = "cyrillic"
    OTHER = "other"


class LiteracyLevel(_Labelled):
    """How well a person reads and writes in one script (ordered: none < partial < fluent)."""

    NONE = "none"
    PARTIAL = "partial"
    FLUENT = "fluent"

    @property
    def rank(self) -> int:
        return _LITERACY_ORDER.index(self)


class Entitlement(_Labelled):
    """Access to an integration course (§§ 44, 44a AufenthG)."""

    ENTITLED = "entitled"
    OBLIGED = "obliged"
    BAMF_ADMISSION = "bamf_admission"
    NONE = "none"
    UNKNOWN = "unknown"


class DtzResult(_Labelled):
    """The overall result of the Deutsch-Test für Zuwanderer (ordered: none < a2 < b1)."""

    NONE = "none"
    A2 = "a2"
    B1 = "b1"

    @property
    def rank(self) -> int:
        return _DTZ_ORDER.index(self)


class Goal(_Labelled):
    WORK = "work"
    TRAINING = "training"
    STUDY = "study"
    EVERYDAY_LIFE = "everyday_life"
    CITIZENSHIP = "citizenship"
    CHILDREN_SCHOOL = "children_school"
    PERMANENT_RESIDENCE = "permanent_residence"
    RECOGNITION = "recognition"
    OTHER = "other"


class Availability(_Labelled):
    MORNINGS = "mornings"
    AFTERNOONS = "afternoons"
    EVENINGS = "evenings"
    WEEKENDS = "weekends"


class SupportNeed(_Labelled):
    VISION = "vision"
    HEARING = "hearing"
    MOBILITY = "mobility"
    LEARNING = "learning"


_INTEGRATION_LANGUAGE_COURSES = frozenset(
    {
        Course.LITERACY_COURSE,
        Course.SECOND_SCRIPT_COURSE,
        Course.INTEGRATION_COURSE,
        Course.YOUTH_INTEGRATION_COURSE,
        Course.PARENTS_INTEGRATION_COURSE,
        Course.WOMEN_INTEGRATION_COURSE,
        Course.INTENSIVE_COURSE,
        Course.SUPPORT_COURSE,
        Course.SPECIAL_NEEDS_COURSE,
    }
)
_LITERACY_ORDER: tuple[LiteracyLevel, ...] = tuple(LiteracyLevel)
_DTZ_ORDER: tuple[DtzResult, ...] = tuple(DtzResult)

_LABELS: dict[str, dict[str, str]] = {
    "Course": {
        "literacy_course": "Integrationskurs mit Alphabetisierung",
        "second_script_course": "Integrationskurs für Zweitschriftlernende",
        "integration_course": "Allgemeiner Integrationskurs",
        "youth_integration_course": "Jugendintegrationskurs",
        "parents_integration_course": "Elternintegrationskurs",
        "women_integration_course": "Frauenintegrationskurs",
        "intensive_course": "Intensivkurs (Integrationskurs)",
        "support_course": "Förderkurs (Integrationskurs)",
        "special_needs_course": "Integrationskurs für Menschen mit Seh- oder Hörbeeinträchtigung",
        "orientation_course": "Orientierungskurs und Deutsch-Test für Zuwanderer",
        "initial_orientation_course": "Erstorientierungskurs",
        "job_language_course": "Berufssprachkurs",
        "university_preparation": "Studienvorbereitender Deutschkurs",
        "school_referral": "Vermittlung an Schule und Jugendmigrationsdienst",
        "counseling": "Beratung statt Kurs",
    },
    "Format": {
        "childcare": "mit Kinderbetreuung",
        "part_time": "Teilzeit",
        "full_time": "Vollzeit",
        "evening": "Abendkurs",
        "online": "online möglich",
        "women_only": "nur für Frauen",
    },
    "Script": {
        "latin": "lateinische Schrift",
        "arabic": "arabische Schrift",
        "cyrillic": "kyrillische Schrift",
        "other": "andere Schrift",
    },
    "LiteracyLevel": {"none": "nicht", "partial": "teilweise", "fluent": "sicher"},
    "Entitlement": {
        "entitled": "teilnahmeberechtigt",
        "obliged": "zur Teilnahme verpflichtet",
        "bamf_admission": "vom BAMF zugelassen",
        "none": "keine Berechtigung",
        "unknown": "ungeklärt",
    },
    "DtzResult": {"none": "kein Ergebnis (oder unter A2)", "a2": "A2", "b1": "B1"},
    "Goal": {
        "work": "Arbeit",
        "training": "Ausbildung",
        "study": "Studium",
        "everyday_life": "Alltag",
        "citizenship": "Einbürgerung",
        "children_school": "Schule und Kita der Kinder",
        "permanent_residence": "Niederlassungserlaubnis",
        "recognition": "Anerkennung eines Abschlusses",
        "other": "anderes Ziel",
    },
    "Availability": {
        "mornings": "vormittags",
        "afternoons": "nachmittags",
        "evenings": "abends",
        "weekends": "am Wochenende",
    },
    "SupportNeed": {"vision": "Sehen", "hearing": "Hören", "mobility": "Mobilität", "learning": "Lernen"},
}


def _sorted(values: frozenset[StrEnum]) -> list[str]:
    return sorted(str(v) for v in values)


class PlacementFacts(BaseModel):
    """Everything the placement rules may look at. Defaults are what an interview without the answer
    means: levels Pre-A1, no literacy in a script, entitlement unknown, nothing selected, no."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    age: Annotated[int, Field(ge=0, le=120, strict=True)]
    literacy: dict[Script, LiteracyLevel] = Field(default_factory=dict)
    schooling_years: Annotated[int, Field(ge=0, le=30, strict=True)] = 0
    levels: dict[Skill, Level] = Field(default_factory=dict)
    entitlement: Entitlement = Entitlement.UNKNOWN
    asylum_seeker: StrictBool = False
    integration_course_completed: StrictBool = False
    dtz_result: DtzResult = DtzResult.NONE
    goals: frozenset[Goal] = frozenset()
    childcare_needed: StrictBool = False
    availability: frozenset[Availability] = frozenset()
    online_ok: StrictBool = False
    employed: StrictBool = False
    jobcenter_registered: StrictBool = False
    support_needs: frozenset[SupportNeed] = frozenset()
    women_only_wanted: StrictBool = False
    # Beyond the contract: the learner's own wish for a course form (full_time, part_time, evening).
    preferred_formats: frozenset[Format] = frozenset()

    @field_validator("levels", mode="before")
    @classmethod
    def _parse_levels(cls, value: Any) -> Any:
        """Levels as ids ("a2") or CEFR names ("A2", "Pre-A1"); anything else is refused."""
        if not isinstance(value, dict):
            return value
        parsed: dict[Any, Any] = {}
        for skill, level in value.items():
            found = Level.parse(level)
            if found is None:
                raise ValueError(f"'{level}' ist keine GER-Stufe (erlaubt: {', '.join(Level.names())})")
            parsed[skill] = found
        return parsed

    @field_validator("levels", mode="after")
    @classmethod
    def _all_skills(cls, value: dict[Skill, Level]) -> dict[Skill, Level]:
        return {skill: value.get(skill, Level.PRE_A1) for skill in Skill}

    @field_validator("literacy", mode="after")
    @classmethod
    def _all_scripts(cls, value: dict[Script, LiteracyLevel]) -> dict[Script, LiteracyLevel]:
        return {script: value.get(script, LiteracyLevel.NONE) for script in Script}

    @field_serializer("goals", "availability", "support_needs", "preferred_formats")
    def _sets(self, value: frozenset[StrEnum]) -> list[str]:
        return _sorted(value)  # stable JSON


class Placement(BaseModel):
    """The course the placement rules give: course type, start level and formats are separate, each
    with German reasons; ``rule_id`` names the rule of the guide it rests on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    course: Course
    start_level: Level
    formats: frozenset[Format] = frozenset()
    reasons: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    rule_id: str

    @field_validator("start_level", mode="before")
    @classmethod
    def _parse_level(cls, value: Any) -> Any:
        found = Level.parse(value)
        return found if found is not None else value

    @field_serializer("formats")
    def _formats(self, value: frozenset[Format]) -> list[str]:
        return _sorted(value)


def course_need(score: Mapping[str, Any] | None, answers: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """(the course forms needed as comma-separated Format ids in the vocabulary's order, the district):
    the placement's formats (guide version 2 on) or, for version 1, childcare from the answer."""
    placement = (score or {}).get("placement") or {}
    given = placement.get("formats") or []
    wanted = {f for f in given if isinstance(f, str) and f in Format._value2member_map_}
    if not given and answers.get("childcare_needed") is True:
        wanted.add(Format.CHILDCARE.value)
    formats = ",".join(f.value for f in Format if f.value in wanted) or None
    district = answers.get("district")
    where = " ".join(district.split())[:100] if isinstance(district, str) else ""
    return formats, where or None


__all__ = [
    "Availability",
    "Course",
    "DtzResult",
    "Entitlement",
    "Format",
    "Goal",
    "LiteracyLevel",
    "Placement",
    "PlacementFacts",
    "Script",
    "SupportNeed",
    "course_need",
]
