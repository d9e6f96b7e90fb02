"""The course pages in-process (issue 17): the public finder without login, the catalogue, the referral
page and the matching on the counseling page — each opens without an error for the roles it serves."""

from __future__ import annotations

import store
from schemas.courses import ReferralAction
from schemas.vocabulary import ConsentPurpose
from tests.store.courses_support import draft
from tests.ui.conftest import Cast
from tests.ui.helpers import app, errors, no_exception, open_page


def _submitted(cast: Cast) -> store.InterviewView:
    from tests.store.guide import GUIDE, complete_answers

    store.upload_guide(cast.admin, GUIDE)
    store.activate_guide(cast.admin, "storetest", 1)
    learner = store.create_learner(
        cast.interviewer, "Haddad", "Amina", "1990-04-12", processing_consent=True, sharing_consent=True
    )
    iv = store.start_interview(cast.interviewer, learner.id)
    return store.submit(cast.interviewer, iv.id, iv.lock_version, answers=complete_answers())


def test_public_finder_needs_no_login_and_filters(cast: Cast) -> None:
    store.create_offer(cast.provider_admin, draft(title="Abendkurs Nord", district="Nord"))
    store.create_offer(cast.provider_admin, draft(title="Vormittag Mitte"))
    at = open_page(app(), "course_finder")
    no_exception(at)
    assert [t.value for t in at.title] == ["Deutschkurse in der Stadt finden"]
    assert "2 Angebote gefunden" in [h.value for h in at.subheader]
    at.selectbox(key="finder.district.de").set_value("Nord").run()
    assert "1 Angebot gefunden" in [h.value for h in at.subheader]
    at.radio(key="finder.lang").set_value("en").run()
    no_exception(at)
    assert [t.value for t in at.title] == ["Find a German course in the city"]
    assert at.selectbox(key="finder.district.en").value == "Nord"  # the filter survives the switch
    assert "1 offer found" in [h.value for h in at.subheader]
    assert {t.label for t in at.text_input} == set()  # no login form


def test_catalogue_lists_all_providers_and_refuses_nothing(cast: Cast) -> None:
    store.create_offer(cast.provider_admin, draft(title="Kurs A"))
    for user in (cast.interviewer_b, cast.counselor, cast.admin):
        at = open_page(app(user), "courses")
        no_exception(at)
        assert not errors(at)
        assert "1 Angebote" in " ".join(c.value for c in at.caption)


def test_referral_flow_pages(cast: Cast) -> None:
    iv = _submitted(cast)
    offer = store.create_offer(cast.interviewer_b, draft(title="Kurs der Brücke"))
    store.record_consent(cast.interviewer, iv.learner.id, ConsentPurpose.REFERRAL, True)
    at = open_page(app(cast.counselor), "course_matching", id=str(iv.id))
    no_exception(at)
    assert not errors(at)
    at.button(key=f"match.refer.{offer.id}").click().run()
    no_exception(at)
    referral = store.list_referrals(cast.interviewer_b, incoming=True)[0]
    at = open_page(app(cast.interviewer_b), "referrals")
    no_exception(at)
    at.button(key=f"ref.in.{ReferralAction.ACCEPT.value}.{referral.id}").click().run()
    no_exception(at)
    assert store.get_referral_for(cast.interviewer, referral.id).status.label == "zugesagt"
    home = app(cast.interviewer)
    no_exception(home)
    assert any("zugesagt" in m.value for m in home.markdown)


def test_offer_form_refuses_an_end_before_the_start_and_saves_a_good_offer(cast: Cast) -> None:
    from datetime import timedelta

    from store.clock import utcnow

    at = open_page(app(cast.provider_admin), "courses")
    no_exception(at)
    start = utcnow().date() + timedelta(days=10)
    form_inputs = [t for t in at.text_input if t.label == "Titel"]
    form_inputs[0].input("Neuer Kurs")
    begin = next(d for d in at.date_input if d.label == "Beginn")
    end = next(d for d in at.date_input if d.label == "Ende")
    begin.set_value(start)
    end.set_value(start - timedelta(days=3))
    at.button[[b.label for b in at.button].index("Speichern")].click().run()
    no_exception(at)
    assert any("Ende liegt vor dem Beginn" in e for e in errors(at))
    assert store.list_offers(cast.counselor)[1] == 0
    next(d for d in at.date_input if d.label == "Ende").set_value(start + timedelta(days=90))
    at.button[[b.label for b in at.button].index("Speichern")].click().run()
    no_exception(at)
    offers, total = store.list_offers(cast.counselor)
    assert total == 1 and offers[0].title == "Neuer Kurs" and offers[0].provider_id == cast.provider_a


def test_the_public_finder_reads_nothing_but_public_offers() -> None:
    """No personal data ever: the page without login calls only the store's public functions."""
    import ast

    from tests.ui.conftest import ROOT

    tree = ast.parse((ROOT / "ui" / "course_finder.py").read_text(encoding="utf-8"))
    used = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "store"
    }
    assert used == {"public_offers", "offer_districts", "OfferFilters"}


def test_dashboard_shows_the_course_figures_with_charts_and_tables(cast: Cast) -> None:
    iv = _submitted(cast)
    offer = store.create_offer(cast.interviewer_b, draft(title="Kurs der Brücke", places_total=10, places_free=4))
    store.record_consent(cast.interviewer, iv.learner.id, ConsentPurpose.REFERRAL, True)
    store.propose_referral(cast.interviewer, iv.id, offer.id)
    at = open_page(app(cast.counselor), "dashboard")
    no_exception(at)
    assert "Kurse und Vermittlungen" in [h.value for h in at.header]
    subheaders = [h.value for h in at.subheader]
    assert {"Freie und belegte Plätze nach Monat", "Vermittlungen nach Ergebnis"} <= set(subheaders)
    assert len(at.get("vega_lite_chart")) >= 2 + 5  # the interview figures' charts and the course figures'
    assert any(m.label == "Freie Plätze" and m.value == "4" for m in at.metric)


def test_summary_shows_fitting_offers_on_demand(cast: Cast) -> None:
    from questionnaire import guide_by_version
    from questionnaire.samples import sample_answers
    from tests.ui.helpers import new_learner_interview

    interview_id = new_learner_interview(cast.interviewer)
    view = store.get_interview_for(cast.interviewer, interview_id)
    answers = sample_answers(guide_by_version(view.guide_id, view.guide_version), seed=3)
    answers.update(family_name="Haddad", given_names="Amina", birth_date="1990-04-12")
    store.save_draft(cast.interviewer, interview_id, answers, "summary", view.lock_version)
    at = open_page(app(cast.interviewer), "summary", id=str(interview_id))
    no_exception(at)
    assert not any("Passt:" in m.value for m in at.markdown)  # not asked for: no query
    at.checkbox(key="summary.match.show").check().run()
    no_exception(at)
    assert any("Vermitteln können Sie nach dem Einreichen" in c.value for c in at.caption)
