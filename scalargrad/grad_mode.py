"""The ``no_grad`` switch: while it is on, ops build no graph and return leaves.

The setting lives in a ``contextvars.ContextVar``, so each thread and each asyncio task
sees its own; nothing leaks between them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

grad_enabled: ContextVar[bool] = ContextVar("scalargrad_grad_enabled", default=True)


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
