"""The store's only door to the guide engine (questionnaire): which guide, validate, score.

Guides are the bundled files (questionnaire/guides/) plus versions an admin uploaded (kept as text
in the ``guide_versions`` table). New interviews use the active guide: an activated upload, else the
newest bundled version. Running interviews keep the version they were started with.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from questionnaire import active_guide as bundled_active
from questionnaire import available_guides, check_guide_text, guide_by_version, load_guide_text, validate_answers
from questionnaire import score as _score
from schemas.vocabulary import Role, Skill
from security.uploads import check_guide_budget
from store import audit
from store.access import Actor, require_role, user_fk, verify_actor
from store.errors import InvalidInput, NotFound
from store.models import GuideVersion
from store.tx import transactional

#: skill -> the interview's column holding its final level (CEFR name)
SKILL_COLUMNS: dict[Skill, str] = {skill: f"level_{skill}" for skill in Skill}


@dataclass(frozen=True, slots=True)
class GuideInfo:
    guide_id: str
    version: int
    title: str
    source: str  # "bundled" | "uploaded"
    is_active: bool


def _bundled(guide_id: str, version: int) -> Any | None:

    try:
        return guide_by_version(guide_id, version)
    except LookupError:
        return None


def guide(s: Session, guide_id: str, version: int) -> Any:
    """The guide an interview was taken with (bundled or uploaded)."""
    found = _bundled(guide_id, version)
    if found is not None:
        return found
    text = s.scalar(select(GuideVersion.text).where(GuideVersion.guide_id == guide_id, GuideVersion.version == version))
    if text is None:
        raise InvalidInput(f"Den Leitfaden {guide_id} in Version {version} gibt es nicht.", "guide")
    return _load_uploaded(text, f"{guide_id}-v{version} (hochgeladen)")


@lru_cache(maxsize=32)
def _load_uploaded(text: str, source: str) -> Any:
    """Parsed once per process: an uploaded version's text never changes (keyed by the text itself)."""

    return load_guide_text(text, source=source)


def active_guide(s: Session) -> Any:
    row = s.scalar(select(GuideVersion).where(GuideVersion.is_active.is_(True)).limit(1))
    if row is not None:
        return guide(s, row.guide_id, row.version)

    try:
        return bundled_active()
    except LookupError as exc:
        raise InvalidInput("Es ist noch kein Leitfaden vorhanden. Bitte die Administration informieren.") from exc


def question_ids(g: Any) -> set[str]:
    return {q.id for section in g.sections for q in section.questions}


def validate(g: Any, answers: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """Cleaned, JSON-ready answers; raises the engine's AnswerError with messages per question."""

    return dict(validate_answers(g, answers, partial=partial).to_json_dict())


def score(g: Any, answers: dict[str, Any]) -> dict[str, Any]:
    """Full validation, then the Score as JSON (what the interview stores)."""

    checked = validate_answers(g, answers, partial=False)
    return dict(_score(g, checked).model_dump(mode="json"))


# --- administration ----------------------------------------------------------------------------


@transactional()
def upload_guide(s: Session, actor: Actor, text: str) -> GuideInfo:
    """Keeps a new guide version (admin). A guide with problems is refused with every problem listed."""
    verify_actor(s, actor)
    require_role(actor, Role.ADMIN, what="das Hochladen von Leitfäden")

    check_guide_budget(text or "")  # size, items and nesting before the full (slow) check
    g, problems = check_guide_text(text or "", "Upload")
    if g is None:
        listed = "; ".join(str(p) for p in problems[:20])
        raise InvalidInput(f"Der Leitfaden hat {len(problems)} Problem(e): {listed}", "guide")
    exists = s.scalar(select(GuideVersion.id).where(GuideVersion.guide_id == g.id, GuideVersion.version == g.version))
    if exists is not None or _bundled(g.id, g.version) is not None:
        raise InvalidInput(
            f"Version {g.version} von „{g.id}“ gibt es schon; bitte die Versionsnummer erhöhen.", "version"
        )
    row = GuideVersion(
        guide_id=g.id,
        version=g.version,
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        uploaded_by_id=user_fk(actor),
    )
    s.add(row)
    s.flush()
    audit.record(s, actor, "guide.uploaded", "guide_version", row.id, guide=g.id, version=g.version)
    return GuideInfo(g.id, g.version, g.title.get("de", g.id), "uploaded", False)


@transactional()
def activate_guide(s: Session, actor: Actor, guide_id: str, version: int) -> None:
    """Makes an uploaded version the one new interviews use; running interviews keep theirs.
    ``version`` of a bundled guide: return to the bundled guides (no upload active)."""
    verify_actor(s, actor)
    require_role(actor, Role.ADMIN, what="das Aktivieren von Leitfäden")
    row = s.scalar(select(GuideVersion).where(GuideVersion.guide_id == guide_id, GuideVersion.version == version))
    if row is None and _bundled(guide_id, version) is None:
        raise NotFound(f"Den Leitfaden {guide_id} in Version {version} gibt es nicht.")
    s.execute(update(GuideVersion).values(is_active=False))
    if row is not None:
        row.is_active = True
    audit.record(s, actor, "guide.activated", "guide_version", row.id if row else None, guide=guide_id, version=version)


@transactional(readonly=True)
def list_guides(s: Session, actor: Actor) -> list[GuideInfo]:
    verify_actor(s, actor)

    try:
        active = active_guide(s)
    except InvalidInput:
        active = None
    key = (active.id, active.version) if active is not None else None
    out = [
        GuideInfo(g.id, g.version, g.title.get("de", g.id), "bundled", (g.id, g.version) == key)
        for g in available_guides()
    ]
    for row in s.scalars(select(GuideVersion).order_by(GuideVersion.guide_id, GuideVersion.version)):
        out.append(GuideInfo(row.guide_id, row.version, row.guide_id, "uploaded", (row.guide_id, row.version) == key))
    return out
