"""The gates as functions: ``scalargrad.exp(x)`` for a number or a Value, always a Value."""

from __future__ import annotations

from collections.abc import Callable

from .value import Operand, Value, as_value


def exp(x: Operand) -> Value:
    """e ** x."""
    return as_value(x).exp()


def log(x: Operand) -> Value:
    """Natural logarithm; x must be > 0."""
    return as_value(x).log()


def sqrt(x: Operand) -> Value:
    """Square root; x must be >= 0."""
    return as_value(x).sqrt()


def tanh(x: Operand) -> Value:
    """Hyperbolic tangent."""
    return as_value(x).tanh()


def sigmoid(x: Operand) -> Value:
    """1 / (1 + e ** -x), without overflow."""
    return as_value(x).sigmoid()


def relu(x: Operand) -> Value:
    """max(x, 0); derivative 0 at 0."""
    return as_value(x).relu()


def abs(x: Operand) -> Value:
    """|x|; derivative 0 at 0."""
    return as_value(x).abs()


def max(*xs: Operand) -> Value:
    """The largest of one or more inputs, as a chain of two-input max gates."""
    return _fold("max", xs, Value.max)


def min(*xs: Operand) -> Value:
    """The smallest of one or more inputs, as a chain of two-input min gates."""
    return _fold("min", xs, Value.min)


def _fold(name: str, xs: tuple[Operand, ...], gate: Callable[[Value, Operand], Value]) -> Value:
    if not xs:
        raise TypeError(f"scalargrad.{name}() needs at least one argument")
    acc = as_value(xs[0])
    for x in xs[1:]:
        acc = gate(acc, x)
    return acc
