"""The columns of the interview export (the counseling office's filtered list as a spreadsheet).

The columns before the questions (number, learner, provider, status, guide, moments, levels,
literacy, course, certificate) and one column per question of the guide versions in the export. Each
is flagged ``personal`` when it names or reaches a person — names, dates (birth date included),
contact data, free text, staff names, certificate numbers; the pseudonymised export drops those and
shows a stable pseudonym (HMAC of the learner id with the deployment's secret key), an age group and
months instead (``documents.spreadsheet.pseudonymised``).

A row is what the store's export query yields (``InterviewRow``); its answers come separately.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Protocol

from documents.answers import CELL, CELL_IDS, AnswerTexts, cell_formatter, german, texts_of
from documents.spreadsheet import Column, pseudonymised
from schemas.guide import AnyQuestion, Guide, RepeatQuestion
from schemas.placement import Format
from schemas.vocabulary import Literacy, Skill, Status

# Question types that name or reach a person: free text and dates (birth date, arrival, ...).
PERSONAL_TYPES = frozenset({"text", "long_text", "date"})
AGE_GROUPS = ((0, 17, "unter 18"), (18, 24, "18–24"), (25, 34, "25–34"), (35, 44, "35–44"), (45, 54, "45–54"))
CERTIFICATE_STATUS_LABELS = {"valid": "gültig", "revoked": "widerrufen"}
# What the values of a question type usually need (choice questions: their longest label).
TYPE_WIDTHS = {"yes_no": 6, "date": 10, "integer": 8, "decimal": 10, "can_do": 10, "text": 24, "long_text": 50}
NAME_QUESTIONS = ("family_name", "given_names")
CourseLabels = Mapping[tuple[str, int], Mapping[str, str]]  # (guide id, version) -> course id -> label


class InterviewRow(Protocol):
    """One interview of the export as the store's query yields it."""

    id: int
    learner_id: int
    status: str
    guide_id: str
    guide_version: int
    submitted_at: datetime | None
    approved_at: datetime | None
    literacy: str | None
    recommended_course: str | None
    start_level: str | None
    course_formats: list[str] | None  # version 2 on: the placement's course form (ids)
    warnings: list[str] | None  # version 2 on: what the counseling office should look at
    birth_date: date | None
    possible_duplicate: bool | None
    provider_name: str
    interviewer: str | None
    certificate_number: str | None
    certificate_revoked: bool | None
    return_comment: str | None


def pseudonym(learner_id: int, key: bytes) -> str:
    """A stable pseudonym of a learner: the same id always gives the same 16 hex characters, and
    nobody without the deployment's secret key can compute or reverse it."""
    return hmac.new(key, f"learner-pseudonym:{learner_id}".encode(), hashlib.sha256).hexdigest()[:16]


def age_group(birth: date | None, at: datetime | None) -> str | None:
    if birth is None or at is None:
        return None
    years = at.year - birth.year - ((at.month, at.day) < (birth.month, birth.day))
    for low, high, label in AGE_GROUPS:
        if low <= years <= high:
            return label
    return "55 und älter"


def _month(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m") if value else None


def course_labels(guides: list[Guide]) -> dict[tuple[str, int], dict[str, str]]:
    """German course labels per guide version: (guide id, version) -> course id -> label."""
    return {(g.id, g.version): {c.value: german(c.label) for c in g.course_types} for g in guides}


def certificate_status(row: InterviewRow, german_label: bool = False) -> str | None:
    """The newest certificate of the interview: valid or revoked (None: no certificate yet)."""
    if row.certificate_number is None:
        return None
    status = "revoked" if row.certificate_revoked else "valid"
    return CERTIFICATE_STATUS_LABELS[status] if german_label else status


def meta_columns(ids: bool, courses: CourseLabels | None = None, *, pseudonym_key: bytes) -> list[Column]:
    """The columns before the questions. ``ids``: headers and values as ids, not German labels;
    ``courses``: German course labels (see ``course_labels``)."""

    def label(key: str, german_label: str) -> str:
        return key if ids else german_label

    known = courses or {}

    def course(r: InterviewRow, a: Any) -> Any:
        return known.get((r.guide_id, r.guide_version), {}).get(r.recommended_course or "", r.recommended_course)

    course_width = max((len(x) for labels in known.values() for x in labels.values()), default=20)

    def month(key: str, german_label: str, moment: str) -> Column:
        return Column(key, label(f"{moment}_month", german_label), lambda r, a: _month(getattr(r, f"{moment}_at")), 8)

    def moment(key: str, german_label: str, name: str) -> Column:
        return Column(
            key,
            label(f"{name}_at", german_label),
            lambda r, a: getattr(r, f"{name}_at"),
            16,
            "datetime",
            personal=True,
            stand_ins=(month(key, german_label, name),),
        )

    learner_stand_ins = (
        Column("pseudonym", label("pseudonym", "Pseudonym"), lambda r, a: pseudonym(r.learner_id, pseudonym_key), 16),
        Column(
            "age_group", label("age_group", "Altersgruppe"), lambda r, a: age_group(r.birth_date, r.submitted_at), 11
        ),
    )
    cols = [
        Column("interview_id", label("interview_id", "Interview-Nr."), lambda r, a: r.id, 8),
        Column(
            "learner_id",
            label("learner_id", "Lernenden-Nr."),
            lambda r, a: r.learner_id,
            8,
            personal=True,
            stand_ins=learner_stand_ins,
        ),
        Column("provider", label("provider", "Träger"), lambda r, a: r.provider_name, 24),
        # staff are people, too
        Column("interviewer", label("interviewer", "Interviewer/in"), lambda r, a: r.interviewer, 20, personal=True),
        Column(
            "status",
            label("status", "Status"),
            (lambda r, a: r.status) if ids else (lambda r, a: Status.label_of(r.status)),
            max(len(s.label) for s in Status),
        ),
        Column("guide", label("guide", "Leitfaden"), lambda r, a: f"{r.guide_id} v{r.guide_version}", 16),
        moment("submitted", "Eingereicht", "submitted"),
        moment("approved", "Freigegeben", "approved"),
    ]
    for skill in Skill:
        cols.append(Column(f"level_{skill}", label(f"level_{skill}", f"Niveau {skill.label}"), _level(skill), 6))
    cols += [
        Column(
            "literacy",
            label("literacy", "Alphabetisierung"),
            (lambda r, a: r.literacy) if ids else (lambda r, a: Literacy.label_of(r.literacy) or None),
            max(len(x.label) for x in Literacy),
        ),
        Column(
            "course",
            label("recommended_course", "Kursempfehlung"),
            (lambda r, a: r.recommended_course) if ids else course,
            course_width,
        ),
        Column("start_level", label("start_level", "Einstiegsniveau"), lambda r, a: r.start_level, 6),
        # version 2 on (empty for version 1): the course form of the placement and the warnings to look at
        Column(
            "course_formats",
            label("course_formats", "Kursform"),
            (lambda r, a: ", ".join(r.course_formats or []) or None)
            if ids
            else (lambda r, a: ", ".join(Format.labels().get(f, f) for f in r.course_formats or []) or None),
            24,
        ),
        Column(
            "warnings",
            label("warnings", "Hinweise zur Prüfung"),
            lambda r, a: " | ".join(r.warnings or []) or None,
            60,
        ),
        Column(
            "duplicate",
            label("possible_duplicate", "Mögliche Dublette"),
            (lambda r, a: bool(r.possible_duplicate))
            if ids
            else (lambda r, a: "ja" if r.possible_duplicate else "nein"),
            6,
        ),
        # a certificate number reaches the person through the public verification page
        Column(
            "certificate_number",
            label("certificate_number", "Bescheinigungs-Nr."),
            lambda r, a: r.certificate_number,
            16,
            personal=True,
        ),
        Column(
            "certificate_status",
            label("certificate_status", "Bescheinigungsstatus"),
            (lambda r, a: certificate_status(r)) if ids else (lambda r, a: certificate_status(r, german_label=True)),
            10,
        ),
        Column(  # free text
            "last_return_comment",
            label("last_return_comment", "Letzter Rückgabe-Kommentar (Beratungsstelle)"),
            lambda r, a: r.return_comment,
            50,
            personal=True,
        ),
    ]
    return cols


def _level(skill: Skill) -> Any:
    """The value function of a level column: the row's ``level_<skill>``."""
    name = f"level_{skill}"
    return lambda r, a: getattr(r, name)


def _value_width(g: Guide, q: AnyQuestion) -> int:
    """What the values of a question usually need, in characters (the column width before its header)."""
    if q.type in ("single_choice", "multi_choice"):
        longest = max((len(german(c.label)) for c in g.choices_of(q)), default=12)
        return longest if q.type == "single_choice" else max(longest, 30)
    return TYPE_WIDTHS.get(q.type, 40)


def is_personal(q: AnyQuestion) -> bool:
    if q.type in PERSONAL_TYPES:
        return True
    return isinstance(q, RepeatQuestion) and any(sub.type in PERSONAL_TYPES for sub in q.fields)


def _cell(texts: AnswerTexts, ids: bool) -> Any:
    """The value function of a question's column: its answer as a cell."""
    qid, fmt = texts.id, cell_formatter(texts, CELL_IDS if ids else CELL)
    return lambda r, a: fmt(a.get(qid))


def question_columns(guides: list[Guide], ids: bool) -> list[Column]:
    """One column per question of the guide versions in the export (newest version's order first)."""
    seen: set[str] = set()
    cols: list[Column] = []
    for g in guides:
        for _section, q in g.questions():
            if q.type == "note" or q.id in seen:
                continue
            seen.add(q.id)
            cols.append(
                Column(
                    q.id,
                    q.id if ids else german(q.label),
                    _cell(texts_of(g, q), ids),
                    _value_width(g, q),
                    "date" if q.type == "date" else "text",
                    personal=is_personal(q),
                )
            )
    return cols


def names_first(columns: list[Column]) -> list[Column]:
    """The person's name right after the interview number (both stay in view: the sheet freezes them),
    not somewhere among the guide's questions."""
    names = [c for c in columns if c.key in NAME_QUESTIONS]
    rest = [c for c in columns if c.key not in NAME_QUESTIONS]
    return rest[:1] + names + rest[1:]


def frozen_columns(columns: list[Column]) -> int:
    """How many leading columns stay in view when scrolling sideways: the number and the name."""
    return 1 + sum(1 for c in columns[1:3] if c.key in NAME_QUESTIONS)


def interview_columns(guides: list[Guide], *, ids: bool, pseudonymise: bool, pseudonym_key: bytes) -> list[Column]:
    """All columns of an export of interviews on ``guides`` (newest version first)."""
    columns = names_first(
        meta_columns(ids, course_labels(guides), pseudonym_key=pseudonym_key) + question_columns(guides, ids)
    )
    return pseudonymised(columns) if pseudonymise else columns
