"""What runs around every page: migrations, set-up, login gate, idle timeout, menu, logout, errors."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

import streamlit as st
from pydantic import ValidationError

from questionnaire.errors import validation_messages
from schemas.vocabulary import Role
from settings import get_settings
from store.public_address import public_address_problem
from ui import errors, navigation, session, style
from ui.text import escape_html

IDLE_NOTICE = "Sie wurden nach {minutes} Minuten ohne Aktivität abgemeldet. Ihre Entwürfe sind gespeichert."
GONE_NOTICE = (
    "Ihr Konto ist nicht mehr aktiv. Bitte wenden Sie sich an die Stelle, die Ihr Konto verwaltet "
    "(Trägerleitung oder Administration)."
)


def ensure_migrated() -> None:
    """Brings the schema up to date once per process and database (the store remembers)."""
    from store import db

    db.ensure_migrated()


_SET_UP: set[str] = set()  # databases known to have an admin (that never goes back)


def _setup_needed() -> bool:
    import store

    url = get_settings().effective_database_url
    if url in _SET_UP:
        return False
    if store.setup_needed():
        return True
    _SET_UP.add(url)
    return False


ENDED_ELSEWHERE = "Ihre Sitzung wurde beendet (Abmeldung in einem anderen Fenster oder „Überall abmelden“)."
CREDENTIALS_CHANGED = "Ihr Passwort wurde geändert. Bitte melden Sie sich mit dem neuen Passwort an."
EXPIRED_NOTICE = (
    "Ihre Sitzung ist nach {hours} Stunden abgelaufen. Bitte melden Sie sich neu an. Ihre Entwürfe sind gespeichert."
)
FINISHING = "Anmeldung wird abgeschlossen …"


def _ended_notice(reason: str) -> str:
    from store import sessions

    settings = get_settings()
    return {
        sessions.IDLE: IDLE_NOTICE.format(minutes=settings.idle_timeout_minutes),
        sessions.EXPIRED: EXPIRED_NOTICE.format(hours=settings.session_max_hours),
        sessions.PASSWORD: CREDENTIALS_CHANGED,
        sessions.INACTIVE: GONE_NOTICE,
    }.get(reason, ENDED_ELSEWHERE)


def _resume_from_cookie() -> None:
    """A new Streamlit session (reload, new tab, tablet waking up): the browser's session cookie, once."""
    from web import COOKIE_NAME

    st.session_state[session.COOKIE_TRIED_KEY] = True
    token = st.context.cookies.get(COOKIE_NAME)
    if not isinstance(token, str) or not token:  # (in-process tests have no cookies at all)
        return
    from store import sessions

    resolved = sessions.resolve_token(token)
    if resolved is not None:
        session.log_in(resolved.actor, resolved.session_id)


def _restore_user() -> None:
    """Who this tab acts for, checked against the server-side session on every rerun: a logout in another
    tab, "Überall abmelden", a password reset, a deactivation, the idle timeout and the session's
    lifetime all act on the next rerun (and without one, see ``_watch_session``)."""
    if st.session_state.get(session.SESSION_KEY) is None and not st.session_state.get(session.COOKIE_TRIED_KEY):
        _resume_from_cookie()
    if st.session_state.get(session.SESSION_KEY) is None:
        from ui import sign_on

        sign_on.resume()  # back from the city's sign-on: the account the admin linked
    session_id = st.session_state.get(session.SESSION_KEY)
    if session_id is None:
        st.session_state.pop(session.USER_KEY, None)
        st.session_state.pop(session.ACTOR_KEY, None)
        return
    from store import sessions

    try:
        actor = sessions.check_session(int(session_id))
    except sessions.SessionEnded as ended:
        session.log_out(_ended_notice(ended.reason), end_session=False)
        return
    st.session_state[session.ACTOR_KEY] = actor
    st.session_state[session.USER_KEY] = actor.id


def _finish_sign_in(target: str) -> bool:
    """After a sign-in: the browser takes the one-time ticket to the cookie route, which sets the session
    cookie and comes back to ``target`` (a page load: from then on every tab finds the session)."""
    ticket = st.session_state.pop(session.TICKET_KEY, None)
    if not ticket:
        return False
    from urllib.parse import urlencode

    from web import BEGIN_PATH

    address = f"{BEGIN_PATH}?{urlencode({'ticket': ticket, 'weiter': target})}"
    style.inject()
    st.info(FINISHING)
    st.html(f"<script>window.location.replace({json.dumps(address)});</script>", unsafe_allow_javascript=True)
    return True


def _address_of(spec: navigation.PageSpec | None, role: str | None) -> str:
    """The address of the page this tab shows (with its query), or the role's start page if it may not."""
    if spec is None or spec.url_path == navigation.SIGN_IN:
        return "/"
    if not spec.public and not navigation.allowed(spec, role):
        start = navigation.start_page_for(role)
        return f"/{start.url_path}" if start is not None else "/"
    query = st.query_params.to_dict()
    return f"/{spec.url_path}" + (f"?{urlencode(query)}" if query else "")


def _watch_session() -> None:
    """Checks the session every SESSION_CHECK_SECONDS without a click (not counted as activity): when
    it has ended — idle timeout, logout in another tab, password reset — the whole page reruns and the
    shell clears the screen to the login form."""
    from datetime import timedelta

    @st.fragment(run_every=timedelta(seconds=get_settings().session_check_seconds))
    def watch() -> None:
        from store import sessions
        from store.errors import DatabaseUnavailable

        session_id = st.session_state.get(session.SESSION_KEY)
        if session_id is None:
            return
        try:
            sessions.check_session(int(session_id), touch=False)
        except sessions.SessionEnded:
            st.rerun(scope="app")
        except DatabaseUnavailable:
            return  # the next click shows the German message

    watch()


DEMO_KEY = "shell.demo"
DEMO_TTL_SECONDS = 30


def _is_demo() -> bool:
    """Whether the database holds demo data; read again every 30 s per session (saves a query a rerun)."""
    import store

    cached = st.session_state.get(DEMO_KEY)
    if cached is None or time.monotonic() - cached[1] > DEMO_TTL_SECONDS:
        cached = (bool(store.get_app_settings().get("demo_data")), time.monotonic())
        st.session_state[DEMO_KEY] = cached
    return bool(cached[0])


# On a tablet (narrower than 1024 px; Streamlit itself folds the menu away only up to 768 px) the menu
# took 300 of 820 px and cut the pages' buttons: fold it away once per page load, so the page has the
# whole width and the menu stays one tap away (») — and stays open once the user opens it (the window
# flag; the block's text never changes, so the browser does not run it again on a rerun anyway).
FOLD_MENU_ON_TABLETS = (
    "<script>if (!window.sprachstandMenuFolded) { window.sprachstandMenuFolded = true; "
    "if (window.innerWidth < 1024) { const fold = () => { const b = document.querySelector("
    "'[data-testid=stSidebarCollapseButton] button'); if (b) b.click(); return !!b; }; "
    "if (!fold()) setTimeout(fold, 300); } }</script>"
)


def _public_address_banner(user: Any) -> None:
    """Admins see on every page why real certificates cannot be issued (the verification address)."""
    problem = public_address_problem(user)
    if problem:
        hint = "Einzustellen unter „Einstellungen“ → „Öffentliche Prüfadresse“."
        st.warning(f"{problem} {hint}", icon=":material/link_off:")


def _sidebar(user: object) -> None:
    """Who is logged in (one HTML block that also carries the app's CSS, see ``style.with_css``, and the
    script that folds the menu away on tablets) and "Abmelden"."""
    with st.sidebar:
        name = getattr(user, "display_name", "") or getattr(user, "username", "")
        role = session.role_label(getattr(user, "role", ""))
        st.html(
            style.with_css(
                f'<p class="user-name">Angemeldet: {escape_html(name)}</p><p class="user-role">{escape_html(role)}</p>'
            )
            + FOLD_MENU_ON_TABLETS,
            unsafe_allow_javascript=True,
        )
        if st.button("Abmelden", key="shell.logout", icon=":material/logout:"):
            session.log_out("Sie wurden abgemeldet.")
            st.rerun()
        _watch_session()


_LOGGING_CONFIGURED: list[bool] = []  # once per process: the handler outlives reruns


def _configure_logging() -> None:
    if not _LOGGING_CONFIGURED:
        from ops.logging import configure_logging

        configure_logging()
        _LOGGING_CONFIGURED.append(True)


def _session_id() -> str | None:
    """Streamlit's id of this tab's session; the log writes only a keyed hash of it (``ops.logging``)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else None


def main() -> None:
    from ops.logging import log_context

    st.set_page_config(page_title="Sprachstand", page_icon=":material/translate:")
    with errors.boundary():
        _configure_logging()
        # Every log record of this rerun carries the session id and the numeric user id (never a name).
        with log_context(user_id=st.session_state.get(session.USER_KEY), session_id=_session_id()):
            _run()


def _run() -> None:
    from ui import login

    try:
        get_settings()
    except ValidationError as exc:
        problems = "; ".join(validation_messages(exc.errors()))
        style.inject()
        st.error(f"Sprachstand ist nicht richtig eingerichtet: {problems} Bitte wenden Sie sich an die Administration.")
        return
    ensure_migrated()
    if _setup_needed():
        from security import setup_code

        setup_code.announce_once()  # the code the page asks for, on the server's console
        style.inject()
        login.render_setup()
        return
    _restore_user()
    user = session.actor()
    role = getattr(user, "role", None)
    groups, specs = navigation.build(role)
    # signed in with a password an admin or lead set: choosing an own one is the only page, without menu
    # (the store refuses every other call of this account until then)
    choose_password = bool(getattr(user, "must_change_password", False))
    menu = user is not None and not choose_password
    current = st.navigation(groups, position="sidebar" if menu else "hidden")
    spec = specs.get(id(current))
    # The page's layout, set here once per rerun: a page that set "wide" itself after the shell's
    # "centered" showed up centred when opened from the menu (two layouts in one rerun).
    st.set_page_config(layout="wide" if spec is not None and spec.wide else "centered")
    if spec is not None and spec.url_path == navigation.SIGN_IN and "verify" in st.query_params:
        # a QR code printed as PUBLIC_URL?verify=…&code=… (the address "/"): the public check
        st.switch_page(navigation.page("pruefen"), query_params=st.query_params.to_dict())
    if spec is not None:
        st.session_state["nav.current"] = spec.url_path  # lets in-process tests follow st.switch_page
    if user is not None and _finish_sign_in(_address_of(spec, role)):
        return
    if spec is not None and spec.public:
        style.inject()
        if _is_demo():
            style.demo_marker()
        current.run()
        return
    if user is None:
        style.inject()
        if _is_demo():
            style.demo_marker()
        login.render_login()
        # employers and offices come here with a certificate in hand: the public check is one click away
        st.page_link(navigation.page("pruefen"), label="Bescheinigung prüfen", icon=":material/verified:")
        return
    if choose_password:
        from ui import account

        st.session_state.pop(login.JUST_LOGGED_IN_KEY, None)  # afterwards the start page, not a refusal
        style.inject()
        account.render_forced_change(user)
        _watch_session()  # an idle timeout or a logout elsewhere clears this page too
        return
    just_logged_in = st.session_state.pop(login.JUST_LOGGED_IN_KEY, False)
    if just_logged_in and spec is not None and not navigation.allowed(spec, role):
        # The login form stood on the logged-out default page (the interviewers' start page);
        # a counselor or admin lands on their own start page instead of a refusal.
        start = navigation.start_page_for(role)
        if start is not None:
            session.notify(
                f"Die Seite „{spec.title}“ ist für Ihre Rolle nicht freigegeben. Sie sehen Ihre Startseite.",
                refusal=True,
            )
            st.switch_page(navigation.page(start.url_path))
    _sidebar(user)
    if _is_demo():
        style.demo_marker()
    if role == Role.ADMIN:
        _public_address_banner(user)
    notice = st.session_state.pop(session.PAGE_NOTICE_KEY, None)
    if notice:
        message, refusal = notice if isinstance(notice, tuple) else (str(notice), False)
        (st.warning if refusal else st.success)(message)
    with errors.boundary():
        current.run()
