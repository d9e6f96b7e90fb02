"""Inline test guides and the one assert helper of the questionnaire tests."""

from __future__ import annotations

import textwrap

from questionnaire import check_guide_text, load_guide_text
from schemas.guide import Guide

HEADER = """\
id: test
version: {version}
title: {{de: Testleitfaden, en: Test guide}}
languages: [de, en]
"""


def guide_text(body: str, version: int = 1) -> str:
    """A guide: the common header plus ``body`` (YAML at top level, dedented)."""
    return HEADER.format(version=version) + textwrap.dedent(body)


def make_guide(body: str, version: int = 1) -> Guide:
    return load_guide_text(guide_text(body, version), source="test")


def problem_codes(text: str) -> list[str]:
    return [p.code for p in check_guide_text(text, "test")[1]]


def assert_problems(body: str, *codes: str, full: bool = False) -> None:
    """The guide has exactly these problem codes (order ignored); ``full``: body is the whole file."""
    text = body if full else guide_text(body)
    guide, problems = check_guide_text(text, "test")
    found = sorted(p.code for p in problems)
    assert found == sorted(codes), "\n".join(str(p) for p in problems) or "no problems"
    if not codes:
        assert guide is not None


def section(questions: str, sid: str = "main") -> str:
    """A section ``main`` holding the given question list (YAML list items)."""
    return f"sections:\n  - id: {sid}\n    title: {{de: Teil, en: Part}}\n    questions:\n" + textwrap.indent(
        textwrap.dedent(questions), "      "
    )


# A small but complete guide: consent, personal data, one other-language repeat group, can-do
# lists for two skills, ratings, overrides with reason, literacy and recommendation rules.
FULL = """\
choice_lists:
  cefr_levels:
    - {value: pre_a1, label: {de: unter A1, en: below A1}}
    - {value: a1, label: {de: A1, en: A1}}
    - {value: a2, label: {de: A2, en: A2}}
    - {value: b1, label: {de: B1, en: B1}}
    - {value: b2, label: {de: B2, en: B2}}
    - {value: c1, label: {de: C1, en: C1}}
    - {value: c2, label: {de: C2, en: C2}}
  languages:
    - {value: ar, label: {de: Arabisch, en: Arabic}}
    - {value: uk, label: {de: Ukrainisch, en: Ukrainian}}
    - {value: en, label: {de: Englisch, en: English}}
sections:
  - id: consent
    title: {de: Einwilligung, en: Consent}
    questions:
      - id: consent_processing
        type: yes_no
        label: {de: Einwilligung Verarbeitung, en: Consent processing}
        required: true
        constraint:
          rule: {question: consent_processing, equals: true}
          message: {de: Ohne Einwilligung kein Interview., en: No interview without consent.}
  - id: personal
    title: {de: Person, en: Person}
    questions:
      - id: family_name
        type: text
        script: name
        max_length: 60
        label: {de: Familienname, en: Family name}
        required: true
      - id: birth_date
        type: date
        not_future: true
        min: 1900-01-01
        label: {de: Geburtsdatum, en: Date of birth}
        required: true
      - id: children
        type: integer
        min: 0
        max: 20
        label: {de: Kinder, en: Children}
      - id: childcare
        type: yes_no
        label: {de: Kinderbetreuung nötig, en: Childcare needed}
        show_if: {question: children, gt: 0}
        required: true
      - id: hours
        type: decimal
        min: 0
        max: 40.5
        label: {de: Stunden, en: Hours}
      - id: email
        type: text
        pattern: "[^@ ]+@[^@ ]+"
        pattern_message: {de: Bitte eine E-Mail-Adresse., en: Please an email address.}
        label: {de: E-Mail, en: Email}
  - id: languages
    title: {de: Sprachen, en: Languages}
    questions:
      - id: first_language
        type: single_choice
        choices: languages
        label: {de: Erstsprache, en: First language}
        required: true
      - id: literate_l1
        type: yes_no
        label: {de: Lesen und schreiben in der Erstsprache, en: Literate in first language}
        required: true
      - id: latin_script
        type: yes_no
        label: {de: Lateinische Schrift, en: Latin script}
        show_if: {question: literate_l1, equals: true}
        required: true
      - id: goals
        type: multi_choice
        choices:
          - {value: work, label: {de: Arbeit, en: Work}}
          - {value: study, label: {de: Studium, en: Study}}
          - {value: everyday, label: {de: Alltag, en: Everyday life}}
        max_selected: 2
        label: {de: Ziele, en: Goals}
      - id: other_languages
        type: repeat
        max_items: 3
        label: {de: Weitere Sprachen, en: Other languages}
        fields:
          - id: language
            type: single_choice
            choices: languages
            required: true
            label: {de: Sprache, en: Language}
          - id: level
            type: single_choice
            choices: cefr_levels
            label: {de: Niveau, en: Level}
      - id: summary
        type: long_text
        max_length: 500
        label: {de: Zusammenfassung, en: Summary}
  - id: german
    title: {de: Deutsch, en: German}
    questions:
      - id: hint
        type: note
        label: {de: Bitte ankreuzen., en: Please tick.}
      - id: cd_listening_a1
        type: can_do
        skill: listening
        level: A1
        label: {de: Hören A1, en: Listening A1}
        statements:
          - {id: l_a1_1, label: {de: Ich verstehe Zahlen., en: I understand numbers.}}
          - {id: l_a1_2, label: {de: Ich verstehe Grüße., en: I understand greetings.}}
          - {id: l_a1_3, label: {de: Ich verstehe Fragen., en: I understand questions.}}
          - {id: l_a1_4, label: {de: Ich verstehe Namen., en: I understand names.}}
          - {id: l_a1_5, label: {de: Ich verstehe Preise., en: I understand prices.}}
      - id: cd_listening_a2
        type: can_do
        skill: listening
        level: A2
        label: {de: Hören A2, en: Listening A2}
        statements:
          - {id: l_a2_1, label: {de: Ich verstehe Ansagen., en: I understand announcements.}}
          - {id: l_a2_2, label: {de: Ich verstehe Wege., en: I understand directions.}}
          - {id: l_a2_3, label: {de: Ich verstehe Termine., en: I understand appointments.}}
      - id: cd_listening_b1
        type: can_do
        skill: listening
        level: B1
        label: {de: Hören B1, en: Listening B1}
        statements:
          - {id: l_b1_1, label: {de: Ich verstehe Nachrichten., en: I understand news.}}
          - {id: l_b1_2, label: {de: Ich verstehe Gespräche., en: I understand talks.}}
          - {id: l_b1_3, label: {de: Ich verstehe Radio., en: I understand radio.}}
          - {id: l_b1_4, label: {de: Ich verstehe Filme., en: I understand films.}}
          - {id: l_b1_5, label: {de: Ich verstehe Vorträge., en: I understand lectures.}}
          - {id: l_b1_6, label: {de: Ich verstehe Witze., en: I understand jokes.}}
      - id: cd_reading_a1
        type: can_do
        skill: reading
        level: A1
        label: {de: Lesen A1, en: Reading A1}
        statements:
          - {id: r_a1_1, label: {de: Ich lese Schilder., en: I read signs.}}
          - {id: r_a1_2, label: {de: Ich lese Formulare., en: I read forms.}}
      - id: cd_reading_a2
        type: can_do
        skill: reading
        level: A2
        label: {de: Lesen A2, en: Reading A2}
        statements:
          - {id: r_a2_1, label: {de: Ich lese Briefe., en: I read letters.}}
          - {id: r_a2_2, label: {de: Ich lese Fahrpläne., en: I read timetables.}}
      - id: rating_listening
        type: single_choice
        choices: cefr_levels
        label: {de: Einschätzung Hören, en: Rating listening}
      - id: rating_reading
        type: single_choice
        choices: cefr_levels
        label: {de: Einschätzung Lesen, en: Rating reading}
      - id: override_listening
        type: single_choice
        choices: cefr_levels
        label: {de: Abweichung Hören, en: Override listening}
      - id: override_reading
        type: single_choice
        choices: cefr_levels
        label: {de: Abweichung Lesen, en: Override reading}
      - id: override_reason
        type: long_text
        label: {de: Begründung, en: Reason}
        required:
          any:
            - {question: override_listening, answered: true}
            - {question: override_reading, answered: true}
scoring:
  threshold: 0.8
  skills:
    listening:
      label: {de: Hören, en: Listening}
      rating_question: rating_listening
      override_question: override_listening
    reading:
      label: {de: Lesen, en: Reading}
      rating_question: rating_reading
      override_question: override_reading
  override_reason_question: override_reason
literacy:
  - result: not_literate
    when: {question: literate_l1, equals: false}
    explanation: {de: Nicht alphabetisiert., en: Not literate.}
  - result: second_script
    when: {question: latin_script, equals: false}
    explanation: {de: Zweitschriftlernend., en: Second script.}
  - result: literate_latin
    when: always
    explanation: {de: Lateinische Schrift., en: Latin script.}
course_types:
  - {value: literacy_course, label: {de: Alphabetisierungskurs, en: Literacy course}}
  - {value: second_script_course, label: {de: Zweitschriftkurs, en: Second-script course}}
  - {value: job_course, label: {de: Berufssprachkurs, en: Job course}}
  - {value: integration_course, label: {de: Integrationskurs, en: Integration course}}
recommendations:
  - id: literacy
    when: {literacy: not_literate}
    course: literacy_course
    start_level: pre_a1
    reason: {de: Alphabetisierung zuerst., en: Literacy first.}
  - id: second_script
    when: {literacy: second_script}
    course: second_script_course
    start_level: {level: min}
    reason: {de: Lateinische Schrift lernen., en: Learn Latin script.}
  - id: job
    when:
      all:
        - {level: min, gte: B1}
        - {question: goals, contains: work}
    course: job_course
    start_level: {level: min}
    reason: {de: Beruf., en: Work.}
  - id: general
    when: always
    course: integration_course
    start_level: {level: min}
    reason: {de: Allgemein., en: General.}
"""


def full_guide(version: int = 1) -> Guide:
    return make_guide(FULL, version)


def complete_answers(**changes: object) -> dict[str, object]:
    """A complete, valid interview of FULL (JSON-like)."""
    answers: dict[str, object] = {
        "consent_processing": True,
        "family_name": "Müller-Lüdenscheidt",
        "birth_date": "1990-05-17",
        "children": 2,
        "childcare": True,
        "hours": 12.5,
        "email": "a@b.de",
        "first_language": "ar",
        "literate_l1": True,
        "latin_script": True,
        "goals": ["work", "everyday"],
        "other_languages": [{"language": "en", "level": "b1"}],
        "summary": "Motiviert.\nKommt mit Kind.",
        "cd_listening_a1": ["l_a1_1", "l_a1_2", "l_a1_3", "l_a1_4"],
        "cd_listening_a2": ["l_a2_1", "l_a2_2", "l_a2_3"],
        "cd_listening_b1": ["l_b1_1", "l_b1_2", "l_b1_3", "l_b1_4", "l_b1_5"],
        "cd_reading_a1": ["r_a1_1", "r_a1_2"],
        "cd_reading_a2": ["r_a2_1", "r_a2_2"],
        "rating_listening": "b1",
        "rating_reading": "a2",
    }
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}
