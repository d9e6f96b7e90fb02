"""Matching and referrals (issue 17) on SQLite and PostgreSQL: fitting offers ranked with reasons, the
referral consent, the receiving provider's view and steps, and places that are never overbooked."""

from __future__ import annotations

import threading

import pytest

import store
from schemas.courses import OfferStatus, ReferralAction, ReferralStatus
from schemas.placement import Course, Format
from schemas.vocabulary import ConsentPurpose, Level
from tests.store.conftest import Cast
from tests.store.courses_support import draft, soon


def _referrable(db: Cast, family: str = "Haddad") -> store.InterviewView:
    iv = db.interview(db.interviewer_a, "submitted", family=family)
    store.record_consent(db.interviewer_a, iv.learner.id, ConsentPurpose.REFERRAL, True)
    return iv


def test_matching_ranks_fitting_offers_and_says_what_does_not_fit(db: Cast) -> None:
    iv = db.interview(db.interviewer_a, "submitted")  # integration course, start A1
    best = store.create_offer(db.padmin_b, draft(title="Passt genau"))
    later = store.create_offer(
        db.padmin_a, draft(title="Später, A2", entry_level=Level.A2, start_date=soon(120), end_date=soon(300))
    )
    store.create_offer(db.padmin_a, draft(title="Andere Kursart", course_type=Course.LITERACY_COURSE))
    store.create_offer(db.padmin_a, draft(title="Zu hoch", entry_level=Level.B2, target_level=Level.C1))
    store.create_offer(db.padmin_a, draft(title="Voll ohne Warteliste", places_free=0, waitlist_open=False))
    result = store.matching_offers(db.counselor, iv.id)
    assert [m.offer.title for m in result.matches] == ["Passt genau", "Später, A2"]
    top, second = result.matches
    assert top.offer.id == best.id and top.score > second.score
    assert any("Einstieg bei A1 wie empfohlen" in f for f in top.fits) and not top.misfits
    assert second.offer.id == later.id
    assert any("Einstieg bei A2, empfohlen ist A1" in m for m in second.misfits)
    assert any("Beginn erst am" in m for m in second.misfits)
    with pytest.raises(store.AccessDenied):
        store.matching_offers(db.interviewer_b, iv.id)


def test_referral_needs_consent_and_shows_the_learner_only_with_it(db: Cast) -> None:
    iv = db.interview(db.interviewer_a, "submitted")
    offer = store.create_offer(db.padmin_b, draft())
    with pytest.raises(store.InvalidInput, match="Einwilligung"):
        store.propose_referral(db.interviewer_a, iv.id, offer.id)
    store.record_consent(db.interviewer_a, iv.learner.id, ConsentPurpose.REFERRAL, True)
    referral = store.propose_referral(db.interviewer_a, iv.id, offer.id, note="Bitte bald")
    assert referral.status is ReferralStatus.PROPOSED and ReferralAction.WITHDRAW in referral.actions
    incoming = store.list_referrals(db.interviewer_b, incoming=True)
    assert [r.id for r in incoming] == [referral.id] and incoming[0].learner_name == "Haddad, Amina"
    assert incoming[0].actions == {ReferralAction.ACCEPT, ReferralAction.WAITLIST, ReferralAction.DECLINE}
    assert store.open_requests(db.interviewer_b) == 1 and store.open_requests(db.interviewer_a) == 0
    store.record_consent(db.interviewer_a, iv.learner.id, ConsentPurpose.REFERRAL, False)  # withdrawn
    hidden = store.list_referrals(db.interviewer_b, incoming=True)[0]
    assert hidden.learner_name == "" and hidden.learner_birth_date is None and not hidden.consent
    with pytest.raises(store.InvalidInput, match="Einwilligung"):
        store.act_on_referral(db.interviewer_b, referral.id, ReferralAction.ACCEPT)
    assert store.get_offer(db.counselor, offer.id).places_free == 5
    assert store.list_referrals(db.interviewer_a)[0].learner_name == "Haddad, Amina"  # the own learner
    with pytest.raises(store.AccessDenied):
        store.list_referrals(db.admin)


def test_referral_workflow_reserves_and_releases_places(db: Cast) -> None:
    iv = _referrable(db)
    offer = store.create_offer(db.padmin_b, draft(places_total=2, places_free=1))
    referral = store.propose_referral(db.counselor, iv.id, offer.id)
    with pytest.raises(store.InvalidTransition, match="aufnehmende Träger"):
        store.act_on_referral(db.interviewer_a, referral.id, ReferralAction.ACCEPT)
    with pytest.raises(store.InvalidInput, match="Grund"):
        store.act_on_referral(db.interviewer_b, referral.id, ReferralAction.DECLINE, "  ")
    accepted = store.act_on_referral(db.interviewer_b, referral.id, ReferralAction.ACCEPT)
    assert accepted.status is ReferralStatus.ACCEPTED
    after = store.get_offer(db.counselor, offer.id)
    assert after.places_free == 0 and after.status is OfferStatus.FULL
    mine = store.list_referrals(db.interviewer_a, incoming=False)
    assert mine[0].status.label == "zugesagt"
    with pytest.raises(store.InvalidTransition):
        store.act_on_referral(db.interviewer_b, referral.id, ReferralAction.ACCEPT)
    store.act_on_referral(db.interviewer_b, referral.id, ReferralAction.START)
    dropped = store.act_on_referral(db.interviewer_b, referral.id, ReferralAction.DROP, "umgezogen")
    assert dropped.status is ReferralStatus.DROPPED and dropped.reason == "umgezogen"
    again = store.get_offer(db.counselor, offer.id)
    assert again.places_free == 1 and again.status is OfferStatus.OPEN
    steps = [e["action"] for e in store.referral_history(db.interviewer_b, referral.id)]
    assert steps == ["propose", "accept", "start", "drop"]
    logged = {e.action for e in store.audit_log(db.dpo, action=None, page_size=500)[0]}
    assert {"referral.propose", "referral.accept", "referral.start", "referral.drop"} <= logged


def test_accepting_into_a_full_course_is_refused_and_the_waiting_list_remains(db: Cast) -> None:
    offer = store.create_offer(db.padmin_b, draft(places_total=1, places_free=1))
    first, second = (
        store.propose_referral(db.interviewer_a, _referrable(db, f).id, offer.id) for f in ("Eins", "Zwei")
    )
    store.act_on_referral(db.interviewer_b, first.id, ReferralAction.ACCEPT)
    with pytest.raises(store.InvalidInput, match="keinen freien Platz"):
        store.act_on_referral(db.interviewer_b, second.id, ReferralAction.ACCEPT)
    assert store.get_referral_for(db.interviewer_b, second.id).status is ReferralStatus.PROPOSED
    waiting = store.act_on_referral(db.interviewer_b, second.id, ReferralAction.WAITLIST)
    assert waiting.status is ReferralStatus.WAITING_LIST
    store.act_on_referral(db.interviewer_a, first.id, ReferralAction.WITHDRAW)  # the place is free again
    assert store.act_on_referral(db.interviewer_b, second.id, ReferralAction.ACCEPT).status is ReferralStatus.ACCEPTED


def test_eight_concurrent_acceptances_never_overbook(db: Cast) -> None:
    offer = store.create_offer(db.padmin_b, draft(places_total=10, places_free=3))
    families = [f"Lern{letter}" for letter in "abcdefgh"]  # names: letters only
    referrals = [store.propose_referral(db.interviewer_a, _referrable(db, f).id, offer.id) for f in families]
    # and two clerks accepting the same referral at once
    duplicate = referrals[0]
    barrier = threading.Barrier(9)
    accepted: list[int] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def accept(referral_id: int) -> None:
        try:
            barrier.wait()
            store.act_on_referral(db.interviewer_b, referral_id, ReferralAction.ACCEPT)
            accepted.append(referral_id)
        except (store.InvalidInput, store.InvalidTransition) as exc:
            refused.append(str(exc))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=accept, args=(r.id,)) for r in [*referrals, duplicate]]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert len(accepted) == 3 and len(set(accepted)) == 3 and len(refused) == 6
    assert store.get_offer(db.counselor, offer.id).places_free == 0
    statuses = [store.get_referral_for(db.interviewer_b, r.id).status for r in referrals]
    assert statuses.count(ReferralStatus.ACCEPTED) == 3


def test_matching_weighs_childcare_time_of_day_and_district(db: Cast) -> None:
    from datetime import time

    store.create_offer(db.padmin_a, draft(title="Mitte ohne Kita"))
    store.create_offer(
        db.padmin_b,
        draft(title="Nord mit Kita", childcare_on_site=True, district="Nord", time_from=time(18), time_to=time(20)),
    )
    needs = store.Needs(
        course=Course.INTEGRATION_COURSE,
        start_level=Level.A1,
        formats=frozenset({Format.CHILDCARE}),
        availability=frozenset({"evenings"}),
        district="nord",
    )
    result = store.matching_for_needs(db.counselor, needs)
    assert [m.offer.title for m in result.matches] == ["Nord mit Kita", "Mitte ohne Kita"]
    assert "im Stadtteil Nord" in result.matches[0].fits
    assert {"mit Kinderbetreuung: nein", "anderer Stadtteil (Mitte)"} <= set(result.matches[1].misfits)
    assert any(m.startswith("Zeit: vormittags") for m in result.matches[1].misfits)


def test_handout_pdf_in_german_and_the_learners_language(db: Cast) -> None:
    import io

    from pypdf import PdfReader

    iv = _referrable(db)
    offer = store.create_offer(db.padmin_b, draft(title="Integrationskurs Nord"))
    referral = store.propose_referral(db.interviewer_a, iv.id, offer.id)
    store.act_on_referral(db.interviewer_b, referral.id, ReferralAction.ACCEPT)
    pdf = store.referral_handout(db.interviewer_a, referral.id)
    reader = PdfReader(io.BytesIO(pdf))
    text = reader.pages[0].extract_text()
    assert len(reader.pages) == 1
    assert "Ihr Kursplatz" in text and "Integrationskurs Nord" in text and "Sprachschule Brücke" in text
    assert "Bitte mitbringen" in text and "Berechtigungsschein" in text and "zugesagt" in text
    assert reader.metadata is not None and reader.metadata.title == "Kursplatz – Integrationskurs Nord"


def test_figures_count_places_outcomes_waiting_and_unmet_demand(db: Cast) -> None:
    iv = _referrable(db)
    db.interview(db.interviewer_a, "submitted", family="Ohnekurs")  # also integration course, A1
    offer = store.create_offer(db.padmin_b, draft(places_total=10, places_free=4))
    store.create_offer(db.padmin_b, draft(title="Kita", course_type=Course.LITERACY_COURSE, start_date=soon(200)))
    none = store.course_figures(db.counselor)
    assert none.unmet_total == 0  # an integration course starts within 8 weeks of both interviews
    referral = store.propose_referral(db.interviewer_a, iv.id, offer.id)
    store.act_on_referral(db.interviewer_b, referral.id, ReferralAction.ACCEPT)
    store.act_on_referral(db.interviewer_b, referral.id, ReferralAction.START)
    figures = store.course_figures(db.admin, weeks=1)
    assert figures.unmet_total == 2  # the only integration course starts in two weeks
    assert figures.unmet[0][0] == "Allgemeiner Integrationskurs"
    month = f"{soon():%Y-%m}"
    row = next(r for r in figures.places if r[0] == month and r[1] == "Allgemeiner Integrationskurs")
    assert row[2:] == (1, 10, 7, 3)
    assert ("Allgemeiner Integrationskurs", "Kurs begonnen", 1) in figures.outcomes
    assert figures.waiting[0][:2] == ("Allgemeiner Integrationskurs", 1) and figures.waiting[0][2] == 0
    with pytest.raises(store.AccessDenied):
        store.course_figures(db.interviewer_a)
    own = store.course_figures(db.padmin_b)
    assert own.unmet_total == 0  # provider B has no interviews of its own


def test_pseudonymised_figures_export_has_no_names(db: Cast) -> None:
    import io

    import openpyxl

    iv = _referrable(db)
    offer = store.create_offer(db.padmin_b, draft())
    store.propose_referral(db.interviewer_a, iv.id, offer.id)
    data = store.course_figures_export(db.counselor, "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Ungedeckter Bedarf", "Plätze", "Wartezeit", "Vermittlungen", "Vermittlungen pseudonym"]
    cells = " ".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row)
    assert "Sprachschule Brücke" in cells and "vorgeschlagen" in cells
    assert "Haddad" not in cells and "Amina" not in cells and "1990" not in cells


def test_reserved_places_cannot_be_edited_away_and_drafts_are_not_referred(db: Cast) -> None:
    iv = _referrable(db)
    offer = store.create_offer(db.padmin_b, draft(places_total=4, places_free=2))
    referral = store.propose_referral(db.interviewer_a, iv.id, offer.id)
    store.act_on_referral(db.interviewer_b, referral.id, ReferralAction.ACCEPT)
    current = store.get_offer(db.padmin_b, offer.id)
    with pytest.raises(store.InvalidInput, match="durch zugesagte Vermittlungen belegt"):
        store.update_offer(db.padmin_b, offer.id, draft(places_total=4, places_free=4), current.lock_version)
    with pytest.raises(store.InvalidInput, match="mehr als Plätze"):
        store.update_offer(db.padmin_b, offer.id, draft(places_total=2, places_free=3), current.lock_version)
    assert store.get_offer(db.padmin_b, offer.id).places_free == 1
    draft_iv = db.interview(db.interviewer_a, "draft", family="Entwurf")
    store.record_consent(db.interviewer_a, draft_iv.learner.id, ConsentPurpose.REFERRAL, True)
    with pytest.raises(store.InvalidTransition, match="nach dem Einreichen"):
        store.propose_referral(db.interviewer_a, draft_iv.id, offer.id)


def test_erasure_ends_open_referrals_and_art15_export_lists_them(db: Cast) -> None:
    iv = _referrable(db)
    offer = store.create_offer(db.padmin_b, draft(places_total=5, places_free=2))
    referral = store.propose_referral(db.interviewer_a, iv.id, offer.id, note="ruft nachmittags zurück")
    store.act_on_referral(db.interviewer_b, referral.id, ReferralAction.ACCEPT)
    from datetime import date

    from store.reporting import find_learners_for_request

    find_learners_for_request(db.dpo, "Haddad", "Amina", date(1990, 4, 12))  # a request starts with a search
    exported = store.export_learner(db.dpo, iv.learner.id)
    assert exported["referrals"][0]["note"] == "ruft nachmittags zurück"
    assert [step["action"] for step in exported["referrals"][0]["steps"]] == ["propose", "accept"]
    assert store.get_offer(db.counselor, offer.id).places_free == 1
    store.erase_learner(db.dpo, iv.learner.id, "Antrag vom 1.12.")
    assert store.get_offer(db.counselor, offer.id).places_free == 2
    after = store.get_referral_for(db.interviewer_b, referral.id)
    assert after.status is ReferralStatus.WITHDRAWN and after.note == "" and after.learner_name == ""


def test_unmet_demand_by_format_need_and_district(db: Cast) -> None:
    from store import db as store_db
    from store.models import Interview
    from store.scoping import CrossProvider
    from store.workflow import store_score

    iv = db.interview(db.interviewer_a, "submitted", family="Formate")
    # as a version-2 interview stores its placement (the columns the figures count are written with it)
    with store_db.session_scope(cross_provider=CrossProvider.MAINTENANCE) as s:
        row = s.get(Interview, iv.id)
        assert row is not None and row.scores is not None
        row.answers = {**row.answers, "district": "  Hafen "}
        store_score(row, {**row.scores, "placement": {"formats": ["part_time", "childcare"]}})
    figures = store.course_figures(db.counselor)
    assert figures.unmet == [("Allgemeiner Integrationskurs", "mit Kinderbetreuung, Teilzeit", "Hafen", 1)]


def test_the_proposing_side_is_told_when_its_referral_is_answered(db: Cast) -> None:
    offer = store.create_offer(db.padmin_b, draft(title="Abendkurs B1"))
    by_interviewer = store.propose_referral(db.interviewer_a, _referrable(db, "Eins").id, offer.id)
    by_counselor = store.propose_referral(db.counselor, _referrable(db, "Zwei").id, offer.id)
    assert [n.kind for n in store.notifications(db.interviewer_a)] == []  # not answered yet
    store.act_on_referral(db.interviewer_b, by_interviewer.id, ReferralAction.ACCEPT)
    store.act_on_referral(db.interviewer_b, by_counselor.id, ReferralAction.DECLINE, "Kurs beginnt zu spät")
    mine = [n for n in store.notifications(db.interviewer_a) if n.kind == "referral_answered"]
    assert [n.text for n in mine] == [f"Vermittlung Nr. {by_interviewer.id} beantwortet: „Abendkurs B1“ – zugesagt"]
    assert mine[0].page == "vermittlungen"
    office = [n.text for n in store.notifications(db.counselor) if n.kind == "referral_answered"]
    assert office == [
        f"Vermittlung Nr. {by_counselor.id} beantwortet: „Abendkurs B1“ – abgelehnt – Grund: Kurs beginnt zu spät"
    ]
    # the receiving side, and another interviewer of the proposing provider, are not told
    assert not [n for n in store.notifications(db.interviewer_b) if n.kind == "referral_answered"]
    assert not [n for n in store.notifications(db.interviewer_a2) if n.kind == "referral_answered"]


def test_every_need_runs_the_same_ranking_statement(db: Cast) -> None:
    """The ranking is one statement whose choices are bound values: PostgreSQL prepares it once per
    connection instead of planning a new text for every combination of level, formats, times and district.
    A need that is not asked for adds no points (a need without a level ranks by the other points only)."""
    from sqlalchemy import event

    from store import db as store_db

    store.create_offer(db.padmin_a, draft(title="B1 Mitte", entry_level=Level.B1, target_level=Level.B2))
    store.create_offer(db.padmin_b, draft(title="A1 Nord frei", district="Nord", childcare_on_site=True))
    store.create_offer(db.padmin_b, draft(title="A1 Warteliste", places_free=0, start_date=soon(7)))
    needs = [
        store.Needs(course=Course.INTEGRATION_COURSE, start_level=Level.A1),
        store.Needs(
            course=Course.INTEGRATION_COURSE,
            start_level=Level.A2,
            formats=frozenset({Format.CHILDCARE, Format.EVENING}),
            availability=frozenset({"mornings", "weekends"}),
            district="Nord",
        ),
        store.Needs(course=Course.INTEGRATION_COURSE, start_level=None),
    ]
    statements: list[str] = []

    def seen(_conn, _cursor, statement, _parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if "FROM courses" in statement and "ORDER BY" in statement:
            statements.append(statement)

    engine = store_db.get_engine(db.url)
    event.listen(engine, "before_cursor_execute", seen)
    try:
        results = [store.matching_for_needs(db.counselor, n) for n in needs]
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert len(statements) == 3 and len(set(statements)) == 1
    assert [m.offer.title for m in results[0].matches] == ["A1 Nord frei", "A1 Warteliste"]  # B1 is two steps up
    assert results[1].matches[0].offer.title == "A1 Nord frei"  # childcare, district, free place
    # no level: every entry level fits; free places first, then the earlier start, then the older offer
    assert [m.offer.title for m in results[2].matches] == ["B1 Mitte", "A1 Nord frei", "A1 Warteliste"]
    assert [m.score for m in results[2].matches] == [35, 35, 15]
