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

from hypothesis import HealthCheck, Phase, assume, given, settings
from trees import Call, Case, Tree, Var, build, cases, ops_in

from scalargrad import (
    OPS,
    DomainError,
    ScalarOverflowError,
    Value,
    grad,
    hessian,
    topological_order,
)
from scalargrad.ops import MUL

STEP = 1e-4  # central-difference step
STEEP = 1e2  # a larger local derivative: too near a domain edge for a difference
BIG = 1e4  # larger values make the differences too noisy to compare


class Rejected(Exception):
    """The point is too close to a kink or a domain edge, or the values run away."""


def evaluate(tree: Tree, xs: tuple[Value, ...]) -> Value:
    out = build(tree, list(xs), {})
    return out if isinstance(out, Value) else Value(out)


def gradient_and_kinks(tree: Tree, point: list[float]) -> tuple[list[float], list[object]]:
    """The analytic gradient at ``point`` and the smooth piece of every gate with kinks."""
    xs = tuple(Value(x) for x in point)
    try:
        out = evaluate(tree, xs)
    except (DomainError, ScalarOverflowError, ZeroDivisionError, OverflowError):
        raise Rejected from None
    pieces: list[object] = []
    for node in topological_order(out):
        gate = node.gate
        if gate is None:
            continue
        if not abs(node.data) < BIG or not all(abs(d) < STEEP for d in node.local_grads):
            raise Rejected
        if gate.piece is not None:
            pieces.append(gate.piece(*(p.data for p in node.parents)))
    return grad(out, list(xs)), pieces


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
    return hessian(lambda *xs: evaluate(tree, xs))(*point)


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
# Re-measured on the table-wide generator of trees.py (2860 accepted cases, every op, the
# STEEP rejection): worst 4.4e-11, in sin of a power tower.
RTOL = 1e-8


def close(analytic: float, numeric: float, scale: float) -> bool:
    return abs(analytic - numeric) <= RTOL * (1.0 + abs(analytic) + scale)


@settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(cases)
def test_hessian_matches_central_differences_of_the_gradient(case: Case) -> None:
    tree, point = case.tree, case.point
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
    x = Var(0)
    tree: Tree = Call(MUL, (x, Call(MUL, (x, x))))  # x³, f'' = 6x
    point = [1.5]
    numeric, scale = numeric_hessian(tree, point, STEP)
    analytic = analytic_hessian(tree, point)
    assert close(analytic[0][0], numeric[0][0], scale)
    assert not close(analytic[0][0] * (1 + 1e-7), numeric[0][0], scale)


def test_every_op_of_the_table_reaches_the_hessian_check() -> None:
    # Each op must appear in trees the property above accepts, or its second derivative
    # would never be tested. A row added to the table is found here.
    checked: set[str] = set()

    @settings(
        max_examples=3000, phases=[Phase.generate], database=None, deadline=None, derandomize=True
    )
    @given(cases)
    def run(case: Case) -> None:
        try:
            numeric_hessian(case.tree, case.point, STEP)
        except Rejected:
            return
        checked.update(ops_in(case.tree))

    run()
    assert set(OPS) - checked == set()
