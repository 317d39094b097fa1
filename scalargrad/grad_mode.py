"""The engine's two switches: ``no_grad`` (ops build no graph and return leaves) and
``tracing`` (``scalargrad.compile`` is recording a function, so reading a Value's number
to decide something is refused: the replay could not follow the decision).

Each lives in a ``contextvars.ContextVar``, so each thread and each asyncio task sees its
own; nothing leaks between them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

grad_enabled: ContextVar[bool] = ContextVar("scalargrad_grad_enabled", default=True)
tracing: ContextVar[bool] = ContextVar("scalargrad_tracing", default=False)


@contextmanager
def no_grad() -> Iterator[None]:
    """Within the block, results of ops are leaves: no parents, nothing to backpropagate."""
    token = grad_enabled.set(False)
    try:
        yield
    finally:
        grad_enabled.reset(token)


def is_grad_enabled() -> bool:
    """True unless inside ``no_grad()`` in this thread or task."""
    return grad_enabled.get()
