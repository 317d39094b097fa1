"""Random expression trees over the whole op table: backward against central differences.

Each tree mixes the table's ops (``trees.py`` reads ``scalargrad.OPS``) over 1-4
variables and constants, inputs in [-3, 3]. The oracle (``trees.evaluate``) runs the tree
on floats with ``math``; a point is rejected when it sits at a domain edge, values run
away, a kink (``Op.piece``: relu/abs at 0, a max/min tie, a clamp bound) changes side
within one step of the central difference, or the difference is not stable there (two
step sizes disagree: the slope is near infinite, as sqrt or asin near an edge).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, Phase, given, reject, settings
from trees import ORACLE, Case, Unsafe, build, cases, evaluate, ops_in

from scalargrad import OPS, Value

H = 1e-6


def _partial(case: Case, i: int, h: float, pieces: list[object]) -> float:
    sides = []
    for step in (h, -h):
        moved = list(case.point)
        moved[i] += step
        moved_pieces: list[object] = []
        sides.append(evaluate(case.tree, moved, moved_pieces))
        if moved_pieces != pieces:
            raise Unsafe("a kink changes side within one step")
    return (sides[0] - sides[1]) / (2 * h)


def oracle(case: Case) -> tuple[float, list[float]]:
    """The value at the point and each partial derivative by central differences."""
    pieces: list[object] = []
    value = evaluate(case.tree, case.point, pieces)
    partials = []
    for i in range(len(case.point)):
        fine, coarse = _partial(case, i, H, pieces), _partial(case, i, 10 * H, pieces)
        if not math.isclose(fine, coarse, rel_tol=1e-4, abs_tol=1e-6):
            raise Unsafe("the central difference is not stable here")
        partials.append(fine)
    return value, partials


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(case=cases)
def test_gradients_match_central_differences(case: Case) -> None:
    try:
        value, partials = oracle(case)
    except Unsafe:
        reject()
    leaves = [Value(x, label=f"x{i}") for i, x in enumerate(case.point)]
    out = build(case.tree, leaves, {})
    if not isinstance(out, Value):  # the whole tree is one constant
        out = Value(out)
    assert out.data == pytest.approx(value, rel=1e-9, abs=1e-12)
    out.backward()
    for leaf, numeric in zip(leaves, partials, strict=True):
        assert leaf.grad == pytest.approx(numeric, rel=1e-4, abs=1e-6), leaf.label


def test_every_op_has_an_oracle() -> None:
    assert set(ORACLE) == set(OPS)


def test_every_op_of_the_table_is_drawn_and_checked() -> None:
    # Drawn is not enough: each op must also appear in trees that pass the oracle's checks,
    # or the property above would never test it. A row added to the table is found here.
    drawn: set[str] = set()
    checked: set[str] = set()

    @settings(
        max_examples=3000, phases=[Phase.generate], database=None, deadline=None, derandomize=True
    )
    @given(case=cases)
    def run(case: Case) -> None:
        used = ops_in(case.tree)
        drawn.update(used)
        try:
            oracle(case)
        except Unsafe:
            return
        checked.update(used)

    run()
    assert set(OPS) - drawn == set()
    assert set(OPS) - checked == set()
