"""Nothing is printed with a wrong verification address (issue 16, item 9): real certificates are
refused while PUBLIC_URL is localhost, plain http, or not the verification page; a demo specimen may
point to this machine; the admin sees why on every page."""

from __future__ import annotations

import pytest

import store
from store.issuing import issue_certificate
from store.public_address import address_problem, public_address_problem
from tests.certificates_store.conftest import approved_interview
from tests.counseling.conftest import app_db  # noqa: F401  (the fixture: a migrated SQLite app database)
from tests.store.conftest import Cast
from tests.ui.helpers import app


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://localhost:8501/pruefen", "localhost"),
        ("https://127.0.0.1/pruefen", "localhost"),
        ("http://sprachstand.musterstadt.de/pruefen", "https://"),
        ("https://sprachstand.musterstadt.de/", "nicht die Adresse der Prüfseite"),
        ("https://sprachstand.musterstadt.de/anmelden", "nicht die Adresse der Prüfseite"),
    ],
)
def test_wrong_addresses_are_named_with_the_reason(url: str, words: str) -> None:
    problem = address_problem(url)
    assert problem is not None and words in problem and "https://sprachstand.musterstadt.de/pruefen" in problem


@pytest.mark.parametrize("url", ["https://sprachstand.musterstadt.de/pruefen", "https://stadt.de/sprachstand/pruefen/"])
def test_the_verification_page_over_https_is_right(url: str) -> None:
    assert address_problem(url) is None


def test_issuing_is_refused_while_the_address_is_localhost(db: Cast) -> None:
    interview = approved_interview(db)
    store.set_app_setting(db.admin, "public_url", "http://localhost:8501/")
    assert "localhost" in str(public_address_problem(db.admin))  # the admin's banner
    with pytest.raises(store.InvalidInput, match="localhost"):
        issue_certificate(db.counselor, interview.id)
    assert store.get_interview_for(db.interviewer_a, interview.id).status == "approved"  # nothing happened
    store.set_app_setting(db.admin, "public_url", "https://sprachstand.musterstadt.de/pruefen")
    assert public_address_problem(db.admin) is None
    cert, _pdf = issue_certificate(db.counselor, interview.id)
    assert cert.number


def test_the_admin_sees_the_reason_as_a_banner_on_every_page(app_db: Cast) -> None:  # noqa: F811
    store.set_app_setting(app_db.admin, "public_url", "http://sprachstand.musterstadt.de/")
    at = app(app_db.admin)
    warnings = [w.value for w in at.warning]
    assert any("beginnt nicht mit https://" in w and "Einstellungen" in w for w in warnings), warnings
    store.set_app_setting(app_db.admin, "public_url", "https://sprachstand.musterstadt.de/pruefen")
    assert not [w.value for w in app(app_db.admin).warning if "Prüfadresse" in w.value]
