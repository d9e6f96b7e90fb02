"""Is the public verification address right? Checked before anything is printed.

Every certificate prints ``PUBLIC_URL`` (as text and in its QR code) for employers and offices to check
it. A wrong address is printed for good: ``localhost`` leads nowhere, plain ``http`` can be
intercepted and faked, and the bare address of the app shows the login form instead of the
verification form. So outside demo data (specimens marked "MUSTER") the store refuses to issue while
the address

- points to this machine (``localhost``, ``127.0.0.1``, ``::1``, ``0.0.0.0``),
- is plain ``http://``, or
- is not the address of the verification page (its path must end in ``/pruefen``, the page's address,
  e.g. ``https://sprachstand.musterstadt.de/pruefen``; a QR code then opens
  ``…/pruefen?verify=…&code=…``, the filled-in form).

The admin sees the reason as a banner on every admin page (``ui.app_shell``) and beside the setting.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from store.access import Actor, verify_actor
from store.app_settings import read_settings
from store.tx import transactional

VERIFY_PATH = "pruefen"  # ui.navigation's url path of the public verification page
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}  # noqa: S104  (addresses refused, not bound)
EXAMPLE = "https://sprachstand.musterstadt.de/pruefen"


def address_problem(url: str) -> str | None:
    """Why ``url`` must not be printed on a certificate, in German; None when it is right."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if host in LOCAL_HOSTS or host.endswith(".localhost"):
        return (
            f"Die öffentliche Prüfadresse „{url}“ zeigt auf diesen Rechner (localhost): Arbeitgeber und Ämter "
            f"erreichen sie nicht. Bitte die öffentliche Adresse eintragen, z. B. {EXAMPLE}."
        )
    if parts.scheme != "https":
        return (
            f"Die öffentliche Prüfadresse „{url}“ beginnt nicht mit https://: über http kann eine Prüfung "
            f"unterwegs verfälscht werden. Bitte die https-Adresse eintragen, z. B. {EXAMPLE}."
        )
    if parts.path.rstrip("/").rsplit("/", 1)[-1] != VERIFY_PATH:
        return (
            f"Die öffentliche Prüfadresse „{url}“ ist nicht die Adresse der Prüfseite (sie endet auf "
            f"/{VERIFY_PATH}): unter der Startadresse sehen Prüfende nur die Anmeldung. "
            f"Bitte die Adresse der Prüfseite eintragen, z. B. {EXAMPLE}."
        )
    return None


def issuing_problem(s: Session) -> str | None:
    """Why no (real) certificate may be issued now, or None."""
    problem = address_problem(str(read_settings(s)["public_url"]))
    if problem is None:
        return None
    return f"Bescheinigungen werden erst ausgestellt, wenn die Prüfadresse stimmt. {problem}"


@transactional(readonly=True)
def public_address_problem(s: Session, actor: Actor) -> str | None:
    """For the pages: the reason real certificates cannot be issued at the moment, or None."""
    verify_actor(s, actor)
    return issuing_problem(s)
