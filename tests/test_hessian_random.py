"""Random expression trees: the Hessian from create_graph against central differences.

Each tree mixes every op of the table over 1-3 variables and constants. The analytic
Hessian (``hessian``: ``grad(create_graph=True)`` differentiated again) is compared with
central differences of the first-order analytic gradient (``grad`` on the stored floats).
Points near a kink (relu/abs at 0, max/min ties) or a domain edge (log, sqrt, division,
powers near 0) are rejected, and so is any point whose kink sides change within the
five-point difference's reach: the gradient jumps there and a difference cannot see it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scalargrad import DomainError, Op, ScalarOverflowError, Value, apply, grad, hessian, ops
from scalargrad.ops import NEURON, SUM

Tree = tuple[Any, ...]

UNARY = ("exp", "log", "sqrt", "tanh", "sigmoid", "relu", "abs", "neg")
BINARY = ("+", "-", "*", "/", "**", "max", "min")
CONSTANT_POWERS = (2.0, 3.0, -1.0, -2.0, 0.5, 1.5)
NARY = {"sum": SUM, "neuron": NEURON}
KINDS = (*UNARY, *BINARY, "**c", *NARY)

MARGIN = 0.1  # distance kept from kinks and from the edges of log, sqrt, /, **
STEP = 1e-4  # central-difference step


class Rejected(Exception):
    """The point is too close to a kink or a domain edge, or the values run away."""


@st.composite
def trees(draw: st.DrawFn, nvars: int, size: int = 8) -> Tree:
    """A random tree of about ``size`` nodes over variables 0..nvars-1 (at least one)."""

    def build(budget: int) -> Tree:
        if budget <= 1 or (budget < size and draw(st.integers(0, 3)) == 0):  # root: a gate
            if draw(st.integers(0, 2)) > 0:  # two variables to one constant
                return ("var", draw(st.integers(0, nvars - 1)))
            return ("const", round(draw(st.floats(-2.0, 2.0)), 2))
        kind = draw(st.sampled_from(KINDS))
        if kind in UNARY:
            return (kind, build(budget - 1))
        if kind == "**c":
            return (kind, build(budget - 1), draw(st.sampled_from(CONSTANT_POWERS)))
        # n-ary gates: a sum of 1-3 terms; a neuron w1*x1 (+ w2*x2) + b.
        arity = {"sum": draw(st.integers(1, 3)), "neuron": draw(st.sampled_from([3, 5]))}
        children = [build((budget - 1) // arity.get(kind, 2)) for _ in range(arity.get(kind, 2))]
        return (kind, *children)

    tree = build(size)
    assume("'var'" in repr(tree))
    return tree


def evaluate(tree: Tree, xs: tuple[Value, ...], kinks: list[bool]) -> Value:
    """The tree on Values, iteratively; ``kinks`` collects the side of every kink."""
    # Post-order walk with an explicit stack (no recursion anywhere).
    results: list[Value] = []
    stack: list[tuple[Tree, bool]] = [(tree, False)]
    while stack:
        node, expanded = stack.pop()
        kind = node[0]
        if kind == "var":
            results.append(xs[node[1]])
        elif kind == "const":
            results.append(Value(node[1]))
        elif not expanded:
            stack.append((node, True))
            children = [c for c in node[1:] if isinstance(c, tuple)]
            stack.extend((c, False) for c in reversed(children))
        else:
            arity = sum(isinstance(c, tuple) for c in node[1:])
            args = results[-arity:]
            del results[-arity:]
            out = gate(kind, node, args, kinks)
            if not abs(out.data) < 1e4:
                raise Rejected
            results.append(out)
    return results[0]


def gate(kind: str, node: Tree, args: list[Value], kinks: list[bool]) -> Value:
    a = args[0]
    if kind in ("log", "sqrt") and not a.data > MARGIN:
        raise Rejected
    if kind == "exp" and not a.data < 8.0:
        raise Rejected
    if kind in ("relu", "abs"):
        if not abs(a.data) > MARGIN:
            raise Rejected
        kinks.append(a.data > 0.0)
    unary: dict[str, Callable[[Value], Value]] = {
        "exp": Value.exp,
        "log": Value.log,
        "sqrt": Value.sqrt,
        "tanh": Value.tanh,
        "sigmoid": Value.sigmoid,
        "relu": Value.relu,
        "abs": Value.abs,
        "neg": Value.__neg__,
    }
    if kind in unary:
        return unary[kind](a)
    if kind == "**c":
        power: float = node[2]
        if not (abs(a.data) > MARGIN and (power.is_integer() or a.data > MARGIN)):
            raise Rejected
        return a**power
    if kind in NARY:
        return apply(NARY[kind], *args)
    b = args[1]
    if kind in ("max", "min"):
        if not abs(a.data - b.data) > MARGIN:
            raise Rejected
        kinks.append(a.data > b.data)
        return a.max(b) if kind == "max" else a.min(b)
    if kind == "/" and not abs(b.data) > MARGIN:
        raise Rejected
    if kind == "**" and not (a.data > MARGIN and abs(b.data) < 4.0):
        raise Rejected
    binary: dict[str, Callable[[Value, Value], Value]] = {
        "+": Value.__add__,
        "-": Value.__sub__,
        "*": Value.__mul__,
        "/": Value.__truediv__,
        "**": Value.__pow__,
    }
    return binary[kind](a, b)


def gradient_and_kinks(tree: Tree, point: list[float]) -> tuple[list[float], list[bool]]:
    xs = tuple(Value(x) for x in point)
    kinks: list[bool] = []
    try:
        out = evaluate(tree, xs, kinks)
    except (DomainError, ScalarOverflowError, ZeroDivisionError, OverflowError):
        raise Rejected from None
    return grad(out, list(xs)), kinks


def numeric_hessian(tree: Tree, point: list[float], h: float) -> tuple[list[list[float]], float]:
    """Five-point central differences of the analytic gradient, column by column,
    ``(-g(x+2h) + 8 g(x+h) - 8 g(x-h) + g(x-2h)) / 12h``, and the largest gradient
    magnitude met (the scale of the rounding error in each difference)."""
    _, kinks = gradient_and_kinks(tree, point)
    n = len(point)
    columns = []
    scale = 0.0
    for j in range(n):
        g = {}
        for m in (-2, -1, 1, 2):
            g[m], kinks_m = gradient_and_kinks(
                tree, [x + m * h * (k == j) for k, x in enumerate(point)]
            )
            if kinks_m != kinks:
                raise Rejected  # a kink lies within two steps: the gradient jumps
            scale = max(scale, *map(abs, g[m]))
        columns.append(
            [(g[-2][i] - 8.0 * g[-1][i] + 8.0 * g[1][i] - g[2][i]) / (12.0 * h) for i in range(n)]
        )
    return [[columns[j][i] for j in range(n)] for i in range(n)], scale


def analytic_hessian(tree: Tree, point: list[float]) -> list[list[float]]:
    return hessian(lambda *xs: evaluate(tree, xs, []))(*point)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Tree, list[float]]:
    nvars = draw(st.integers(1, 3))
    tree = draw(trees(nvars))
    point = [draw(st.floats(-3.0, 3.0)) for _ in range(nvars)]
    return tree, point


# Tolerance, calibrated. Two errors separate the two Hessians: truncation of the
# five-point difference, about STEP**4 / 30 * |fifth derivative of f|, and rounding,
# about u * |gradient| / STEP where u is the relative error of a computed gradient: 2**-52
# at best, but a gate such as sigmoid near 1 (1 - out) or exp of exp makes it 1e-13 or
# worse. So each entry is compared relative to 1 + |H| + |gradient|. Measured while this
# generator was built, over three runs (9000 accepted cases): with STEP = 1e-4 the worst
# error was 1.0e-10 of that scale, the 99th percentile 2.5e-12. STEP = 1e-3 made
# truncation dominate (worst 1.0e-6, a power of a value near the 0.1 margin), STEP = 1e-5
# rounding (2.5e-10); the plain central difference was worse at every step (worst 1.5e-8
# at 1e-6, with exp(exp(|sigmoid(exp(x))|)) - its analytic Hessian agreed with a 50-digit
# Decimal evaluation to 3e-13). RTOL is 100 times the worst error seen, and still fails a
# second derivative off by one part in ten million (test_tolerance_catches_small_errors).
RTOL = 1e-8


def close(analytic: float, numeric: float, scale: float) -> bool:
    return abs(analytic - numeric) <= RTOL * (1.0 + abs(analytic) + scale)


@settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(cases())
def test_hessian_matches_central_differences_of_the_gradient(
    case: tuple[Tree, list[float]],
) -> None:
    tree, point = case
    try:
        numeric, scale = numeric_hessian(tree, point, STEP)
    except Rejected:
        assume(False)
        return
    analytic = analytic_hessian(tree, point)
    n = len(point)
    for i in range(n):
        for j in range(n):
            assert math.isfinite(analytic[i][j])
            assert close(analytic[i][j], numeric[i][j], scale), (tree, point, i, j)
            # Mixed partials come from different reverse passes; they must agree too.
            assert close(analytic[i][j], analytic[j][i], scale), (tree, point, i, j)


def test_tolerance_catches_small_errors() -> None:
    # A second derivative wrong by one part in ten million is outside the tolerance.
    tree: Tree = ("*", ("var", 0), ("*", ("var", 0), ("var", 0)))  # x³, f'' = 6x
    point = [1.5]
    numeric, scale = numeric_hessian(tree, point, STEP)
    analytic = analytic_hessian(tree, point)
    assert close(analytic[0][0], numeric[0][0], scale)
    assert not close(analytic[0][0] * (1 + 1e-7), numeric[0][0], scale)


def test_the_trees_use_every_op_of_the_table() -> None:
    table = {op.symbol for op in vars(ops).values() if isinstance(op, Op)}
    used = {*UNARY, *BINARY, *NARY}
    assert used == table
