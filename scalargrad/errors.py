"""Errors raised when an op's real result does not exist.

Each names the op, its operands and the valid domain, and subclasses the built-in error
a Python user would expect (``ValueError``, ``ZeroDivisionError``, ``OverflowError``),
so ``except ValueError`` still catches them.
"""

from __future__ import annotations


class ScalarGradError(Exception):
    """Base of every error scalargrad raises for a bad number."""


class DomainError(ScalarGradError, ValueError):
    """An op was given an operand outside its real domain (log of -1, sqrt of -2)."""


class ScalarZeroDivisionError(ScalarGradError, ZeroDivisionError):
    """Division by zero, or zero raised to a negative power."""


class ScalarOverflowError(ScalarGradError, OverflowError):
    """A result too large for a float64 (exp past ~709.78, a huge power)."""


class StaleGraphError(ScalarGradError, RuntimeError):
    """A leaf's ``.data`` changed after a gate read it: the graph holds the old numbers,
    so its gradients would belong to no single point (PyTorch raises here too)."""


class CompileError(ScalarGradError, TypeError):
    """``scalargrad.compile`` cannot replay this function: it decides something from a
    Value's number while being traced, or uses a gate with no vector rule."""
