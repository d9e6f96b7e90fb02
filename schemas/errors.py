"""The store's errors. ``str(exc)`` is always a German sentence that can be shown to the user as it is."""

from __future__ import annotations

from datetime import datetime


class StoreError(Exception):
    """Base of every error the store raises on purpose."""


class AccessDenied(StoreError):
    """The acting user may not see or do this."""

    def __init__(self, message: str = "Dafür fehlt Ihnen die Berechtigung.") -> None:
        super().__init__(message)


class PasswordChangeRequired(AccessDenied):
    """The account signed in with a password someone else set; it must choose its own first."""


class NotFound(StoreError):
    """The record does not exist (or is hidden from the acting user, who must not learn which)."""


class InvalidInput(StoreError):
    """A value the user entered is not acceptable; the message names the field and what to do."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class InvalidTransition(StoreError):
    """A workflow step that the record's current state does not allow."""


class Conflict(StoreError):
    """Someone else saved the record since it was loaded (stale lock version)."""

    def __init__(self, changed_by: str, changed_at: datetime | None, current_version: int) -> None:
        when = changed_at.strftime("%d.%m.%Y um %H:%M Uhr (UTC)") if changed_at else "vor Kurzem"
        super().__init__(
            f"Dieses Interview wurde inzwischen von {changed_by} am {when} geändert. Ihre Eingaben wurden "
            "nicht gespeichert – bitte laden Sie den aktuellen Stand und übernehmen Sie Ihre Änderungen erneut."
        )
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.current_version = current_version


class LoginFailed(StoreError):
    """Wrong username or password, or the account is locked: deliberately one message for all three, so
    neither a user name nor a right guess during a lock is revealed."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or "Anmeldung fehlgeschlagen: Benutzername oder Passwort ist falsch, oder das Konto ist nach zu vielen "
            "Fehlversuchen vorübergehend gesperrt. Bitte prüfen Sie Ihre Eingabe; ist das Konto gesperrt, "
            "versuchen Sie es später erneut oder bitten Sie die Stelle, die Ihr Konto verwaltet (Trägerleitung "
            "oder Administration), es zu entsperren."
        )


class LoginThrottled(LoginFailed):
    """Too many sign-in attempts from this address or for this user name in the last minute (decided
    before any password check, so it reveals nothing about the password)."""

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(
            f"Zu viele Anmeldeversuche. Bitte warten Sie {retry_after_seconds} Sekunden und versuchen Sie es "
            "dann erneut."
        )
        self.retry_after_seconds = retry_after_seconds


class AccountLocked(StoreError):
    """The account (or its provider) is deactivated, told only to whoever typed the right password. A lock
    after failed logins is not told apart from a wrong password (:class:`LoginFailed`); ``until`` is kept
    for callers that name a lock's end to the account's managers."""

    def __init__(self, until: datetime | None) -> None:
        if until is None:
            text = (
                "Dieses Konto ist deaktiviert. Bitte wenden Sie sich an die Stelle, die Ihr Konto verwaltet "
                "(Trägerleitung oder Administration)."
            )
        else:
            text = (
                "Dieses Konto ist nach zu vielen Fehlversuchen vorübergehend gesperrt, bis "
                f"{until.strftime('%H:%M')} Uhr (UTC). Die Stelle, die Ihr Konto verwaltet (Trägerleitung oder "
                "Administration), kann es vorher entsperren."
            )
        super().__init__(text)
        self.until = until


class DatabaseUnavailable(StoreError):
    """The database address is malformed or the database cannot be reached."""
