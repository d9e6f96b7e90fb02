"""What ``asgi_app.py`` hands to ``st.App``: the routes and the middleware."""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from web import ROUTES
from web.headers import SecurityHeaders
from web.routes import ROUTES as APP_ROUTES


def routes() -> list[BaseRoute]:
    ROUTES.active = True  # the script runs in this process: sign-ins may use the cookie route
    return list(APP_ROUTES)


def middleware() -> list[Middleware]:
    return [Middleware(SecurityHeaders)]
