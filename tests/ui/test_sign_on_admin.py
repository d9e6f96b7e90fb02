"""The admin links an account to an identity of the city's sign-on (shown only when it is configured)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from store import sessions, sign_on
from tests.ui.conftest import ROOT, Cast
from tests.ui.helpers import TIMEOUT, follow, no_exception

AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "nur-fuer-den-test",
    "client_id": "sprachstand",
    "client_secret": "geheim",
    "server_metadata_url": "http://127.0.0.1:1/.well-known/openid-configuration",
}
FIELD = "Kennung bei der städtischen Anmeldung"


def _accounts_page(cast: Cast, *, configured: bool) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    if configured:
        at.secrets["auth"] = AUTH
    at.session_state["auth.session_id"] = sessions.start_session(cast.admin).session_id
    at.run()
    at.switch_page("ui/admin_users.py").run()
    return follow(at)


def test_the_admin_links_an_account_to_a_city_identity(cast: Cast) -> None:
    at = _accounts_page(cast, configured=True)
    no_exception(at)
    at.selectbox(key="users.chosen").set_value(cast.interviewer.id).run()
    field = next(t for t in at.text_input if t.label == FIELD)
    field.input("ina@musterstadt.example")
    next(b for b in at.button if b.label == "Kennung speichern").click().run()
    no_exception(at)
    assert sign_on.sign_on_subject(cast.admin, cast.interviewer.id) == "ina@musterstadt.example"
    actor = sign_on.sign_on("ina@musterstadt.example")
    assert actor is not None and actor.id == cast.interviewer.id


def test_without_configuration_there_is_no_city_sign_on(cast: Cast) -> None:
    at = _accounts_page(cast, configured=False)
    assert FIELD not in {t.label for t in at.text_input}


def _app_with_identity(subject: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "sub": subject, "email": subject}
    return at.run()


def test_a_linked_identity_signs_in_and_a_logout_is_not_undone_by_it(cast: Cast) -> None:
    sign_on.link_sign_on(cast.admin, cast.interviewer.id, "ina@musterstadt.example")
    at = _app_with_identity("ina@musterstadt.example")
    no_exception(at)
    assert [t.value for t in at.title] == ["Meine Interviews"]
    session_id = int(at.session_state["auth.session_id"])
    assert sessions.check_session(session_id).id == cast.interviewer.id
    next(b for b in at.sidebar.button if b.label == "Abmelden").click().run()
    at.run()  # the identity of this page load does not sign the tab in again
    assert [t.value for t in at.title] == ["Sprachstand"]


def test_an_identity_nobody_linked_signs_in_as_no_one(cast: Cast) -> None:
    at = _app_with_identity("fremd@musterstadt.example")
    no_exception(at)
    assert [t.value for t in at.title] == ["Sprachstand"]
    assert any("keinem Sprachstand-Konto zugeordnet" in i.value for i in at.info)
