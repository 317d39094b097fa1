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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .value import Value

grad_enabled: ContextVar[bool] = ContextVar("scalargrad_grad_enabled", default=True)


class Tracing:
    """What ``compile``'s trace gathers while it runs: the constant leaves made from plain
    numbers (the 2 in ``x ** 2``), told apart from the parameters the function reads."""

    __slots__ = ("constants",)

    def __init__(self) -> None:
        self.constants: list[Value] = []


tracing: ContextVar[Tracing | None] = ContextVar("scalargrad_tracing", default=None)


@contextmanager
def enable_grad() -> Iterator[None]:
    """Within the block, ops build the graph again, even inside ``no_grad()``."""
    token = grad_enabled.set(True)
    try:
        yield
    finally:
        grad_enabled.reset(token)


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
