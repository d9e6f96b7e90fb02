"""JSON-lines server log with request, user and error ids — and never personal data.

The rule (docs/operations.md, "Logs"): a log record names *records by their numeric id* and *users by
their numeric id*, never by name. Messages are constant strings; variable facts go into ``extra``
fields with id-like values (``log.info("interview saved", extra={"interview_id": 17})``).

Because someone will break the rule one day, the formatter is also a guard:
- ``extra`` fields whose name is a personal field (``family_name``, ``email``, ``password`` ...)
  are replaced by ``"[entfernt]"``; so are ``key=value`` / ``'key': value`` pairs in the message;
- e-mail addresses in the message are replaced;
- SQLAlchemy's ``[parameters: ...]`` block (bound values of a failed statement: names, answers)
  is cut from exception texts;
- ``user_id`` must be an integer: anything else (a user name) is dropped.

Use::

    from ops.logging import configure_logging, log_context, report_error
    configure_logging()                       # once per process; idempotent
    with log_context(user_id=user.id, request_id=session_id):
        ...                                   # every record inside carries both ids
    error_id = report_error(exc)              # logs the traceback, returns the id to show the user
"""

from __future__ import annotations

import contextvars
import hashlib
import hmac
import json
import logging
import logging.handlers
import re
import secrets
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TextIO

REDACTED = "[entfernt]"

# Field names that hold personal data somewhere in Sprachstand (guide questions, learner and user
# records). Matching is on the lower-cased name; a name ending in one of these counts too
# (``learner_family_name``).
PERSONAL_FIELDS = frozenset(
    {
        "family_name",
        "given_names",
        "given_name",
        "first_name",
        "last_name",
        "full_name",
        "name",
        "learner_name",
        "display_name",
        "username",
        "user_name",
        "birth_date",
        "date_of_birth",
        "dob",
        "email",
        "phone",
        "mobile",
        "address",
        "street",
        "contact",
        "nationality",
        "password",
        "password_hash",
        "answers",
        "comment",
        "summary",
        "notes",
        "input_value",  # pydantic puts the rejected input into its error texts
    }
)

# Exception texts are kept (redacted) only where they are technical; an application's own exceptions
# (the store's German messages name the user who changed a record, an answer error may quote input)
# are logged by type and traceback only.
_TECHNICAL_MODULES = ("sqlalchemy", "psycopg", "sqlite3", "alembic", "socket", "ssl", "http", "urllib")
# Built-in exceptions whose texts Python writes from types and names, not data. KeyError, ValueError,
# IndexError, AssertionError ... quote the offending value (a name as a dict key), so they are not here.
_SAFE_BUILTINS: tuple[type[BaseException], ...] = (
    AttributeError,
    ImportError,
    NameError,
    TypeError,
    NotImplementedError,
    RecursionError,
    MemoryError,
    ZeroDivisionError,
    OSError,
)


def _message_is_technical(exc_type: type[BaseException]) -> bool:
    if exc_type.__module__ == "builtins":
        return issubclass(exc_type, _SAFE_BUILTINS)
    return exc_type.__module__.split(".")[0] in _TECHNICAL_MODULES


# Standard LogRecord attributes: everything else on a record came from ``extra``.
_RECORD_ATTRS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None)).keys()) | {"message", "asctime"}
_CONTEXT_FIELDS = ("request_id", "session_id", "user_id")

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
_session_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("session_id", default=None)
_user_id: contextvars.ContextVar[int | None] = contextvars.ContextVar("user_id", default=None)

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_SQL_PARAMS = re.compile(r"\[parameters: .*?\](?=\s*(\n|\(Background|$))", re.DOTALL)
_PAIR = re.compile(
    r"""(?P<key>['"]?(?P<name>[A-Za-z_][A-Za-z0-9_]*)['"]?\s*[:=]\s*)"""
    r"""(?P<value>'[^']*'|"[^"]*"|[^\s,;)}\]]+)"""
)


def is_personal_field(name: str) -> bool:
    lowered = name.lower()
    if lowered in PERSONAL_FIELDS:
        return True
    # "name" alone is too common as a suffix (table_name, provider_name) to count.
    return any(lowered.endswith("_" + field) for field in PERSONAL_FIELDS if field != "name")


def redact_text(text: str) -> str:
    """Removes personal data that slipped into free text (messages, exception texts)."""
    text = _SQL_PARAMS.sub("[parameters: " + REDACTED + "]", text)
    text = _EMAIL.sub(REDACTED, text)

    def _pair(match: re.Match[str]) -> str:
        if is_personal_field(match.group("name")):
            return match.group("key") + REDACTED
        return match.group(0)

    return _PAIR.sub(_pair, text)


def redact_value(name: str, value: Any) -> Any:
    """A JSON-safe, redacted copy of one ``extra`` field."""
    if is_personal_field(name):
        return REDACTED
    if isinstance(value, dict):
        return {str(k): redact_value(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [redact_value(name, v) for v in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    return redact_text(str(value))


def new_error_id() -> str:
    """A short id shown to the user ("Fehler-ID") and logged with the details."""
    return secrets.token_hex(4).upper()


def _safe_arg(value: Any) -> Any:
    # An exception passed as a %-argument would put its text (names, values) into the message.
    return f"<{type(value).__name__}>" if isinstance(value, BaseException) else value


def _message(record: logging.LogRecord) -> str:
    args = record.args
    if not args:
        return str(record.msg)
    try:
        if isinstance(args, dict):
            return str(record.msg) % {k: _safe_arg(v) for k, v in args.items()}
        return str(record.msg) % tuple(_safe_arg(a) for a in args)
    except (TypeError, ValueError, KeyError):
        return record.getMessage()


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, ids, extra fields, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact_text(_message(record)),
        }
        context = {"request_id": _request_id.get(), "session_id": _session_id.get(), "user_id": _user_id.get()}
        for field in _CONTEXT_FIELDS:
            value = getattr(record, field, context[field])
            if field == "user_id" and not (isinstance(value, int) and not isinstance(value, bool)):
                value = None  # a user *name* would be personal data: only numeric ids are logged
            elif field != "user_id" and value is not None:
                value = session_ref(str(value))  # a Streamlit session id in clear would let anyone resume it
            if value is not None:
                entry[field] = value if field == "user_id" else str(value)
        for key, value in record.__dict__.items():
            if key in _RECORD_ATTRS or key in _CONTEXT_FIELDS or key.startswith("_"):
                continue
            entry[key] = redact_value(key, value)
        if record.exc_info and record.exc_info[0] is not None:
            exc_type, exc, tb = record.exc_info
            technical = _message_is_technical(exc_type)
            entry["exception"] = {
                "type": f"{exc_type.__module__}.{exc_type.__qualname__}",
                "message": redact_text(str(exc)) if technical else REDACTED,
                # Frames only (file, line, function, source line) — never local variables.
                "traceback": [
                    f"{frame.filename}:{frame.lineno} in {frame.name}: {frame.line or ''}".rstrip()
                    for frame in traceback.extract_tb(tb)
                ],
            }
        elif record.exc_text:
            entry["exception"] = {"message": redact_text(record.exc_text)}
        return json.dumps(entry, ensure_ascii=False, default=str)


_HANDLER_MARK = "_sprachstand_json_handler"


def configure_logging(level: str | None = None, log_file: str | None = None, stream: TextIO | None = None) -> None:
    """Sends all records of the root logger as JSON lines to ``log_file`` or standard error.

    Defaults come from the settings LOG_LEVEL and LOG_FILE. Calling it again (Streamlit reruns the
    script) replaces the handler instead of adding a second one.
    """
    if level is None or log_file is None:
        from settings import get_settings

        settings = get_settings()
        level = settings.log_level if level is None else level
        log_file = settings.log_file if log_file is None else log_file
    handler: logging.Handler
    if stream is not None:
        handler = logging.StreamHandler(stream)
    elif log_file:
        # WatchedFileHandler reopens the file after logrotate moved it away.
        handler = logging.handlers.WatchedFileHandler(log_file, encoding="utf-8")
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    setattr(handler, _HANDLER_MARK, True)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level.upper())
    # SQLAlchemy logs statements *with their parameters* (names, answers) at INFO: never let the
    # general log level switch that on.
    logging.getLogger("sqlalchemy").setLevel(max(logging.WARNING, root.level))


_REF_KEY: list[tuple[object, bytes]] = []  # (settings object, key): read once per settings


def _ref_key() -> bytes:
    try:
        from settings import get_settings

        settings = get_settings()
        if not _REF_KEY or _REF_KEY[0][0] is not settings:
            _REF_KEY[:] = [(settings, settings.effective_secret_key)]
        return _REF_KEY[0][1]
    except Exception:  # a log line must never fail: without settings, a key of this process only
        if not _REF_KEY:
            _REF_KEY.append((None, secrets.token_bytes(32)))
        return _REF_KEY[0][1]


def session_ref(session_id: str) -> str:
    """What the log shows of a session id: a keyed hash (HMAC-SHA256 with SECRET_KEY, 16 hex digits).
    The same for every line of one browser tab (to follow it through the log), useless to resume it."""
    return hmac.new(_ref_key(), f"log-session:{session_id}".encode(), hashlib.sha256).hexdigest()[:16]


@contextmanager
def log_context(
    *, user_id: int | None = None, request_id: str | None = None, session_id: str | None = None
) -> Iterator[None]:
    """Every record logged inside carries these ids (per thread / task, via contextvars); the session and
    request ids are written as ``session_ref`` (keyed hashes), never in clear."""
    tokens: list[tuple[contextvars.ContextVar[Any], contextvars.Token[Any]]] = []
    if user_id is not None:
        if not isinstance(user_id, int) or isinstance(user_id, bool):
            raise TypeError("log_context(user_id=...) takes the numeric user id, never a name")
        tokens.append((_user_id, _user_id.set(user_id)))
    if request_id is not None:
        tokens.append((_request_id, _request_id.set(str(request_id))))
    if session_id is not None:
        tokens.append((_session_id, _session_id.set(str(session_id))))
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)


def report_error(exc: BaseException, logger: logging.Logger | None = None, message: str = "unhandled error") -> str:
    """Logs ``exc`` with its traceback and a fresh error id; returns the id for the German message."""
    error_id = new_error_id()
    (logger or logging.getLogger("sprachstand")).error(
        message, exc_info=(type(exc), exc, exc.__traceback__), extra={"error_id": error_id}
    )
    return error_id
