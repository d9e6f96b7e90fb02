"""The certificate's data, assembled from plain facts: what the store loaded about the interview, the
learner, the provider and the settings goes in, ``CertificateData`` comes out (without verification
code and URL, which ``codes.with_verification`` adds).

Pure: the can-do sentence per skill from the guide, the literacy and recommendation texts from the
score, shortening to what the page holds, logos scaled to print size. The store only loads, numbers,
signs, freezes and saves (``store.issuing``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError

from certificates.logos import print_logo
from questionnaire import certificate_text
from questionnaire.errors import validation_messages
from schemas.certificate import CURRENT_WORDING, CertificateData
from schemas.guide import CanDoQuestion, Guide, Statement
from schemas.score import Score
from schemas.vocabulary import Literacy, Skill

# Printed for a level the guide has no checklist for (below A1; C2 has none in the common guide).
LEVEL_SENTENCES: dict[str, tuple[str, str]] = {
    "Pre-A1": (
        "Die Kenntnisse reichen noch nicht für Stufe A1; einzelne Wörter und Wendungen sind bekannt.",
        "Knowledge does not yet reach level A1; single words and phrases are known.",
    ),
    "C2": (
        "Kann praktisch alles mühelos verstehen und sich spontan, sehr flüssig und genau ausdrücken.",
        "Can understand virtually everything with ease and express themselves spontaneously and precisely.",
    ),
}
# The certificate's own, longer literacy sentences (part of the signed certificate text; pages show
# ``Literacy.label``).
LITERACY_TEXTS: dict[Literacy, str] = {
    Literacy.LITERATE_LATIN: "Alphabetisiert, liest und schreibt in lateinischer Schrift",
    Literacy.SECOND_SCRIPT: "Alphabetisiert in einer anderen Schrift; lernt die lateinische Schrift als Zweitschrift",
    Literacy.NOT_LITERATE: "Noch nicht alphabetisiert; ein Alphabetisierungskurs wird empfohlen",
}
CAN_DO_MAX = 140
LITERACY_MAX = 200
RECOMMENDATION_MAX = 300
ADDRESS_MAX = 120
PROVIDER_NAME_MAX = 100
CITY_NAME_MAX = 120
SIGNER_MAX = 120


class AssemblyError(ValueError):
    """The facts do not make a certificate; ``str(exc)`` is German, ``field`` names what is wrong."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class CertificateFacts:
    """What the store loaded for one certificate. Logos as stored (they are scaled here)."""

    number: str
    family_name: str
    given_names: str
    birth_date: date
    provider_name: str
    provider_address: str
    provider_logo: bytes | None
    city_name: str
    city_logo: bytes | None
    issued_on: date
    interview_date: date
    score: Score
    guide: Guide
    signer_name: str
    specimen: bool = False
    # From guide version 2 on, literacy and recommendation are printed only when the deployment says
    # so (setting CERTIFICATE_SHOWS_PLACEMENT); the counseling copy always shows them.
    show_literacy_and_recommendation: bool = False


def shorten(value: str, limit: int) -> str:
    """``value`` on one line, cut at a word boundary with "…" when longer than ``limit``."""
    value = " ".join(value.split())
    if len(value) <= limit:
        return value
    cut = value[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return cut + "…"


def can_do_sentences(guide: Guide, levels: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """Per skill the guide's short can-do sentence of the reached level (German + English).

    The guide's ``certificate_text`` of the skill and level (a third-person sentence written for the
    certificate); for guide versions without one (older or uploaded guides) the first statement of
    that skill's checklist for the level, and a fixed sentence where the guide has neither."""
    first: dict[tuple[str, str], Statement] = {}
    for _, question in guide.questions():
        if isinstance(question, CanDoQuestion) and question.statements:
            first.setdefault((question.skill, question.level), question.statements[0])
    out: dict[str, dict[str, str]] = {}
    for skill in Skill:
        level = levels[skill]
        statement = first.get((skill, level))
        written = certificate_text(guide, skill, level, "de")
        if written is not None:
            de, en = written, certificate_text(guide, skill, level, "en") or ""
        elif statement is not None:
            de = guide.text(statement.label, "de")
            en = statement.label.get("en", "")
        elif level in LEVEL_SENTENCES:
            de, en = LEVEL_SENTENCES[level]
        else:
            continue
        out[skill] = {"de": shorten(de, CAN_DO_MAX), "en": shorten(en, CAN_DO_MAX) if en else ""}
    return out


def recommendation_text(score: Score) -> str | None:
    """Course and entry level only: the guide's reason is written for the counseling office, not for the paper."""
    rec = score.recommendation
    if rec is None:
        return None
    text = rec.course_label
    if rec.start_level:
        text += f", Einstieg auf Stufe {rec.start_level}"
    return shorten(text, RECOMMENDATION_MAX)


def literacy_text(score: Score) -> str:
    if score.literacy is not None and Literacy.has(score.literacy):
        return LITERACY_TEXTS[Literacy(score.literacy)]
    return shorten(score.literacy_explanation or "", LITERACY_MAX)


def wording_for(guide: Guide) -> int:
    """The printed wording of a certificate from ``guide``: 1 for guide version 1 (as it always was),
    the current one from version 2 on (estimated levels, oriented on the CEFR; see certificates.layout)."""
    return 1 if guide.version < 2 else CURRENT_WORDING


def missing_levels(score: Score) -> list[str]:
    """The (guide's) names of the skills without a level: a certificate needs all five."""
    return [score.skill_labels.get(k, k) for k in Skill if not score.levels.get(k)]


def build_certificate_data(facts: CertificateFacts) -> CertificateData:
    """The ``CertificateData`` of the facts (without code and URL). ``AssemblyError`` when they do
    not make a certificate (a skill without level, a field the page cannot hold)."""
    score = facts.score
    missing = missing_levels(score)
    if missing:
        raise AssemblyError(
            f"Für {', '.join(missing)} liegt kein Niveau vor; eine Bescheinigung braucht alle fünf Fertigkeiten.",
            "levels",
        )
    levels: dict[str, str] = {k: score.levels[k] for k in Skill}
    wording = wording_for(facts.guide)
    try:
        return CertificateData(
            number=facts.number,
            family_name=facts.family_name,
            given_names=facts.given_names,
            birth_date=facts.birth_date,
            provider_name=facts.provider_name[:PROVIDER_NAME_MAX],
            provider_address=shorten(facts.provider_address, ADDRESS_MAX),
            provider_logo=print_logo(facts.provider_logo),
            city_name=facts.city_name[:CITY_NAME_MAX],
            city_logo=print_logo(facts.city_logo),
            issued_on=facts.issued_on,
            interview_date=facts.interview_date,
            levels=levels,
            can_do=can_do_sentences(facts.guide, levels),
            literacy=literacy_text(score),
            recommendation=recommendation_text(score),
            signer_name=facts.signer_name[:SIGNER_MAX],
            guide_id=facts.guide.id,
            guide_version=facts.guide.version,
            specimen=facts.specimen,
            wording=wording,
            show_literacy_and_recommendation=facts.show_literacy_and_recommendation and wording > 1,
        )
    except ValidationError as exc:
        problems = " ".join(validation_messages(exc.errors()))
        raise AssemblyError(f"Die Angaben passen nicht auf die Bescheinigung: {problems}", "data") from exc
