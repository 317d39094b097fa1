"""Hypothesis strategies: random expression trees over every op, and points to run them at.

Arguments of log, sqrt and the base of a non-integer power are built to be positive
(``t*t + c``, ``exp(t)``, ``sigmoid(t)``, ``|t| + c`` or a positive constant), a negative
base only meets a constant integer exponent, so few draws land outside a domain; the
test rejects the rest (see ``expr_trees.evaluate``).
"""

from __future__ import annotations

from dataclasses import dataclass

from expr_trees import BINARY_OPS, Call, Const, Expr, Var
from hypothesis import strategies as st

MAX_VARS = 4
DEPTH = 4

inputs = st.floats(-3.0, 3.0, allow_nan=False, allow_infinity=False)
constants = st.floats(-3.0, 3.0, allow_nan=False, allow_infinity=False).map(Const)
positive_constants = st.floats(0.2, 3.0).map(Const)
integer_exponents = st.integers(-3, 4).map(lambda k: Const(float(k)))


def _call(op: str, *args: Expr) -> Call:
    return Call(op, args)


def positive(sub: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    """Trees whose value is > 0 wherever they are defined."""
    return st.one_of(
        positive_constants,
        st.builds(lambda t, c: _call("+", _call("*", t, t), c), sub, positive_constants),
        st.builds(lambda t: _call("exp", t), sub),
        st.builds(lambda t: _call("sigmoid", t), sub),
        st.builds(lambda t, c: _call("+", _call("abs", t), c), sub, positive_constants),
    )


def expressions(n_vars: int, depth: int = DEPTH) -> st.SearchStrategy[Expr]:
    """Trees over variables ``0 .. n_vars-1`` and constants, at most ``depth`` gates deep
    (plus the wrappers that keep domains safe)."""
    leaves: st.SearchStrategy[Expr] = st.one_of(st.integers(0, n_vars - 1).map(Var), constants)
    if depth == 0:
        return leaves
    sub = expressions(n_vars, depth - 1)
    safe = positive(sub)
    return st.one_of(
        leaves,
        st.builds(lambda t: _call("neg", t), sub),
        st.sampled_from(("exp", "tanh", "sigmoid", "relu", "abs")).flatmap(
            lambda op: st.builds(lambda t: _call(op, t), sub)
        ),
        st.sampled_from(("log", "sqrt")).flatmap(
            lambda op: st.builds(lambda t: _call(op, t), safe)
        ),
        st.sampled_from([op for op in BINARY_OPS if op != "**"]).flatmap(
            lambda op: st.builds(lambda a, b: _call(op, a, b), sub, sub)
        ),
        st.builds(lambda a, b: _call("**", a, b), safe, st.one_of(sub, constants)),
        st.builds(lambda a, k: _call("**", a, k), sub, integer_exponents),
        st.builds(lambda c, b: _call("**", c, b), positive_constants, sub),
    )


@dataclass(frozen=True)
class Case:
    """A tree over ``len(point)`` variables and the point to differentiate it at."""

    expr: Expr
    point: list[float]


def _cases(n_vars: int) -> st.SearchStrategy[Case]:
    return st.builds(Case, expressions(n_vars), st.lists(inputs, min_size=n_vars, max_size=n_vars))


cases: st.SearchStrategy[Case] = st.one_of([_cases(n) for n in range(1, MAX_VARS + 1)])
