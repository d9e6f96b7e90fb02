"""The store's errors: defined in ``schemas.errors`` (below every layer, so ``security`` and the store
raise the same ``InvalidInput``), offered here under the names the store has always used."""

from schemas.errors import (
    AccessDenied,
    AccountLocked,
    Conflict,
    DatabaseUnavailable,
    InvalidInput,
    InvalidTransition,
    LoginFailed,
    LoginThrottled,
    NotFound,
    PasswordChangeRequired,
    StoreError,
)

__all__ = [
    "AccessDenied",
    "AccountLocked",
    "Conflict",
    "DatabaseUnavailable",
    "InvalidInput",
    "InvalidTransition",
    "LoginFailed",
    "LoginThrottled",
    "NotFound",
    "PasswordChangeRequired",
    "StoreError",
]
