"""``@transactional``: a repository function body runs as one transaction (all or nothing)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.orm import Session

from store.db import run_in_transaction

P = ParamSpec("P")
R = TypeVar("R")


def transactional(*, readonly: bool = False) -> Callable[[Callable[Concatenate[Session, P], R]], Callable[P, R]]:
    """Wraps ``fn(session, ...)`` into ``fn(...)`` that opens, commits or rolls back its own session."""

    def decorate(fn: Callable[Concatenate[Session, P], R]) -> Callable[P, R]:
        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            return run_in_transaction(lambda s: fn(s, *args, **kwargs), readonly=readonly)

        sig = inspect.signature(fn)
        wrapper.__signature__ = sig.replace(parameters=list(sig.parameters.values())[1:])  # type: ignore[attr-defined]
        setattr(wrapper, "__wrapped__", None)  # noqa: B010  (help() shows the signature without the session)
        return wrapper

    return decorate


__all__ = ["transactional"]
