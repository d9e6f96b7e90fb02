"""The app's own HTTP routes: the session cookie (set and cleared) and the JSON verification API.

Store calls are synchronous database work: they run in Starlette's thread pool, never on the event
loop that also carries every page's websocket.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from web import BEGIN_PATH, COOKIE_NAME, END_PATH, VERIFY_API_PATH

NO_STORE = {"Cache-Control": "no-store"}
STREAMLIT_IDENTITY_COOKIE = "_streamlit_user"  # st.login's cookie (and its chunks, _streamlit_user_tokens)
UNAVAILABLE = "Die Prüfung ist gerade nicht möglich. Bitte versuchen Sie es in einigen Minuten erneut."
T = TypeVar("T")


class _Unavailable(Exception):
    """The database did not answer (the German message for people stays on the pages)."""


def _with_store(fn: Callable[..., T], *args: Any) -> T:
    """Runs a store function (in the thread pool), migrating the schema first like the pages do."""
    from store import db
    from store.errors import DatabaseUnavailable

    try:
        db.ensure_migrated()
        return fn(*args)
    except DatabaseUnavailable as exc:
        raise _Unavailable from exc


def safe_next(target: str | None) -> str:
    """Where to go after the cookie is set: a path of this site only (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if target.startswith((BEGIN_PATH, END_PATH)):
        return "/"
    return target


def _secure(request: Request) -> bool:
    """Secure cookies behind HTTPS: the request came by HTTPS, or the official address is HTTPS."""
    from settings import get_settings

    return request.url.scheme == "https" or get_settings().public_url.startswith("https://")


async def begin_session(request: Request) -> Response:
    """Redeems the one-time ticket of a sign-in and puts the session's token into an HttpOnly cookie."""
    from store import sessions

    target = safe_next(request.query_params.get("weiter"))
    ticket = request.query_params.get("ticket", "")
    if request.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
        # only the app's own page sends a browser here: a link on another site must not sign the
        # browser into the account whose ticket it carries (login CSRF)
        return RedirectResponse("/", status_code=303, headers=NO_STORE)
    try:
        redeemed = await run_in_threadpool(_with_store, sessions.redeem_ticket, ticket)
    except _Unavailable:
        redeemed = None  # the page says what is wrong with the database
    response = RedirectResponse(target if redeemed is not None else "/", status_code=303, headers=NO_STORE)
    if redeemed is not None:
        seconds = int((redeemed.expires_at.replace(tzinfo=UTC) - datetime.now(UTC)).total_seconds())
        response.set_cookie(
            COOKIE_NAME,
            redeemed.token,
            max_age=max(seconds, 1),
            path="/",
            httponly=True,
            samesite="lax",
            secure=_secure(request),
        )
        # City sign-on: from now on the session stands for the identity; Streamlit's own identity cookie
        # (30 days, one tab's st.logout) must not sign anyone in again after a logout here
        for name in request.cookies:
            if name.startswith(STREAMLIT_IDENTITY_COOKIE):
                response.delete_cookie(name, path="/", httponly=True, samesite="lax", secure=_secure(request))
    return response


async def end_session(request: Request) -> Response:
    """Clears the cookie. The session itself was ended by the page (logout); this only tidies up."""
    response = RedirectResponse(safe_next(request.query_params.get("weiter")), status_code=303, headers=NO_STORE)
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="lax", secure=_secure(request))
    return response


def client_address(request: Request) -> str:
    """The direct peer's address: the attempt limit never trusts a header the client could forge."""
    return request.client.host if request.client is not None else "unknown"


async def verify_api(request: Request) -> Response:
    """``GET /api/verify?number=…&code=…`` → ``{"status": "valid" | "revoked" | "unknown"}``: no personal data.

    Counts against the same per-client limit as the public page (VERIFY_ATTEMPTS_PER_MINUTE); over it,
    429 with ``Retry-After``."""
    from store import verification

    number = request.query_params.get("number", "").strip()
    code = request.query_params.get("code", "").strip()
    if not number or not code or len(number) > 60 or len(code) > 40:
        return JSONResponse(
            {"error": "Bitte Nummer (number) und Prüfcode (code) der Bescheinigung angeben."},
            status_code=400,
            headers=NO_STORE,
        )
    try:
        result = await run_in_threadpool(
            _with_store, verification.verify_certificate, number, code, client_address(request)
        )
    except _Unavailable:  # never the database's address or driver message
        return JSONResponse({"error": UNAVAILABLE}, status_code=503, headers=NO_STORE)
    if result.status == verification.LIMITED:
        wait = str(result.retry_after_seconds)
        return JSONResponse(
            {"status": "limited", "retry_after_seconds": result.retry_after_seconds},
            status_code=429,
            headers={**NO_STORE, "Retry-After": wait},
        )
    return JSONResponse({"status": result.status}, headers=NO_STORE)


ROUTES = [
    Route(BEGIN_PATH, begin_session, methods=["GET"]),
    Route(END_PATH, end_session, methods=["GET"]),
    Route(VERIFY_API_PATH, verify_api, methods=["GET"]),
]
