"""What runs around every page: migrations, set-up, login gate, idle timeout, menu, logout, errors."""

from __future__ import annotations

import time

import streamlit as st
from pydantic import ValidationError

from questionnaire.errors import validation_messages
from settings import get_settings
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


ACTOR_TTL_SECONDS = 3.0  # how long a session trusts its last read of the user (deactivation, role change)


def _restore_user() -> None:
    """Re-reads the logged-in user from the store at most every ``ACTOR_TTL_SECONDS`` per session:
    a deactivated account or changed role acts within a few seconds (saves a query on most reruns)."""
    user_id = st.session_state.get(session.USER_KEY)
    if user_id is None:
        return
    import store
    from store import errors as store_errors

    timeout = get_settings().idle_timeout_minutes
    if session.idle_expired(timeout):
        session.log_out(IDLE_NOTICE.format(minutes=timeout))
        return
    checked = st.session_state.get(session.ACTOR_CHECKED_KEY)
    now = time.monotonic()
    if (
        checked is None
        or now - float(checked) >= ACTOR_TTL_SECONDS
        or now < float(checked)
        or st.session_state.get(session.ACTOR_KEY) is None
    ):
        try:
            st.session_state[session.ACTOR_KEY] = store.get_actor(user_id)
        except (store_errors.AccessDenied, store_errors.NotFound):
            session.log_out(GONE_NOTICE)
            return
        st.session_state[session.ACTOR_CHECKED_KEY] = now
    session.touch()


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


_LOGGING_CONFIGURED: list[bool] = []  # once per process: the handler outlives reruns


def _configure_logging() -> None:
    if not _LOGGING_CONFIGURED:
        from ops.logging import configure_logging

        configure_logging()
        _LOGGING_CONFIGURED.append(True)


def _session_id() -> str | None:
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
        from store import setup_code

        setup_code.announce_once()  # the code the page asks for, on the server's console
        style.inject()
        login.render_setup()
        return
    _restore_user()
    user = session.actor()
    role = getattr(user, "role", None)
    groups, specs = navigation.build(role)
    current = st.navigation(groups, position="sidebar" if user is not None else "hidden")
    spec = specs.get(id(current))
    # The page's layout, set here once per rerun: a page that set "wide" itself after the shell's
    # "centered" showed up centred when opened from the menu (two layouts in one rerun).
    st.set_page_config(layout="wide" if spec is not None and spec.wide else "centered")
    if spec is not None and spec.url_path == navigation.SIGN_IN and "verify" in st.query_params:
        # a QR code printed as PUBLIC_URL?verify=…&code=… (the address "/"): the public check
        st.switch_page(navigation.page("pruefen"), query_params=st.query_params.to_dict())
    if spec is not None:
        st.session_state["nav.current"] = spec.url_path  # lets in-process tests follow st.switch_page
    if spec is not None and spec.public:
        style.inject()
        if _is_demo():
            style.demo_marker()
        current.run()
        return
    if user is None:
        style.inject()
        login.render_login()
        return
    just_logged_in = st.session_state.pop(login.JUST_LOGGED_IN_KEY, False)
    if just_logged_in and spec is not None and not navigation.allowed(spec, role):
        # The login form stood on the logged-out default page (the interviewers' start page);
        # a counselor or admin lands on their own start page instead of a refusal.
        start = navigation.start_page_for(role)
        if start is not None:
            session.notify(f"Die Seite „{spec.title}“ ist für Ihre Rolle nicht freigegeben. Sie sehen Ihre Startseite.")
            st.switch_page(navigation.page(start.url_path))
    _sidebar(user)
    if _is_demo():
        style.demo_marker()
    notice = st.session_state.pop(session.PAGE_NOTICE_KEY, None)
    if notice:
        st.success(notice)
    with errors.boundary():
        current.run()
