"""Every page × every role: a role without access gets the German refusal (hidden pages are still
routable), a role with access gets its page; menus list only the role's pages."""

from __future__ import annotations

import pytest

from tests.ui.conftest import Cast
from tests.ui.helpers import app, errors, new_learner_interview, no_exception, open_page
from ui import navigation
from ui.session import REFUSAL

PROTECTED = [p for p in navigation.existing_pages() if not p.public]
OWN_PAGES = {"start", "neu", "interview", "zusammenfassung", "ansicht", "konto"}


@pytest.mark.parametrize("role", navigation.ALL_ROLES)
def test_every_page_refuses_roles_without_access(cast: Cast, role: str) -> None:
    user = cast.by_role(role)
    at = app(user)
    for spec in PROTECTED:
        if role in spec.roles:
            continue
        open_page(at, spec.module)
        no_exception(at)
        assert REFUSAL in errors(at), (spec.url_path, role, errors(at))


@pytest.mark.parametrize("role", ["interviewer", "provider_admin"])
def test_interview_pages_open_for_provider_staff(cast: Cast, role: str) -> None:
    user = cast.by_role(role)
    interview_id = str(new_learner_interview(user))
    for spec in PROTECTED:
        if spec.url_path not in OWN_PAGES or role not in spec.roles:
            continue
        at = open_page(app(user), spec.module, id=interview_id)
        no_exception(at)
        assert REFUSAL not in errors(at), spec.url_path
        assert not errors(at), (spec.url_path, errors(at))


@pytest.mark.parametrize("role", navigation.ALL_ROLES)
def test_the_start_page_is_the_roles_first_page(cast: Cast, role: str) -> None:
    at = app(cast.by_role(role))
    no_exception(at)
    start = navigation.start_page_for(role)
    assert start is not None and REFUSAL not in errors(at)
    assert [t.value for t in at.title][:1] == [start.title] or role not in ("interviewer", "provider_admin")


def test_logged_out_every_page_shows_the_login_form(cast: Cast) -> None:
    at = app()
    for spec in PROTECTED:
        open_page(at, spec.module)
        no_exception(at)
        assert {t.label for t in at.text_input} == {"Benutzername", "Passwort"}, spec.url_path
