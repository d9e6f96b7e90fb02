"""The learner's handout for a referral (documents/course_handout.py renders it).

Printable by the side that proposed the referral (the learner's own provider or the counseling office)
and by the receiving provider while the learner's referral consent holds, like the referral itself.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from documents.course_handout import Handout, render_handout
from store import audit, guides
from store.access import Actor, verify_actor
from store.clock import utcnow
from store.course_access import get_referral, sees_learner
from store.errors import AccessDenied
from store.models import Interview
from store.referrals import referral_view
from store.scoping import CrossProvider, cross_provider_options
from store.tx import transactional


def _course_label(s: Session, interview: Interview | None, course: str | None, lang: str) -> str:
    """The guide's label of the course type in the learner's language (empty when the guide has none)."""
    if interview is None or not course:
        return ""
    try:
        guide: Any = guides.guide(s, interview.guide_id, interview.guide_version)
    except Exception:  # a guide that can no longer be loaded only costs the translated label
        return ""
    for item in getattr(guide, "course_types", []):
        if item.value == course:
            return str(item.label.get(lang, ""))
    return ""


@transactional()
def referral_handout(s: Session, actor: Actor, referral_id: int) -> bytes:
    """The one-page handout (German and the learner's language) for a referral's course."""
    verify_actor(s, actor)
    referral = get_referral(s, actor, referral_id)
    if not sees_learner(s, actor, referral):
        raise AccessDenied("Ohne Einwilligung der/des Lernenden in die Weitergabe gibt es kein Informationsblatt.")
    view = referral_view(s, actor, referral)
    options = cross_provider_options(CrossProvider.REFERRAL)  # read through referral_scope above
    interview = s.get(Interview, referral.interview_id, execution_options=options) if referral.interview_id else None
    lang = view.learner_language or "de"
    offer = view.course
    handout = Handout(
        learner_name=view.learner_name,
        language=lang,
        course_title=offer.title,
        course_label_de=offer.kind_label,
        course_label_learner=_course_label(s, interview, offer.course_type.value if offer.course_type else None, lang),
        provider_name=offer.provider_name,
        address=offer.address,
        start_date=offer.start_date,
        end_date=offer.end_date,
        schedule_de=offer.schedule,
        schedule_learner=offer.schedule_en if lang == "en" else "",
        contact=offer.contact,
        status_de=view.status.label,
        printed_on=utcnow().date(),
    )
    audit.record(s, actor, "referral.handout", "referral", referral.id, learner_id=referral.learner_id)
    return render_handout(handout)
