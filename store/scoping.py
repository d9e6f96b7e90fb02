"""The guard that makes scoping enforced rather than a convention.

Every session the store opens (``store.db``) runs :func:`guard` before each ORM statement: a SELECT
that reads one of the tables with personal data (:data:`PERSONAL_TABLES`) fails with
:class:`UnscopedQuery` unless the statement says how it was restricted, in one of two ways:

- it went through ``store.access`` (``learners_query``, ``interview_scope``, ``get_learner``,
  ``get_interview``, ``of_record``, ...), which mark it with the execution option :data:`SCOPE_OPTION`;
- or it carries a named cross-provider opt-out, :func:`cross_provider` with a :class:`CrossProvider`
  reason: a deliberate query over every provider's records, and the reason says why it may be one.

So a forgotten scope no longer reads another provider's learners silently: it fails in the first test
that runs it. Loads SQLAlchemy makes on its own for an object already in the session (an expired
column, a relationship) pass: the object itself was loaded by a checked statement. What the guard
cannot see: ``Session.get`` of an object already in the identity map emits no SQL (so the store
reaches learners, interviews and certificates by id only through ``store.access``; a test checks the
source), raw ``text()`` SQL, UPDATE/DELETE statements (they change what a checked read found), and Core
statements run on the session's connection (``Session.connection``) — ``store.access._plain_read``
checks those by the same rule, and elsewhere they only read the course catalogue (no personal data; a
test checks the source).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker
from sqlalchemy.sql import visitors
from sqlalchemy.sql.expression import TableClause

SCOPE_OPTION = "sprachstand_scope"  # execution option: how a statement on personal data was restricted
SESSION_OPT_OUT = "sprachstand_cross_provider"  # Session.info key: a whole session's named opt-out

# learners and what hangs off them with personal data (names, answers, comments, frozen certificates)
PERSONAL_TABLES = frozenset(
    {"learners", "consents", "interviews", "interview_revisions", "review_events", "certificates"}
)

Q = TypeVar("Q")


class CrossProvider(StrEnum):
    """Why a query may read personal tables of every provider, past ``store.access``'s scopes.

    Each member is used somewhere (tests/store/test_scoping.py checks it); docs/store.md explains each.
    """

    DATA_PROTECTION_REQUEST = "data_protection_request"  # Art. 15/17 GDPR: all of one person's records
    RETENTION_PURGE = "retention_purge"  # erase what is past the retention period, at every provider
    DUPLICATE_DETECTION = "duplicate_detection"  # the same person registered at another provider
    ANONYMOUS_STATISTICS = "anonymous_statistics"  # counts only, never a row
    PUBLIC_VERIFICATION = "public_verification"  # a certificate by its number or PDF hash, for anyone
    CERTIFICATE_NUMBERING = "certificate_numbering"  # numbers are unique per year across providers
    CERTIFICATE_REVOCATION = "certificate_revocation"  # the admin revokes any provider's certificate
    BULK_DEMO_DATA = "bulk_demo_data"  # seeding an empty database with demo data
    LOOKUPS = "lookups"  # the command line turning a typed certificate number into its id
    REFERRAL = "referral"  # a referred learner's referral consent, name and placement, for the receiving provider
    MAINTENANCE = "maintenance"  # work on the bare tables outside any user's request (tests, repairs)


class UnscopedQuery(RuntimeError):
    """A programming error: a query on personal data that neither ``store.access`` restricted nor a
    named :class:`CrossProvider` opt-out explains."""


def scoped(query: Q, how: str) -> Q:
    """``query`` marked as restricted by ``store.access`` (``how`` says by which rule, for debugging)."""
    return query.execution_options(**{SCOPE_OPTION: how})  # type: ignore[attr-defined, no-any-return]


def cross_provider(query: Q, reason: CrossProvider) -> Q:
    """``query`` marked as a deliberate query over every provider, for ``reason``."""
    return scoped(query, f"cross_provider:{CrossProvider(reason)}")


def cross_provider_options(reason: CrossProvider) -> dict[str, str]:
    """The execution options of :func:`cross_provider`, for ``Session.get(..., execution_options=...)``."""
    return {SCOPE_OPTION: f"cross_provider:{CrossProvider(reason)}"}


def personal_tables(statement: Any) -> set[str]:
    """The personal tables a statement reads anywhere (FROM, joins, sub-queries in WHERE or columns).

    Remembered per statement shape (SQLAlchemy's cache key, which the compiled-SQL cache computes for the
    same statement anyway): walking a statement visits every node, several thousand for the course
    matching's ranking, on every call."""
    key = statement._generate_cache_key() if hasattr(statement, "_generate_cache_key") else None
    if key is not None:
        known = _SHAPES.get(key.key)
        if known is not None:
            return set(known)
    found = set()
    for element in visitors.iterate(statement):
        if isinstance(element, TableClause) and element.name in PERSONAL_TABLES:
            found.add(element.name)
    if key is not None:
        if len(_SHAPES) >= _SHAPES_MAX:
            _SHAPES.clear()
        _SHAPES[key.key] = frozenset(found)
    return found


#: personal tables per statement shape (cache key without the bound values); bounded like SQLAlchemy's
_SHAPES: dict[Any, frozenset[str]] = {}
_SHAPES_MAX = 2000


def guard(state: ORMExecuteState) -> None:
    """``do_orm_execute`` hook: refuses an unmarked SELECT on personal tables."""
    if not state.is_select or state.is_column_load or state.is_relationship_load:
        return
    if state.execution_options.get(SCOPE_OPTION) or state.session.info.get(SESSION_OPT_OUT):
        return
    touched = personal_tables(state.statement)
    if touched:
        raise UnscopedQuery(
            f"Unscoped query on {', '.join(sorted(touched))}: build it with store.access (learners_query, "
            "interview_scope, get_learner, get_interview, of_record, ...) or mark a deliberate query over "
            "every provider with store.scoping.cross_provider(query, CrossProvider.<reason>) — see docs/store.md, "
            "'Access rules'."
        )


def install(factory: sessionmaker[Session]) -> None:
    """Registers the guard on every session ``factory`` makes."""

    if not event.contains(factory, "do_orm_execute", guard):
        event.listen(factory, "do_orm_execute", guard)


def opt_out_session(session: Session, reason: CrossProvider) -> None:
    """Lets a whole session read across providers (tests and maintenance code on the bare tables)."""
    session.info[SESSION_OPT_OUT] = str(CrossProvider(reason))
