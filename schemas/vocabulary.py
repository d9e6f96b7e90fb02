"""The words of the domain, each defined once with its German label beside it.

Roles, interview statuses, workflow actions, skills, CEFR levels, literacy results and consent purposes
are ``StrEnum`` members: their value is the id that is stored and compared (``Status.SUBMITTED ==
"submitted"``), ``.label`` is what a person reads. Every layer imports them from here; a typo in a status
is then a type error instead of a silent mismatch (like Django's ``TextChoices``).

Levels are the exception to "the id is what people read": the id is the guide's answer value
(``"a2"``, ``"pre_a1"``), the label the CEFR name (``"A2"``, ``"Pre-A1"``) that scores, level columns and
certificates show. ``Level.parse`` accepts both.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, get_args


class _Word(StrEnum):
    @classmethod
    def has(cls, value: object) -> bool:
        """Whether ``value`` is a member's id (``Status.has("draft")``); False for anything else, never raises."""
        return isinstance(value, str) and value in cls._value2member_map_


class _Labelled(_Word):
    """A word whose members carry a German label (from ``_LABELS``, under the class's name)."""

    @property
    def label(self) -> str:
        return _LABELS[type(self).__name__][self.value]

    @classmethod
    def labels(cls) -> dict[str, str]:
        """id -> German label, in definition order (for select boxes and tables)."""
        return {member.value: member.label for member in cls}

    @classmethod
    def label_of(cls, value: str | None) -> str:
        """The label of a stored id; an id that is no member (any more) is shown as it is, None as ""."""
        if value is None:
            return ""
        return _LABELS[cls.__name__].get(value, value)


class Role(_Labelled):
    INTERVIEWER = "interviewer"
    PROVIDER_ADMIN = "provider_admin"
    COUNSELOR = "counselor"
    ADMIN = "admin"

    @property
    def is_provider_staff(self) -> bool:
        return self in PROVIDER_ROLES


class Status(_Labelled):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    CERTIFICATE_ISSUED = "certificate_issued"


class Action(_Labelled):
    """A step of the interview workflow (and a kind of review event)."""

    SUBMIT = "submit"
    RETURN = "return"
    APPROVE = "approve"
    ISSUE = "issue"
    REVOKE = "revoke"
    WITHDRAW = "withdraw"

    @property
    def event_label(self) -> str:
        """How the review thread names a past step ("Eingereicht")."""
        return _EVENT_LABELS[self.value]


class Skill(_Labelled):
    LISTENING = "listening"
    READING = "reading"
    SPOKEN_INTERACTION = "spoken_interaction"
    SPOKEN_PRODUCTION = "spoken_production"
    WRITING = "writing"

    @property
    def label_en(self) -> str:
        return _SKILL_EN[self.value]

    @property
    def short(self) -> str:
        """Two or three letters for dense lists ("Hö"), explained by a legend wherever they appear."""
        return _SKILL_SHORT[self.value]


#: The CEFR name as a type, for models that store it (scores, certificates): ``Level.label`` of each level.
LevelName = Literal["Pre-A1", "A1", "A2", "B1", "B2", "C1", "C2"]


class Level(_Word):
    """CEFR levels in order; the value is the guide's answer id, ``label`` the CEFR name (``LevelName``)."""

    PRE_A1 = "pre_a1"
    A1 = "a1"
    A2 = "a2"
    B1 = "b1"
    B2 = "b2"
    C1 = "c1"
    C2 = "c2"

    @property
    def label(self) -> LevelName:
        return _LEVEL_NAMES[self.rank]

    @property
    def rank(self) -> int:
        """0 (Pre-A1) .. 6 (C2)."""
        return _LEVEL_RANKS[self]

    @classmethod
    def parse(cls, value: object) -> Level | None:
        """The level for an id (``"b1"``), a CEFR name (``"B1"``, ``"Pre-A1"``) or a member; None otherwise."""
        if isinstance(value, Level):
            return value
        if not isinstance(value, str):
            return None
        return _LEVEL_LOOKUP.get(value.strip().lower())

    @classmethod
    def by_rank(cls, rank: int) -> Level:
        return _LEVEL_ORDER[rank]

    @classmethod
    def names(cls) -> tuple[LevelName, ...]:
        """The CEFR names in order: ("Pre-A1", "A1", ..., "C2")."""
        return _LEVEL_NAMES

    def and_above(self) -> tuple[Level, ...]:
        """This level and every higher one (a "at least B1" filter)."""
        return _LEVEL_ORDER[self.rank :]


class Literacy(_Labelled):
    """The literacy result of a guide's literacy rules."""

    LITERATE_LATIN = "literate_latin"
    SECOND_SCRIPT = "second_script"
    NOT_LITERATE = "not_literate"


class ConsentPurpose(_Labelled):
    PROCESSING = "processing"
    SHARING = "sharing"
    REFERRAL = "referral"


class ConsentMethod(_Labelled):
    """How a consent (or its withdrawal) was declared."""

    INTERVIEW = "interview"
    SIGNED_PAPER = "signed_paper"
    VERBAL = "verbal"
    VERBAL_INTERPRETER = "verbal_interpreter"
    WRITTEN_MESSAGE = "written_message"


#: the provider's staff (a tuple: messages list allowed roles in this order)
PROVIDER_ROLES: tuple[Role, ...] = (Role.INTERVIEWER, Role.PROVIDER_ADMIN)
#: statuses an interview passes through after it was first submitted (what the counseling office sees)
REVIEW_STATUSES: tuple[Status, ...] = (Status.SUBMITTED, Status.RETURNED, Status.APPROVED, Status.CERTIFICATE_ISSUED)
#: statuses in which the provider's staff may still change the answers
EDITABLE_STATUSES: tuple[Status, ...] = (Status.DRAFT, Status.RETURNED)
_LEVEL_ORDER: tuple[Level, ...] = tuple(Level)
_LEVEL_NAMES: tuple[LevelName, ...] = get_args(LevelName)
# lookups the engine makes for every level it reads (scores, rules): plain dicts, built once
_LEVEL_RANKS: dict[Level, int] = {level: rank for rank, level in enumerate(_LEVEL_ORDER)}
_LEVEL_LOOKUP: dict[str, Level] = {level.value: level for level in Level} | {
    name.lower(): level for name, level in zip(_LEVEL_NAMES, _LEVEL_ORDER, strict=True)
}

_LABELS: dict[str, dict[str, str]] = {
    "Role": {
        "interviewer": "Interviewer/in",
        "provider_admin": "Trägerleitung",
        "counselor": "Beratungsstelle",
        "admin": "Administration",
    },
    "Status": {
        "draft": "Entwurf",
        "submitted": "Eingereicht",
        "returned": "Zurückgegeben",
        "approved": "Freigegeben",
        "certificate_issued": "Bescheinigung ausgestellt",
    },
    "Action": {
        "submit": "Einreichen",
        "return": "Zurückgeben",
        "approve": "Freigeben",
        "issue": "Bescheinigung ausstellen",
        "revoke": "Bescheinigung widerrufen",
        "withdraw": "Einreichung zurückziehen",
    },
    "Skill": {
        "listening": "Hören",
        "reading": "Lesen",
        "spoken_interaction": "An Gesprächen teilnehmen",
        "spoken_production": "Zusammenhängend sprechen",
        "writing": "Schreiben",
    },
    "Literacy": {
        "literate_latin": "Alphabetisiert in lateinischer Schrift",
        "second_script": "Zweitschriftlernende/r (alphabetisiert in einer anderen Schrift)",
        "not_literate": "Nicht alphabetisiert",
    },
    "ConsentPurpose": {
        "processing": "Verarbeitung der Daten",
        "sharing": "Weitergabe an die Beratungsstelle",
        "referral": "Weitergabe an den aufnehmenden Kursträger bei einer Vermittlung",
    },
    "ConsentMethod": {
        "interview": "im Interview erfasst",
        "signed_paper": "schriftlich (unterschriebenes Formular)",
        "verbal": "mündlich",
        "verbal_interpreter": "mündlich mit Dolmetscher/in",
        "written_message": "schriftliche Nachricht (Brief, E-Mail)",
    },
}
_EVENT_LABELS = {
    "submit": "Eingereicht",
    "return": "Zurückgegeben",
    "approve": "Freigegeben",
    "issue": "Bescheinigung ausgestellt",
    "revoke": "Bescheinigung widerrufen",
    "withdraw": "Einreichung zurückgezogen",
}
#: the review thread's comments are events too, but no workflow step
COMMENT_EVENT = "comment"
COMMENT_EVENT_LABEL = "Kommentar"
_SKILL_EN = {
    "listening": "Listening",
    "reading": "Reading",
    "spoken_interaction": "Spoken interaction",
    "spoken_production": "Spoken production",
    "writing": "Writing",
}
_SKILL_SHORT = {
    "listening": "Hö",
    "reading": "Le",
    "spoken_interaction": "Ge",
    "spoken_production": "Sp",
    "writing": "Sch",
}


def event_label(kind: str) -> str:
    """How the review thread names a stored event kind: a past workflow step or a comment."""
    if kind == COMMENT_EVENT:
        return COMMENT_EVENT_LABEL
    return Action(kind).event_label if Action.has(kind) else kind


__all__ = [
    "COMMENT_EVENT",
    "COMMENT_EVENT_LABEL",
    "EDITABLE_STATUSES",
    "PROVIDER_ROLES",
    "REVIEW_STATUSES",
    "Action",
    "ConsentMethod",
    "ConsentPurpose",
    "Level",
    "LevelName",
    "Literacy",
    "Role",
    "Skill",
    "Status",
    "event_label",
]
