"""The HTTP side of the app (Starlette, served by Streamlit's own server through ``st.App``).

``asgi_app.py`` (what ``./run.sh`` starts) wraps ``streamlit_app.py`` with the routes and middleware
of this package: the session cookie route (``/sitzung/...``), the JSON verification API
(``/api/verify``) and the security headers on every response. Pages never import Starlette; the
shell reads the cookie with ``st.context.cookies`` and learns from ``ROUTES`` whether the routes are
served (``streamlit run streamlit_app.py`` without the wrapper keeps a sign-in to one tab).
"""

from __future__ import annotations

COOKIE_NAME = "sprachstand_session"
BEGIN_PATH = "/sitzung/beginnen"  # ?ticket=…&weiter=/seite: redeems the ticket, sets the cookie, goes on
END_PATH = "/sitzung/beenden"  # clears the cookie (the session itself was ended by the script)
VERIFY_API_PATH = "/api/verify"


class _Served:
    """Set by ``web.app`` when the routes are part of the running server (same process as the script)."""

    active = False


ROUTES = _Served()
