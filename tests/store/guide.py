"""A small but complete guide for the store's tests (uploaded and activated by the ``db`` fixture)."""

from __future__ import annotations

from typing import Any

GUIDE = """\
id: storetest
version: 1
title: {de: Testleitfaden Store, en: Store test guide}
languages: [de, en]
choice_lists:
  cefr_levels:
    - {value: pre_a1, label: {de: unter A1, en: below A1}}
    - {value: a1, label: {de: A1, en: A1}}
    - {value: a2, label: {de: A2, en: A2}}
    - {value: b1, label: {de: B1, en: B1}}
    - {value: b2, label: {de: B2, en: B2}}
    - {value: c1, label: {de: C1, en: C1}}
    - {value: c2, label: {de: C2, en: C2}}
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
      - id: consent_sharing
        type: yes_no
        label: {de: Weitergabe an die Beratungsstelle, en: Sharing with the counseling office}
  - id: personal
    title: {de: Person, en: Person}
    questions:
      - id: family_name
        type: text
        max_length: 60
        label: {de: Familienname, en: Family name}
        required: true
      - id: given_names
        type: text
        max_length: 60
        label: {de: Vornamen, en: Given names}
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
  - id: german
    title: {de: Deutsch, en: German}
    questions:
      - id: literate_l1
        type: yes_no
        label: {de: Lesen und Schreiben in der Erstsprache, en: Literate in first language}
        required: true
      - id: cd_listening_a1
        type: can_do
        skill: listening
        level: A1
        label: {de: Hören A1, en: Listening A1}
        statements:
          - {id: l_a1_1, label: {de: Ich verstehe Zahlen., en: I understand numbers.}}
          - {id: l_a1_2, label: {de: Ich verstehe Grüße., en: I understand greetings.}}
      - id: cd_listening_a2
        type: can_do
        skill: listening
        level: A2
        label: {de: Hören A2, en: Listening A2}
        statements:
          - {id: l_a2_1, label: {de: Ich verstehe Ansagen., en: I understand announcements.}}
          - {id: l_a2_2, label: {de: Ich verstehe Wege., en: I understand directions.}}
      - id: cd_reading_a1
        type: can_do
        skill: reading
        level: A1
        label: {de: Lesen A1, en: Reading A1}
        statements:
          - {id: r_a1_1, label: {de: Ich lese Schilder., en: I read signs.}}
          - {id: r_a1_2, label: {de: Ich lese Formulare., en: I read forms.}}
      - id: rating_listening
        type: single_choice
        choices: cefr_levels
        label: {de: Einschätzung Hören, en: Rating listening}
      - id: rating_reading
        type: single_choice
        choices: cefr_levels
        label: {de: Einschätzung Lesen, en: Rating reading}
      - id: notes
        type: long_text
        max_length: 500
        label: {de: Notizen, en: Notes}
scoring:
  threshold: 0.8
  skills:
    listening:
      label: {de: Hören, en: Listening}
      rating_question: rating_listening
    reading:
      label: {de: Lesen, en: Reading}
      rating_question: rating_reading
literacy:
  - result: not_literate
    when: {question: literate_l1, equals: false}
    explanation: {de: Nicht alphabetisiert., en: Not literate.}
  - result: literate_latin
    when: always
    explanation: {de: Lateinische Schrift., en: Latin script.}
course_types:
  - {value: literacy_course, label: {de: Alphabetisierungskurs, en: Literacy course}}
  - {value: integration_course, label: {de: Integrationskurs, en: Integration course}}
recommendations:
  - id: literacy
    when: {literacy: not_literate}
    course: literacy_course
    start_level: pre_a1
    reason: {de: Alphabetisierung zuerst., en: Literacy first.}
  - id: general
    when: always
    course: integration_course
    start_level: {level: min}
    reason: {de: Allgemein., en: General.}
"""


def complete_answers(
    family: str = "Haddad", given: str = "Amina", birth: str = "1990-04-12", **changes: Any
) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "consent_processing": True,
        "consent_sharing": True,
        "family_name": family,
        "given_names": given,
        "birth_date": birth,
        "literate_l1": True,
        "cd_listening_a1": ["l_a1_1", "l_a1_2"],
        "cd_listening_a2": ["l_a2_1", "l_a2_2"],
        "cd_reading_a1": ["r_a1_1", "r_a1_2"],
        "rating_listening": "a2",
        "rating_reading": "a1",
    }
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}
