"""Verification codes: only the server's key makes them, any change to the certificate breaks them."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from certificates.codes import check_code, normalise_code, verification_code, verify_url, with_verification
from schemas.certificate import CertificateData

from .helpers import KEY, OLD_KEY, PUBLIC_URL, base_fields, make_data

CODE_PATTERN = re.compile(r"^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$")


def test_code_is_ten_unambiguous_base32_characters_in_two_groups() -> None:
    code = make_data().verification_code
    assert CODE_PATTERN.match(code), code


def test_code_verifies_for_the_issued_data() -> None:
    data = make_data()
    assert check_code(data, data.verification_code, [KEY])


def test_same_data_gives_same_code_every_time() -> None:
    assert make_data().verification_code == make_data().verification_code


@pytest.mark.parametrize(
    "change",
    [
        {"family_name": "Nowak-Kowalska"},
        {"given_names": "Anna Maria"},
        {"birth_date": date(1990, 4, 4)},
        {"number": "SPR-2026-000124"},
        {"provider_name": "Sprachschule Beispiel"},
        {"issued_on": date(2026, 11, 21)},
        {"levels": {**base_fields()["levels"], "writing": "C1"}},
        {"can_do": {"listening": {"de": "Kann alles verstehen."}}},
        {"literacy": "Nicht alphabetisiert."},
        {"recommendation": "Integrationskurs"},
        {"interview_date": None},
    ],
)
def test_a_changed_field_fails_verification(change: dict[str, object]) -> None:
    issued = make_data()
    forged = CertificateData(**base_fields(**change))
    assert not check_code(forged, issued.verification_code, [KEY])


def test_a_code_made_with_another_key_fails() -> None:
    data = make_data(key=b"a forger's guess")
    assert not check_code(data, data.verification_code, [KEY])


def test_old_key_still_verifies_after_rotation_but_not_once_dropped() -> None:
    issued_before = make_data(key=OLD_KEY)
    assert check_code(issued_before, issued_before.verification_code, [KEY, OLD_KEY])
    assert not check_code(issued_before, issued_before.verification_code, [KEY])
    issued_after = make_data(key=KEY)
    assert issued_after.verification_code != issued_before.verification_code
    assert check_code(issued_after, issued_after.verification_code, [KEY, OLD_KEY])


def test_code_typed_sloppily_is_accepted() -> None:
    data = make_data()
    code = data.verification_code
    assert check_code(data, code.lower().replace("-", ""), [KEY])
    assert check_code(data, f"  {code[:5]} {code[6:]} ", [KEY])
    assert check_code(data, code.replace("0", "O").replace("1", "I"), [KEY])


def test_normalise_code_maps_lookalikes_and_rejects_non_codes() -> None:
    assert normalise_code("abcde-fghjk") == "ABCDEFGHJK"
    assert normalise_code("O1LI0 23456") == "0111023456"
    assert normalise_code("ABCDE-FGHJ") == ""  # too short
    assert normalise_code("ABCDE-FGHJU") == ""  # U is not in the alphabet
    assert normalise_code("") == ""


def test_garbage_codes_fail_without_error() -> None:
    data = make_data()
    for code in ["", "x", "ABCDE-FGHJK-XXXXX", "<script>", "ÄÖÜÄÖ-ÄÖÜÄÖ"]:
        assert not check_code(data, code, [KEY])


def test_empty_key_is_refused() -> None:
    with pytest.raises(ValueError, match="SECRET_KEY"):
        verification_code(make_data(), b"")
    data = make_data()
    assert not check_code(data, data.verification_code, [b""])


def test_verify_url_puts_number_and_code_in_the_query() -> None:
    url = verify_url("https://stadt.de/sprachstand/", "SPR-2026-000001", "ABCDE-FGHJK")
    assert url == "https://stadt.de/sprachstand/?verify=SPR-2026-000001&code=ABCDE-FGHJK"


def test_verify_url_keeps_an_existing_query_and_replaces_stale_parameters() -> None:
    url = verify_url("https://stadt.de/app?page=pruefen&verify=OLD#top", "SPR-2026-000001", "ABCDE-FGHJK")
    parts = urlsplit(url)
    assert parts.path == "/app" and parts.fragment == ""
    assert parse_qs(parts.query) == {"page": ["pruefen"], "verify": ["SPR-2026-000001"], "code": ["ABCDE-FGHJK"]}


def test_public_url_of_the_data_is_the_configured_address() -> None:
    data = with_verification(CertificateData(**base_fields()), KEY, "https://stadt.de/app?page=pruefen")
    assert data.public_url == "https://stadt.de/app?page=pruefen"
    assert make_data().public_url == PUBLIC_URL


def test_logos_code_and_url_are_not_signed() -> None:
    plain = CertificateData(**base_fields())
    png = b"\x89PNG\r\n\x1a\n" + b"rest"
    decorated = CertificateData(**base_fields(city_logo=png, verification_code="X", verify_url="https://x"))
    assert plain.canonical_bytes() == decorated.canonical_bytes()


def test_defaulted_fields_are_left_out_so_new_fields_keep_old_codes_valid() -> None:
    signed = CertificateData(**base_fields()).signed_fields()
    assert "specimen" not in signed and "recommendation" not in signed and "guide_version" not in signed
    assert signed["format"] == 1
    assert signed["levels"]["spoken_production"] == "Pre-A1"


def test_composed_and_decomposed_spelling_of_a_name_give_the_same_code() -> None:
    composed = make_data(family_name="Nguyễn", given_names="Thị Ánh")
    decomposed = make_data(
        family_name=unicodedata.normalize("NFD", "Nguyễn"), given_names=unicodedata.normalize("NFD", "Thị Ánh")
    )
    assert composed.family_name == "Nguyễn"
    assert decomposed.verification_code == composed.verification_code


@settings(max_examples=60, deadline=None)
@given(a=st.text(min_size=1, max_size=40).map(str.strip), b=st.text(min_size=1, max_size=40).map(str.strip))
def test_different_names_never_share_canonical_bytes(a: str, b: str) -> None:
    if not a or not b:
        return
    data_a = CertificateData(**base_fields(family_name=a))
    data_b = CertificateData(**base_fields(family_name=b))
    if data_a.family_name != data_b.family_name:
        assert data_a.canonical_bytes() != data_b.canonical_bytes()
        code_a = verification_code(data_a, KEY)
        assert check_code(data_a, code_a, [KEY])


def test_frozen_copy_round_trips_through_json_with_logos_and_keeps_its_code() -> None:
    from pydantic import ValidationError

    png = b"\x89PNG\r\n\x1a\n\x00\xffbinary"
    data = make_data(city_logo=png, recommendation="Integrationskurs")
    restored = CertificateData.model_validate_json(data.model_dump_json())
    assert restored == data and restored.city_logo == png
    assert check_code(restored, data.verification_code, [KEY])
    with pytest.raises(ValidationError):
        data.family_name = "Andere"  # type: ignore[misc]


def test_levels_must_name_all_five_skills_and_logos_must_be_images() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="Niveau fehlt"):
        CertificateData(**base_fields(levels={"listening": "A1"}))
    with pytest.raises(ValidationError, match="PNG- oder JPEG"):
        CertificateData(**base_fields(provider_logo=b"<svg/>"))
    with pytest.raises(ValidationError):
        CertificateData(**base_fields(levels={**base_fields()["levels"], "reading": "B3"}))
