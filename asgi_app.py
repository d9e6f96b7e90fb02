"""Sprachstand's server: ``streamlit run asgi_app.py`` (what ./run.sh does), or an ASGI server
(``uvicorn asgi_app:app``).

``st.App`` serves the Streamlit script ``streamlit_app.py`` together with the app's own HTTP routes
(the session cookie, ``/api/verify``) and the security headers (``web/``).
"""

from pathlib import Path

import streamlit as st

from web.app import middleware, routes

app = st.App(str(Path(__file__).resolve().parent / "streamlit_app.py"), routes=routes(), middleware=middleware())
