"""The interview wizard with the real guide: every step, validation at the field, conditions,
drafts that survive a new session, the summary with override rules, submission, conflicts."""

from __future__ import annotations

import html
from typing import Any

import pytest

import store
from questionnaire import guide_by_version
from store import errors as store_errors
from tests.ui.conftest import ROOT, Cast
from tests.ui.helpers import (
    app,
    by_question,
    click,
    element_after,
    errors,
    fill_required,
    follow,
    html_texts,
    in_order,
    new_learner_interview,
    no_exception,
    open_page,
    widgets,
)
from ui.steps import SUMMARY, steps


def _wizard(user: Any, interview_id: int) -> Any:
    return open_page(app(user), "wizard", id=str(interview_id))


def _subheaders(at: Any) -> list[str]:
    return [s.value for s in at.subheader]


def _go_to_section(at: Any, interview_id: int, section_id: str) -> Any:
    at.pills(key=f"{interview_id}.__nav").set_value(section_id).run()
    return follow(at)


def _all_question_ids(guide: Any) -> set[str]:
    return {q.id for s in guide.sections for q in s.questions}


def _walk_to_summary(at: Any, interview_id: int) -> list[str]:
    guide = guide_by_version("sprachstand", 1)
    visited = []
    for _ in range(20):
        if "Niveau je Fertigkeit" in _subheaders(at):
            return visited
        visited.append(_subheaders(at)[0])
        fill_required(at, guide)
        click(at, f"{interview_id}.__next")
        no_exception(at)
        assert not errors(at), (visited[-1], errors(at))
    raise AssertionError("the summary was never reached")


def test_happy_path_through_every_section_and_submit(cast: Cast) -> None:
    guide = guide_by_version("sprachstand", 1)
    interview_id = new_learner_interview(cast.interviewer)
    at = _wizard(cast.interviewer, interview_id)
    no_exception(at)
    visited = _walk_to_summary(at, interview_id)
    titles = [s.title for s in steps(guide, _all_question_ids(guide), {})]
    assert visited == [t for t in titles if t != "Zusammenfassung"]
    fill_required(at, guide)
    click(click(at, f"{interview_id}.__submit"), f"{interview_id}.__submit_confirmed")
    no_exception(at)
    assert any("Die Beratungsstelle kann es jetzt prüfen" in s.value for s in at.success), errors(at)
    view = store.get_interview_for(cast.interviewer, interview_id)
    assert view.status == "submitted"
    assert view.answers["summary"] == "Keine Besonderheiten"
    assert view.current_section == SUMMARY
    assert set(view.levels) == set(guide.scoring.skills)


def test_validation_message_appears_under_the_wrong_field(cast: Cast) -> None:
    interview_id = new_learner_interview(cast.interviewer)
    at = _go_to_section(_wizard(cast.interviewer, interview_id), interview_id, "personal")
    email = by_question(at, "email")
    email.input("kein-at-zeichen").run()
    message = element_after(at, email.key, "error")
    assert message is not None and "E-Mail" in message
    # the message belongs to that field only: the phone field above has none
    assert element_after(at, by_question(at, "phone").key, "error") is None
    # the wrong value is kept on the page, the valid ones are saved
    assert by_question(at, "email").value == "kein-at-zeichen"
    saved = store.get_interview_for(cast.interviewer, interview_id).answers
    assert "email" not in saved and saved["family_name"] == "Haddad"
    by_question(at, "email").input("amina@example.org").run()
    assert element_after(at, by_question(at, "email").key, "error") is None
    assert store.get_interview_for(cast.interviewer, interview_id).answers["email"] == "amina@example.org"


def test_weiter_names_missing_required_answers_at_their_fields(cast: Cast) -> None:
    interview_id = new_learner_interview(cast.interviewer)
    at = _go_to_section(_wizard(cast.interviewer, interview_id), interview_id, "languages")
    click(at, f"{interview_id}.__next")
    assert _subheaders(at)[0] == "Sprachen und Schrift"  # stays on the step
    assert element_after(at, by_question(at, "first_language").key, "error")


def test_condition_shows_and_hides_a_question_live(cast: Cast) -> None:
    interview_id = new_learner_interview(cast.interviewer)
    at = _go_to_section(_wizard(cast.interviewer, interview_id), interview_id, "languages")
    keys = [w.key for w in widgets(at)]
    assert not any(k.endswith(".first_language_other") for k in keys)
    by_question(at, "first_language").set_value("other").run()
    assert any(w.key.endswith(".first_language_other") for w in widgets(at))
    by_question(at, "first_language").set_value("ar").run()
    assert not any(w.key.endswith(".first_language_other") for w in widgets(at))


def test_a_new_session_resumes_at_the_same_section_with_every_answer(cast: Cast) -> None:
    interview_id = new_learner_interview(cast.interviewer)
    at = _go_to_section(_wizard(cast.interviewer, interview_id), interview_id, "personal")
    by_question(at, "phone").input("+49 30 1234567").run()
    by_question(at, "nationality").set_value("SY").run()
    at = _go_to_section(at, interview_id, "goals")
    by_question(at, "goals").set_value(["work"]).run()

    later = _wizard(cast.interviewer, interview_id)  # a new session: nothing in session state
    no_exception(later)
    assert _subheaders(later)[0] == "Ziele und Rahmenbedingungen"
    assert by_question(later, "goals").value == ["work"]
    later = _go_to_section(later, interview_id, "personal")
    assert by_question(later, "phone").value == "+49 30 1234567"
    assert by_question(later, "nationality").value == "SY"


def test_override_without_reason_is_refused(cast: Cast) -> None:
    guide = guide_by_version("sprachstand", 1)
    interview_id = new_learner_interview(cast.interviewer)
    at = _wizard(cast.interviewer, interview_id)
    _walk_to_summary(at, interview_id)
    fill_required(at, guide)
    assert not any(w.key.endswith(".override_reason") for w in widgets(at))
    by_question(at, "override_listening").set_value("b2").run()
    reason = by_question(at, "override_reason")  # appears as soon as an override is set
    click(click(at, f"{interview_id}.__submit"), f"{interview_id}.__submit_confirmed")
    no_exception(at)
    assert store.get_interview_for(cast.interviewer, interview_id).status == "draft"
    assert element_after(at, reason.key, "error")
    assert any("Begründung" in e for e in errors(at) + [m.value for m in at.markdown])
    by_question(at, "override_reason").input("Im Gespräch deutlich besser als in der Selbsteinschätzung.").run()
    click(click(at, f"{interview_id}.__submit"), f"{interview_id}.__submit_confirmed")
    view = store.get_interview_for(cast.interviewer, interview_id)
    assert view.status == "submitted"
    assert view.levels["listening"] == "B2"


def test_conflict_names_who_and_keeps_what_was_typed(cast: Cast) -> None:
    interview_id = new_learner_interview(cast.interviewer)
    at = _go_to_section(_wizard(cast.interviewer, interview_id), interview_id, "personal")
    # a colleague saves the same interview meanwhile
    other = store.authenticate("paula", "richtig-langes-passwort")
    fresh = store.get_interview_for(other, interview_id)
    store.save_draft(other, interview_id, {**fresh.answers, "address": "Hauptstraße 1"}, "personal", fresh.lock_version)
    by_question(at, "phone").input("+49 30 7654321").run()
    assert any("paula" in e.lower() for e in errors(at)), errors(at)
    assert by_question(at, "phone").value == "+49 30 7654321"  # nothing typed is thrown away
    click(at, f"{interview_id}.__conflict_apply")
    no_exception(at)
    saved = store.get_interview_for(cast.interviewer, interview_id).answers
    assert saved["phone"] == "+49 30 7654321" and saved["address"] == "Hauptstraße 1"
    assert by_question(at, "address").value == "Hauptstraße 1"


def test_learner_language_label_is_right_to_left_for_arabic(cast: Cast) -> None:
    interview_id = new_learner_interview(cast.interviewer, language="ar")
    at = _go_to_section(_wizard(cast.interviewer, interview_id), interview_id, "personal")
    blocks = [str(h.value) for h in at.get("html") if str(h.value).startswith('<div class="learner-label')]
    assert blocks and all('dir="rtl"' in b and 'lang="ar"' in b for b in blocks)


def test_going_back_to_a_step_keeps_its_answers(cast: Cast) -> None:
    interview_id = new_learner_interview(cast.interviewer)
    at = _go_to_section(_wizard(cast.interviewer, interview_id), interview_id, "languages")
    by_question(at, "first_language").set_value("ar").run()
    by_question(at, "literate_l1").set_value(True).run()
    at = _go_to_section(at, interview_id, "personal")
    at = _go_to_section(at, interview_id, "languages")
    no_exception(at)
    assert by_question(at, "first_language").value == "ar"
    assert by_question(at, "literate_l1").value is True
    saved = store.get_interview_for(cast.interviewer, interview_id).answers
    assert saved["first_language"] == "ar" and saved["literate_l1"] is True


def test_an_uploaded_guide_version_runs_in_the_wizard_and_older_interviews_keep_theirs(cast: Cast) -> None:
    old_id = new_learner_interview(cast.interviewer, family="Alt")
    bundled = (ROOT / "questionnaire" / "guides" / "sprachstand-v1.yaml").read_text(encoding="utf-8")
    text = bundled.replace("\nversion: 1\n", "\nversion: 3\n", 1)  # version 2 is bundled
    assert text != bundled
    store.upload_guide(cast.admin, text)
    store.activate_guide(cast.admin, "sprachstand", 3)

    new_id = new_learner_interview(cast.interviewer, family="Neu", version=None)  # the active version
    assert store.get_interview_for(cast.interviewer, new_id).guide_version == 3
    for interview_id, version in ((new_id, 3), (old_id, 1)):
        at = _wizard(cast.interviewer, interview_id)
        no_exception(at)
        assert not errors(at), errors(at)
        assert any(f"(Version {version})" in t for t in html_texts(at)), html_texts(at)


def test_a_missing_rating_is_named_under_its_skill_and_the_summary_is_german_only(cast: Cast) -> None:
    interview_id = new_learner_interview(cast.interviewer, language="ar")
    at = _wizard(cast.interviewer, interview_id)
    _walk_to_summary(at, interview_id)
    # the summary is the interviewer's part: no learner's-language blocks
    assert not [h for h in at.get("html") if 'class="learner-label' in str(h.value)]
    override = by_question(at, "override_reading")
    click(click(at, f"{interview_id}.__submit"), f"{interview_id}.__submit_confirmed")
    no_exception(at)
    assert store.get_interview_for(cast.interviewer, interview_id).status == "draft"
    # the message stands right after the skill's row (rating, override), before the next skill, and
    # names which of the two fields it means
    assert (
        element_after(at, override.key, "error")
        == "„Lesen: Ihre Einschätzung“: Bitte beantworten – diese Angabe ist Pflicht."
    )


def test_a_can_do_level_asks_its_question_in_both_languages(cast: Cast) -> None:
    interview_id = new_learner_interview(cast.interviewer, language="ar")
    at = _go_to_section(_wizard(cast.interviewer, interview_id), interview_id, "cando_listening")
    no_exception(at)
    headings = [str(h.value) for h in at.get("html") if str(h.value).startswith('<p class="group-heading">')]
    assert len(headings) == 5
    assert all("Was können Sie auf Deutsch?" in h and 'dir="rtl" lang="ar"' in h for h in headings), headings[0]


def test_each_can_do_statement_has_its_learners_text_right_under_it_with_its_language(cast: Cast) -> None:
    interview_id = new_learner_interview(cast.interviewer, language="ar")
    at = _go_to_section(_wizard(cast.interviewer, interview_id), interview_id, "cando_listening")
    guide = guide_by_version("sprachstand", 1)
    statement = guide.question("cando_listening_a1").statements[0]
    key = f"{interview_id}.cando_listening.cando_listening_a1.{statement.id}"
    box = at.checkbox(key=key)
    # the checkbox's label (its accessible name) is German only; the learner's text follows as a block
    # marked with its language and direction, so a screen reader switches voice for it
    assert box.label == statement.label["de"]
    after = element_after(at, key, "html")
    assert after is not None and 'dir="rtl" lang="ar"' in after and statement.label["ar"] in html.unescape(after)
    box.check().run()
    no_exception(at)
    assert statement.id in store.get_interview_for(cast.interviewer, interview_id).answers["cando_listening_a1"]


def test_a_value_typed_just_before_a_step_chip_is_clicked_is_kept(cast: Cast) -> None:
    # In the browser, typing into a field and then clicking a step chip sends both in one rerun.
    interview_id = new_learner_interview(cast.interviewer)
    at = _go_to_section(_wizard(cast.interviewer, interview_id), interview_id, "personal")
    by_question(at, "phone").input("+49 30 1234567")
    at.pills(key=f"{interview_id}.__nav").set_value("languages")
    at.run()
    at = follow(at)
    no_exception(at)
    assert store.get_interview_for(cast.interviewer, interview_id).answers.get("phone") == "+49 30 1234567"
    at = _go_to_section(at, interview_id, "personal")
    assert by_question(at, "phone").value == "+49 30 1234567"


def test_the_step_chips_count_the_answer_given_in_the_same_rerun(cast: Cast) -> None:
    interview_id = new_learner_interview(cast.interviewer)
    at = _go_to_section(_wizard(cast.interviewer, interview_id), interview_id, "cando_writing")
    statement = next(w for w in widgets(at) if w.key.startswith(f"{interview_id}.cando_writing.") and w.value is False)
    statement.check().run()
    chips = at.pills(key=f"{interview_id}.__nav")
    label = chips.format_func("cando_writing")  # type: ignore[attr-defined]
    assert "(1 angekreuzt)" in label, label
    assert label.startswith("10. Schreiben ("), label  # the skill alone: the heading keeps "Selbsteinschätzung: …"


def test_submitting_without_sharing_consent_says_the_counseling_office_will_not_see_it(cast: Cast) -> None:
    guide = guide_by_version("sprachstand", 1)
    interview_id = new_learner_interview(cast.interviewer)
    at = _go_to_section(_wizard(cast.interviewer, interview_id), interview_id, "consent")
    by_question(at, "consent_sharing").set_value(False).run()
    no_exception(at)
    _walk_to_summary(at, interview_id)
    fill_required(at, guide)
    click(click(at, f"{interview_id}.__submit"), f"{interview_id}.__submit_confirmed")
    no_exception(at)
    assert store.get_interview_for(cast.interviewer, interview_id).status == "submitted"
    notices = [s.value for s in at.success]
    assert any("nicht zugestimmt: die Trägerleitung prüft es" in n for n in notices), notices
    assert not any("kann es jetzt prüfen" in n for n in notices)


def test_an_interview_saved_in_a_section_shown_on_the_summary_reopens_on_the_summary(cast: Cast) -> None:
    interview_id = new_learner_interview(cast.interviewer)
    view = store.get_interview_for(cast.interviewer, interview_id)
    store.save_draft(cast.interviewer, interview_id, dict(view.answers), "assessment", view.lock_version)
    at = follow(_wizard(cast.interviewer, interview_id))
    no_exception(at)
    assert "Niveau je Fertigkeit" in _subheaders(at), _subheaders(at)


def test_without_processing_consent_the_interview_ends_and_the_draft_and_person_are_deleted(cast: Cast) -> None:
    interview_id = new_learner_interview(cast.interviewer, family="Ohne", given="Einwilligung")
    learner_id = store.get_interview_for(cast.interviewer, interview_id).learner.id
    at = _go_to_section(_wizard(cast.interviewer, interview_id), interview_id, "consent")
    by_question(at, "consent_processing").set_value(False).run()
    no_exception(at)
    # one message says it (at the field), and the panel offers the end; no second, yellow repetition
    assert any("Ohne Einwilligung in die Datenverarbeitung kann kein Interview" in e for e in errors(at)), errors(at)
    assert not [w.value for w in at.warning if "Ohne Einwilligung" in w.value]
    assert at.button(key=f"{interview_id}.__discard").disabled  # only after the confirmation
    at.checkbox(key=f"{interview_id}.__discard_sure").check().run()
    click(at, f"{interview_id}.__discard")
    at = follow(at)
    no_exception(at)
    assert any("Angaben zur Person wurden gelöscht" in s.value for s in at.success), [s.value for s in at.success]
    with pytest.raises(store_errors.NotFound):
        store.get_interview_for(cast.interviewer, interview_id)
    assert not store.search_learners(cast.interviewer, "Ohne")
    with pytest.raises(store_errors.NotFound):
        store.get_learner(cast.interviewer, learner_id)


def test_a_refused_value_in_one_step_neither_counts_as_answered_nor_holds_back_another_step(cast: Cast) -> None:
    guide = guide_by_version("sprachstand", 1)
    interview_id = new_learner_interview(cast.interviewer)
    at = _go_to_section(_wizard(cast.interviewer, interview_id), interview_id, "education")
    chips = at.pills(key=f"{interview_id}.__nav")
    before = chips.format_func("education")  # type: ignore[attr-defined]
    by_question(at, "schooling_years").set_value(99).run()
    no_exception(at)
    assert element_after(at, by_question(at, "schooling_years").key, "error")  # refused, message at the field
    after = at.pills(key=f"{interview_id}.__nav").format_func("education")  # type: ignore[attr-defined]
    assert after == before, (before, after)  # 99 does not count as answered
    at = _go_to_section(at, interview_id, "languages")
    fill_required(at, guide)
    click(at, f"{interview_id}.__next")
    at = follow(at)
    no_exception(at)
    assert _subheaders(at)[0] == "Schule, Ausbildung und Beruf", _subheaders(at)  # "Weiter" went on


def test_a_radio_question_stands_in_both_languages_above_its_options(cast: Cast) -> None:
    interview_id = new_learner_interview(cast.interviewer, language="ar")
    at = _go_to_section(_wizard(cast.interviewer, interview_id), interview_id, "personal")
    guide = guide_by_version("sprachstand", 1)
    question = guide.question("gender")
    radio = by_question(at, "gender")
    # German label, then the learner's question (lang/dir marked) — both before the options
    items = in_order(at)
    index = next(i for i, (_, key) in enumerate(items) if key == radio.key)
    kind, head = items[index - 1]
    assert kind == "html" and head.startswith('<p class="field-label">'), items[index - 1]
    assert question.label["de"] in head and 'dir="rtl" lang="ar"' in head
    assert question.label["ar"] in html.unescape(head)
    assert radio.proto.label_visibility.value == radio.proto.label_visibility.COLLAPSED
    assert radio.label == question.label["de"] or radio.label.startswith(question.label["de"])  # its accessible name
    # no second learner block after the options
    assert element_after(at, radio.key, "html") is None or question.label["ar"] not in html.unescape(
        element_after(at, radio.key, "html") or ""
    )


def test_entwurf_speichern_is_confirmed_by_a_toast(cast: Cast) -> None:
    interview_id = new_learner_interview(cast.interviewer)
    at = _go_to_section(_wizard(cast.interviewer, interview_id), interview_id, "personal")
    by_question(at, "phone").input("+49 30 1234567")
    click(at, f"{interview_id}.__save")
    no_exception(at)
    assert [t.value for t in at.toast] == ["Entwurf gespeichert."]
    assert "Entwurf gespeichert." not in [s.value for s in at.success]  # not at the top, out of sight
    assert store.get_interview_for(cast.interviewer, interview_id).answers["phone"] == "+49 30 1234567"


def test_an_empty_required_field_of_a_repeat_entry_is_named_at_that_field(cast: Cast) -> None:
    interview_id = new_learner_interview(cast.interviewer)
    at = _go_to_section(_wizard(cast.interviewer, interview_id), interview_id, "languages")
    click(at, f"{interview_id}.languages.other_languages.__add")
    language = by_question(at, "other_language")
    language.set_value(language.options[1]).run()
    click(at, f"{interview_id}.__next")
    assert _subheaders(at)[0] == "Sprachen und Schrift"  # stays on the step
    level = by_question(at, "other_language_level")
    assert element_after(at, level.key, "error") == "Eintrag 1: Feld „Wie gut? (eigene Einschätzung)“ ist Pflicht."
    assert element_after(at, by_question(at, "other_language").key, "error") is None
