"""The error boundary: no traceback ever reaches the page.

Errors the user can act on (the store's German messages) are shown as they are; everything else
becomes a German message with a short error id, and the details go to the server log under that id.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from ops.logging import new_error_id
from ui.session import PageRefused

log = logging.getLogger("sprachstand.ui")

UNEXPECTED = (
    "Es ist ein unerwarteter Fehler aufgetreten. Ihre gespeicherten Eingaben sind nicht verloren. "
    "Bitte laden Sie die Seite neu. Wenn der Fehler wieder auftritt, nennen Sie der Administration "
    "die Fehlernummer {error_id}."
)
# The same words on every page, public ones included: the store's own message names the database's host,
# port and name (or file), which only the server log gets, under the error number.
DATABASE_DOWN = (
    "Die Datenbank ist gerade nicht erreichbar. Bitte versuchen Sie es in einigen Minuten erneut. Besteht das "
    "Problem weiter, nennen Sie der Administration die Fehlernummer {error_id}."
)


def show_unexpected(exc: BaseException) -> str:
    """Logs ``exc`` with a fresh error id and shows the German message; returns the id."""
    error_id = new_error_id()
    # The JSON log carries error_id as a field; the exception text itself is redacted there.
    log.error("UI error %s", error_id, exc_info=(type(exc), exc, exc.__traceback__), extra={"error_id": error_id})
    st.error(UNEXPECTED.format(error_id=error_id))
    return error_id


@contextmanager
def boundary() -> Iterator[None]:
    """Runs a page; turns any exception into a German message. Streamlit's own control flow
    (``st.rerun``, ``st.stop``, ``st.switch_page``) derives from BaseException and passes through."""
    try:
        yield
    except PageRefused:
        pass  # the page has shown its refusal already
    except Exception as exc:
        _show(exc)


def _show(exc: Exception) -> None:
    try:
        from store import errors as store_errors
    except ImportError:  # pragma: no cover - the store is always present in a deployment
        show_unexpected(exc)
        return
    if isinstance(exc, store_errors.DatabaseUnavailable):
        error_id = new_error_id()
        log.error("UI error %s: database unavailable: %s", error_id, exc, extra={"error_id": error_id})
        st.error(DATABASE_DOWN.format(error_id=error_id))
    elif isinstance(exc, store_errors.StoreError):
        st.error(refusal(exc))
    else:
        show_unexpected(exc)


def refusal(exc: Exception) -> str:
    """The store's refusal of an action as the German sentence for the user, logged as the boundary logs
    it — for a page that shows it in place and goes on. A database outage is raised again: the boundary
    shows it with an error id and logs it as an error."""
    from store import errors as store_errors

    if isinstance(exc, store_errors.DatabaseUnavailable):
        raise exc
    # The store's messages are German sentences meant for the user (access refused, not found, ...).
    log.info("store refused: %s: %s", type(exc).__name__, exc)
    return str(exc)
