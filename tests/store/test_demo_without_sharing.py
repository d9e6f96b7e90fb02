"""Issue 16, hole 1 in the demo: ``seed-demo`` (its defaults) has interviews without sharing consent that
wait for a review (the issue met Krasniqi, Besa at the VHS; the names depend on the day the demo is
seeded). Each one now reaches a certificate: the provider's lead approves and issues it; the counseling
office still does not see it."""

from __future__ import annotations

from datetime import date

import store
from demo.seed import DEFAULT_PASSWORD, PROVIDERS, _lead, seed_demo
from schemas.vocabulary import Action, Status
from store.issuing import issue_certificate


def test_the_demos_interviews_without_sharing_consent_reach_a_certificate(empty_db: str) -> None:
    seed_demo(learners=30, seed=1, today=date(2026, 12, 7), issue_certificates=False)
    counselor = store.authenticate("beratung", DEFAULT_PASSWORD)
    queue = {r.id for r in store.review_queue(counselor, page_size=500)[0]}
    waiting = []
    for key, _, _ in PROVIDERS:
        lead = store.authenticate(_lead(key), DEFAULT_PASSWORD)
        waiting += [
            (lead, r) for r in store.list_my_interviews(lead, status=Status.SUBMITTED, limit=500) if not r.shared
        ]
    assert waiting, "the demo has no interview without sharing consent waiting for a review"
    for lead, row in waiting:
        assert row.id not in queue
        assert store.allowed_actions(lead, row.id) == {Action.APPROVE, Action.RETURN}
    lead, row = waiting[0]
    store.approve(lead, row.id)
    certificate, pdf = issue_certificate(lead, row.id)
    assert certificate.number and pdf.startswith(b"%PDF")
    assert store.get_interview_for(lead, row.id).status is Status.CERTIFICATE_ISSUED
