"""Referrals in the data-protection functions (store/privacy.py calls these): what an Art. 15 export
lists about a learner's referrals, and what an erasure removes (free texts) and ends (open referrals,
whose reserved places go back to the course)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from schemas.courses import HOLDS_PLACE, OPEN_REFERRAL, ReferralStatus
from store.clock import utcnow
from store.course_models import Offer, Referral, ReferralEvent
from store.referrals import release_place


def referrals_for_export(s: Session, learner_id: int, users: dict[int, str]) -> list[dict[str, Any]]:
    rows = s.execute(
        select(Referral, Offer.title)
        .join(Offer, Offer.id == Referral.course_id)
        .where(Referral.learner_id == learner_id)
    ).all()
    out = []
    for referral, title in rows:
        steps = s.scalars(
            select(ReferralEvent).where(ReferralEvent.referral_id == referral.id).order_by(ReferralEvent.id)
        )
        out.append(
            {
                "id": referral.id,
                "course": title,
                "interview": referral.interview_id,
                "status": referral.status,
                "reason": referral.reason,
                "note": referral.note,
                "steps": [
                    {"action": e.action, "to": e.to_status, "by": users.get(e.actor_id or 0), "at": e.at.isoformat()}
                    for e in steps
                ],
            }
        )
    return out


def erase_referrals(s: Session, learner_id: int) -> int:
    """Ends the learner's open referrals (a reserved place goes back) and blanks every free text; returns
    how many referrals were ended."""
    ended = 0
    still_open = {*OPEN_REFERRAL, *HOLDS_PLACE} - {ReferralStatus.STARTED}
    for referral in s.scalars(select(Referral).where(Referral.learner_id == learner_id)):
        if ReferralStatus(referral.status) in still_open:
            if ReferralStatus(referral.status) in HOLDS_PLACE:
                release_place(s, referral.course_id)
            referral.status = ReferralStatus.WITHDRAWN.value
            referral.closed_at = utcnow()
            ended += 1
        referral.note = referral.reason = ""
    ids = select(Referral.id).where(Referral.learner_id == learner_id)
    s.execute(
        update(ReferralEvent)
        .where(ReferralEvent.referral_id.in_(ids))
        .values(reason="")
        .execution_options(synchronize_session=False)
    )
    return ended
