"""The client's address as the sign-in and verification limits count it (see ``ops.client``)."""

from __future__ import annotations

import streamlit as st

from ops.client import client_address

LOOPBACK = "127.0.0.1"


def current_client() -> str:
    """The TCP peer of this session, or what a trusted proxy (``TRUSTED_PROXIES``) says the client was.

    Streamlit reports a loopback peer (a proxy on the same machine, or a local browser) as ``None``."""
    return client_address(st.context.ip_address or LOOPBACK, dict(st.context.headers))
