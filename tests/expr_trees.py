"""Expression trees for the random gradient tests, and two ways to run them.

* ``evaluate`` runs a tree on plain floats with ``math``, independently of scalargrad:
  the oracle for values and, through central differences, for gradients. It refuses
  (raises ``Unsafe``) points near a domain edge or with runaway values, and records which
  side of each kink (relu, abs, max, min) every such node was on.
* ``build`` runs the same tree through scalargrad's public API: operators (constants as
  plain floats, so reflected operators run too), methods and module functions. Equal
  subtrees become one node, so random graphs reuse nodes (``t*t`` has parents ``(t, t)``).
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass

import scalargrad
from scalargrad import Value


@dataclass(frozen=True)
class Var:
    """The ``index``-th input variable."""

    index: int


@dataclass(frozen=True)
class Const:
    """A constant, passed to the engine as a plain float."""

    value: float


@dataclass(frozen=True)
class Call:
    """Gate ``op`` (a symbol of scalargrad's op table) applied to ``args``."""

    op: str
    args: tuple[Expr, ...]


Expr = Var | Const | Call

UNARY_OPS = ("neg", "exp", "log", "sqrt", "tanh", "sigmoid", "relu", "abs")
BINARY_OPS = ("+", "-", "*", "/", "**", "max", "min")

# Binary gates reached through Python's operators (float on the left: the reflected form).
OPERATORS = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "**": operator.pow,
}

MARGIN = 0.05  # distance kept from 0 for divisors and for log / sqrt / ** bases
BIG = 1e3  # larger intermediate values make central differences too noisy to compare


class Unsafe(Exception):
    """The point is at a domain edge or its values run away: no reliable oracle there."""


def ops_in(expr: Expr) -> set[str]:
    """Every op symbol used in ``expr``."""
    if isinstance(expr, Call):
        return {expr.op}.union(*(ops_in(a) for a in expr.args))
    return set()


def _sign(x: float) -> int:
    return (x > 0.0) - (x < 0.0)


def _power(base: float, exponent: float, exponent_is_const: bool) -> float:
    if base < MARGIN and not (exponent_is_const and exponent.is_integer()):
        raise Unsafe("base near or below 0 with a non-constant or non-integer exponent")
    if abs(base) < MARGIN:
        raise Unsafe("base near 0")
    try:
        return math.pow(base, exponent)
    except (OverflowError, ValueError) as e:
        raise Unsafe(str(e)) from None


def _unary(op: str, x: float, kinks: list[int]) -> float:
    if op == "neg":
        return -x
    if op == "exp":
        if x > math.log(BIG):
            raise Unsafe("exp too large")
        return math.exp(x)
    if op in ("log", "sqrt"):
        if x < MARGIN:
            raise Unsafe(f"{op} near or past its domain edge")
        return math.log(x) if op == "log" else math.sqrt(x)
    if op == "tanh":
        return math.tanh(x)
    if op == "sigmoid":
        return 0.5 * (1.0 + math.tanh(0.5 * x))  # a different formula from the engine's
    kinks.append(_sign(x))
    if op == "relu":
        return x if x > 0.0 else 0.0
    if op == "abs":
        return math.fabs(x)
    raise AssertionError(f"unknown unary op {op!r}")


def _binary(op: str, a: float, b: float, b_is_const: bool, kinks: list[int]) -> float:
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        if abs(b) < MARGIN:
            raise Unsafe("divisor near 0")
        return a / b
    if op == "**":
        return _power(a, b, b_is_const)
    kinks.append(_sign(a - b))
    if op == "max":
        return a if a >= b else b
    if op == "min":
        return a if a <= b else b
    raise AssertionError(f"unknown binary op {op!r}")


def evaluate(expr: Expr, xs: list[float], kinks: list[int]) -> float:
    """``expr`` at ``xs`` in floats; appends the side (-1, 0, 1) of every kink to ``kinks``."""
    if isinstance(expr, Var):
        return xs[expr.index]
    if isinstance(expr, Const):
        return expr.value
    args = [evaluate(a, xs, kinks) for a in expr.args]
    if len(args) == 1:
        out = _unary(expr.op, args[0], kinks)
    else:
        out = _binary(expr.op, args[0], args[1], isinstance(expr.args[1], Const), kinks)
    if not math.fabs(out) <= BIG:
        raise Unsafe(f"value {out!r} too large")
    return out


def build(expr: Expr, leaves: list[Value], seen: dict[Expr, Value] | None = None) -> Value | float:
    """``expr`` through scalargrad, over ``leaves``; a Const stays a float."""
    if isinstance(expr, Var):
        return leaves[expr.index]
    if isinstance(expr, Const):
        return expr.value
    seen = {} if seen is None else seen
    if expr in seen:
        return seen[expr]
    args = [build(a, leaves, seen) for a in expr.args]
    out = _call(expr.op, args)
    seen[expr] = out
    return out


def _call(op: str, args: list[Value | float]) -> Value:
    if len(args) == 1:
        (x,) = args
        if op == "neg":
            return -x if isinstance(x, Value) else -Value(x)
        if op == "abs" and isinstance(x, Value):
            return abs(x)
        fn = getattr(scalargrad, op)
        result: Value = getattr(x, op)() if isinstance(x, Value) else fn(x)
        return result
    a, b = args
    if not isinstance(a, Value) and not isinstance(b, Value):
        a = Value(a)  # two constants: the gate still runs in the engine
    if op in ("max", "min"):
        fold: Value = getattr(scalargrad, op)(a, b)
        return fold
    binary: Value = OPERATORS[op](a, b)
    return binary
