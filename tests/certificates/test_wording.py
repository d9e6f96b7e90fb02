"""The certificate's wording from guide version 2 on (issue 14, item 10): estimated levels oriented on
the CEFR with the method named, "Beschreibung der Stufe", a disclaimer naming what the paper is no proof
for, the English title "Record of a language assessment interview", literacy and recommendation off
the learner's paper unless the deployment wants them, always on the counseling office's copy. Wording 1
(certificates of guide version 1) prints exactly as before. PDFs read back with pypdf."""

from __future__ import annotations

from datetime import date

import pytest

from certificates import check_code, pdf_sha256, render_certificate, render_counseling_copy
from certificates.assembly import CertificateFacts, build_certificate_data, wording_for
from questionnaire import guide_by_version, score, validate_answers
from questionnaire.samples import sample_answers
from schemas.guide import Guide
from schemas.score import Score
from schemas.vocabulary import Skill

from .helpers import KEY, make_data, pdf_text

LITERACY = "In lateinischer Schrift alphabetisiert."
RECOMMENDATION = "Integrationskurs, Einstieg auf Stufe A2"


def _text(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


def _v2(**overrides: object) -> object:
    return make_data(wording=2, recommendation=RECOMMENDATION, **overrides)


def test_version_2_wording_names_estimate_method_and_limits() -> None:
    text = _text(render_certificate(_v2()))  # type: ignore[arg-type]
    assert "Eingeschätzte Niveaus, orientiert am GER" in text
    for method in ("Checklisten von Kann-Beschreibungen", "Beobachtung im Gespräch", "Dolmetscher"):
        assert method in text
    assert "Beschreibung der Stufe" in text and "Das kann die Person" not in text
    assert "kein Nachweis von Deutschkenntnissen für Aufenthalt, Einbürgerung, Studium oder Anerkennung" in text
    assert "no proof of German language skills for residence, naturalisation, study or recognition" in text
    assert "Record of a language assessment interview" in text and "Certificate of language assessment" not in text


def test_version_2_leaves_literacy_and_recommendation_off_by_default() -> None:
    text = _text(render_certificate(_v2()))  # type: ignore[arg-type]
    assert LITERACY not in text and RECOMMENDATION not in text
    assert "Kursempfehlung" not in text and "Alphabetisierung" not in text


def test_the_setting_puts_them_on_the_certificate() -> None:
    text = _text(render_certificate(_v2(show_literacy_and_recommendation=True)))  # type: ignore[arg-type]
    assert LITERACY in text and RECOMMENDATION in text and "Kursempfehlung" in text


def test_the_counseling_copy_always_shows_them_and_says_what_it_is() -> None:
    data = _v2()
    copy = render_counseling_copy(data)  # type: ignore[arg-type]
    text = _text(copy)
    assert LITERACY in text and RECOMMENDATION in text
    assert "Exemplar für die Beratungsstelle" in text
    assert "Eingeschätzte Niveaus, orientiert am GER" in text  # otherwise the same certificate
    assert pdf_sha256(copy) != pdf_sha256(render_certificate(data))  # type: ignore[arg-type]


def test_version_1_wording_is_unchanged() -> None:
    data = make_data(recommendation=RECOMMENDATION)
    assert data.wording == 1
    text = _text(render_certificate(data))
    assert "Certificate of language assessment" in text and "Das kann die Person" in text
    assert LITERACY in text and RECOMMENDATION in text
    assert "Eingeschätzt" not in text and "Einbürgerung" not in text


def test_new_fields_at_their_defaults_are_not_signed() -> None:
    v1 = make_data()
    assert "wording" not in v1.signed_fields() and "show_literacy_and_recommendation" not in v1.signed_fields()
    v2 = _v2()
    assert v2.signed_fields()["wording"] == 2  # type: ignore[attr-defined]
    assert check_code(v2, v2.verification_code, [KEY])  # type: ignore[arg-type, attr-defined]
    forged = v2.model_copy(update={"show_literacy_and_recommendation": True})  # type: ignore[attr-defined]
    assert not check_code(forged, v2.verification_code, [KEY])  # type: ignore[attr-defined]


def _score(guide: Guide) -> Score:
    """The engine's score of a sample interview, all five skills at A2."""
    answers = validate_answers(guide, sample_answers(guide, seed=3, today=date(2026, 11, 1)))
    result = score(guide, answers)
    return result.model_copy(update={"levels": dict.fromkeys(Skill, "A2"), "literacy": "literate_latin"})


@pytest.mark.parametrize(("version", "wording"), [(1, 1), (2, 2)])
def test_the_wording_follows_the_guide_version(version: int, wording: int) -> None:
    guide = guide_by_version("sprachstand", version)
    assert wording_for(guide) == wording
    facts = CertificateFacts(
        number="SPR-2026-000001",
        family_name="Nowak",
        given_names="Anna",
        birth_date=make_data().birth_date,
        provider_name="VHS Musterstadt",
        provider_address="",
        provider_logo=None,
        city_name="Musterstadt",
        city_logo=None,
        issued_on=make_data().issued_on,
        interview_date=make_data().issued_on,
        score=_score(guide),
        guide=guide,
        signer_name="Erika Mustermann",
        show_literacy_and_recommendation=True,
    )
    data = build_certificate_data(facts)
    assert data.wording == wording
    assert data.show_literacy_and_recommendation is (wording > 1)  # version 1 prints them anyway
    assert data.literacy  # always frozen: the counseling copy prints it
