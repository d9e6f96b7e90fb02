"""Every finding of the content review (issue 14) as a check that version 1 fails and version 2 passes:
the same person interviewed with both versions, or the same question asked of both guides."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import yaml

from questionnaire import score, validate_answers
from questionnaire.bundled import GUIDES_DIR
from schemas.guide import Guide, MultiChoiceQuestion, SingleChoiceQuestion
from schemas.placement import Course
from schemas.score import Score
from tests.placement.helpers import SKILLS, Person, v1, v1_interview, v2, v2_interview

LRI, PDI = "\u2066", "\u2069"


def scored(guide: Guide, person: Person) -> Score:
    build = v1_interview if guide.version == 1 else v2_interview
    return score(guide, validate_answers(guide, build(person)))


def course(guide: Guide, person: Person) -> str:
    result = scored(guide, person)
    assert result.recommendation is not None
    return result.recommendation.course


def no_language_course(guide: Guide, person: Person) -> bool:
    name = course(guide, person)
    return name in Course.labels() and not Course(name).is_integration_language_course


def kurmanji_in_arabic_script(guide: Guide) -> bool:
    """A Kurmanji speaker with 9 school years in Arabic script is a second-script learner."""
    person = Person(first_language="ku", literacy={"arabic": "fluent"}, schooling_years=9)
    return course(guide, person) == "second_script_course"


def all_b2_studying(guide: Guide) -> bool:
    """B2 in every skill and the goal of studying: no integration language course."""
    return no_language_course(guide, Person(levels=dict.fromkeys(SKILLS, "b2"), goals=["study"]))


def all_b1_with_childcare(guide: Guide) -> bool:
    """B1 in every skill with childcare: no integration language course; childcare is a format."""
    person = Person(levels=dict.fromkeys(SKILLS, "b1"), childcare=True)
    result = scored(guide, person)
    return (
        no_language_course(guide, person) and result.placement is not None and "childcare" in result.placement.formats
    )


def language_cafe_is_no_integration_course(guide: Guide) -> bool:
    """Goal work at A2 after a language café only: job-related modules follow an integration course."""
    person = Person(levels=dict.fromkeys(SKILLS, "a2"), goals=["work"], previous_course="volunteer_course")
    return not course(guide, person).startswith("job")


def sixteen_year_old(guide: Guide) -> bool:
    """Under 18: school and the youth migration service, not an integration course."""
    return course(guide, Person(age=16)) == "school_referral"


def twenty_year_old(guide: Guide) -> bool:
    """Under 27 and no longer of school age: youth integration course."""
    return course(guide, Person(age=20)) in ("youth_integration_course", "youth_course")


def illiterate_reading_a2_is_flagged(guide: Guide) -> bool:
    """No literacy in any script but reading and writing at A2: a warning, not silence."""
    person = Person(literacy={}, levels={**dict.fromkeys(SKILLS, "a1"), "reading": "a2", "writing": "a2"})
    return any("Widerspruch" in w for w in scored(guide, person).warnings)


def start_level_is_not_the_minimum(guide: Guide) -> bool:
    """One weak skill does not decide the start: B1 speaking and listening, A2 reading, A1 writing -> A2."""
    person = Person(
        levels={
            "listening": "b1",
            "reading": "a2",
            "spoken_interaction": "b1",
            "spoken_production": "b1",
            "writing": "a1",
        }
    )
    recommendation = scored(guide, person).recommendation
    return recommendation is not None and recommendation.start_level == "A2"


def observation_decides_speaking(guide: Guide) -> bool:
    """The interviewer's observation, not the self-assessment, gives the speaking levels."""
    person = Person(ratings={"spoken_interaction": "b1", "spoken_production": "b1"})
    levels = scored(guide, person).levels
    return levels["spoken_interaction"] == "B1" and levels["spoken_production"] == "B1"


def dtz_a2_gives_the_special_module(guide: Guide) -> bool:
    """After an integration course with DTZ A2 and the goal work: the job-related module from A2."""
    person = Person(
        levels=dict.fromkeys(SKILLS, "a2"),
        goals=["work"],
        integration_course="completed",
        dtz="a2",
        previous_course="volunteer_course",
    )
    recommendation = scored(guide, person).recommendation
    return recommendation is not None and (recommendation.course, recommendation.start_level) == (
        "job_language_course",
        "A2",
    )


def impaired_hearing_gets_a_special_course(guide: Guide) -> bool:
    return course(guide, Person(support=["hearing"])) == "special_needs_course"


def entitlement_block_replaces_residence_statuses(guide: Guide) -> bool:
    ids = {q.id for _, q in guide.questions()}
    return {
        "entitlement",
        "entitlement_office",
        "entitlement_date",
        "fee_exemption",
        "agency_registration",
        "job_status",
        "work_hours",
    } <= ids and "residence_status" not in ids


def intake_fields_of_the_review(guide: Guide) -> bool:
    ids = {q.id for _, q in guide.questions()}
    wanted = {
        "schooling_languages",
        "literacy_latin",
        "literacy_arabic",
        "literacy_cyrillic",
        "literacy_other",
        "literacy_task",
        "course_formats",
        "district",
        "support_needs",
        "consent_special_categories",
        "children",
        "integration_course_units",
        "dtz_result",
        "lid_result",
        "course_override_reason",
        "course_override_evidence",
    }
    return wanted <= ids and "first_language_level" not in ids


def exams_and_goals_are_complete(guide: Guide) -> bool:
    exams = guide.choice_lists.get("exams", [])
    goals = guide.choice_lists.get("goals", [])
    return {"dtb", "dsh", "zertifikat_integrationskurs"} <= {c.value for c in exams} and {
        "permanent_residence",
        "recognition",
    } <= {c.value for c in goals}


def processing_does_not_depend_on_consent(guide: Guide) -> bool:
    """Core processing rests on its legal basis; consent is asked only for sharing and Art. 9 data."""
    ids = {q.id for _, q in guide.questions()}
    texts = yaml.safe_dump(_texts(guide), allow_unicode=True)
    info = guide.question("privacy_information")
    info_de = guide.text(info.label) if info is not None else ""
    return (
        "consent_processing" not in ids
        and {"consent_sharing", "consent_special_categories"} <= ids
        and all(word in info_de for word in ("widerrufen", "Beschwerde", "Statistik", "Prüfseite", "Art. 6"))
        and "erneut getestet" not in texts
        and "Gemeinschaftsunterkunft" not in texts
    )


def translations_fixed(guide: Guide) -> bool:
    """uk/ru 'afternoons' is not 'in the daytime'; fa says teaching units, not sessions; RTL levels isolated."""
    afternoons = next(c for c in guide.choice_lists["availability"] if c.value == "afternoons")
    levels = guide.choice_lists["cefr_levels"]
    courses = next(q for _, q in guide.questions() if q.id == "courses")
    hours = next(f for f in courses.fields if f.id == "course_hours")  # type: ignore[union-attr]
    return (
        afternoons.label["uk"] not in ("вдень",)
        and afternoons.label["ru"] not in ("днём",)
        and "جلسه" not in hours.label["fa"]
        and all(f"{LRI}A1{PDI}" in levels[0].label[lang] for lang in ("ar", "fa"))
    )


def _texts(guide: Guide) -> list[str]:
    found = []
    for _, question in guide.questions():
        for text in (question.label, question.help):
            if text:
                found += list(text.values())
        if isinstance(question, SingleChoiceQuestion | MultiChoiceQuestion):
            found += [t for c in guide.choices_of(question) for t in c.label.values()]
    return found


FINDINGS: list[Callable[[Guide], bool]] = [
    kurmanji_in_arabic_script,
    all_b2_studying,
    all_b1_with_childcare,
    language_cafe_is_no_integration_course,
    sixteen_year_old,
    twenty_year_old,
    illiterate_reading_a2_is_flagged,
    start_level_is_not_the_minimum,
    observation_decides_speaking,
    dtz_a2_gives_the_special_module,
    impaired_hearing_gets_a_special_course,
    entitlement_block_replaces_residence_statuses,
    intake_fields_of_the_review,
    exams_and_goals_are_complete,
    processing_does_not_depend_on_consent,
    translations_fixed,
]


@pytest.mark.parametrize("finding", FINDINGS, ids=[f.__name__ for f in FINDINGS])
def test_finding_fails_on_version_1_and_holds_on_version_2(finding: Callable[[Guide], bool]) -> None:
    assert not _holds(finding, v1()), f"{finding.__name__} already holds on version 1"
    assert finding(v2()), finding.__doc__ or finding.__name__


def _holds(finding: Callable[[Guide], bool], guide: Guide) -> bool:
    try:
        return finding(guide)
    except (KeyError, StopIteration, AttributeError):
        return False  # version 1 lacks what the finding asks about


def test_version_2_file_names_no_refugee_accommodation() -> None:
    text = (GUIDES_DIR / "sprachstand-v2.yaml").read_text(encoding="utf-8")
    assert "Gemeinschaftsunterkunft" not in text and "ohne dass Sie erneut getestet werden" not in text
