"""Random expression trees: backward against central differences of a float oracle.

Each tree mixes every op over 1-4 variables and constants, inputs in [-3, 3]. The oracle
(``expr_trees.evaluate``) runs the tree on floats with ``math``; a point is rejected when
it sits at a domain edge, values run away, or a kink (relu/abs at 0, a max/min tie)
changes side within one step of the central difference: the derivative jumps there.
"""

from __future__ import annotations

import pytest
from expr_trees import BINARY_OPS, UNARY_OPS, Expr, Unsafe, build, evaluate, ops_in
from hypothesis import Phase, find, given, reject, settings
from strategies import Case, cases

from scalargrad import Value

H = 1e-6


def oracle(expr: Expr, point: list[float]) -> tuple[float, list[float]]:
    """The value at ``point`` and each partial derivative by central differences."""
    kinks: list[int] = []
    value = evaluate(expr, point, kinks)
    partials = []
    for i in range(len(point)):
        sides = []
        for step in (H, -H):
            moved = list(point)
            moved[i] += step
            moved_kinks: list[int] = []
            sides.append(evaluate(expr, moved, moved_kinks))
            if moved_kinks != kinks:
                raise Unsafe("a kink changes side within one step")
        partials.append((sides[0] - sides[1]) / (2 * H))
    return value, partials


@settings(max_examples=1000, deadline=None)
@given(case=cases)
def test_gradients_match_central_differences(case: Case) -> None:
    try:
        value, partials = oracle(case.expr, case.point)
    except Unsafe:
        reject()
    leaves = [Value(x, label=f"x{i}") for i, x in enumerate(case.point)]
    out = build(case.expr, leaves)
    if not isinstance(out, Value):  # the whole tree is one constant
        out = Value(out)
    assert out.data == pytest.approx(value, rel=1e-9, abs=1e-12)
    out.backward()
    for leaf, numeric in zip(leaves, partials, strict=True):
        assert leaf.grad == pytest.approx(numeric, rel=1e-4, abs=1e-6), leaf.label


@pytest.mark.parametrize("op", UNARY_OPS + BINARY_OPS)
def test_trees_use_every_op(op: str) -> None:
    # Generation only: the first tree using ``op`` is enough, no need to shrink it.
    quick = settings(phases=[Phase.generate], max_examples=500, database=None)
    found = find(cases, lambda case: op in ops_in(case.expr), settings=quick)
    assert op in ops_in(found.expr)
