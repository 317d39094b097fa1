"""``gradgradcheck``: passes on the op table, catches a local rule that drops the graph."""

from __future__ import annotations

import doctest

import pytest

import scalargrad.gradients
from scalargrad import GradcheckError, Op, Value, apply, gradgradcheck


def _number(x: object) -> float:
    """What a careless rule does: take the number out of a Value (and so drop its graph)."""
    return x.data if isinstance(x, Value) else x  # type: ignore[return-value]


# A cube gate whose local rule is right as a number but turns a Value into a float: its
# first derivative is right, its second derivative is lost (0 instead of 6x).
CUBE_NUMBERS_ONLY = Op(
    "cube", "x³, rule on numbers only", lambda x: x**3, lambda out, x: (3.0 * _number(x) ** 2,)
)
CUBE = Op("cube", "x³", lambda x: x**3, lambda out, x: (3.0 * x * x,))

# x y², whose rule for y keeps y but drops x: d²/dx dy comes out 0 one way round.
XYY_HALF = Op(
    "xyy",
    "x y², d/dy rule drops x",
    lambda x, y: x * y * y,
    lambda out, x, y: (y * y, 2.0 * _number(x) * y),
)


def test_passes_on_functions_built_from_the_table() -> None:
    assert gradgradcheck(lambda x: x**3, 1.3)
    assert gradgradcheck(lambda x, y: (x * y).tanh() + x.exp() / y, 0.3, 1.2)
    assert gradgradcheck(lambda x, y, z: (x * x + y).sqrt() * z.sigmoid() - (y**z), 0.5, 2, -0.7)
    assert gradgradcheck(lambda x, y: (x * y).relu() + x.max(y) * y, 1.0, 2.0)
    assert gradgradcheck(lambda x: apply(CUBE, x), -0.8)


def test_catches_a_rule_that_drops_the_value() -> None:
    x = Value(1.5, "x")
    with pytest.raises(GradcheckError) as caught:
        gradgradcheck(lambda v: apply(CUBE_NUMBERS_ONLY, v), x)
    message = str(caught.value)
    assert "d²f/d(x)d(x)" in message
    assert "x = 1.5" in message
    assert "analytic 0.0" in message
    numeric = float(message.rsplit(" ", 1)[1])
    assert numeric == pytest.approx(9.0, rel=1e-6)  # 6x = 9 at 1.5


def test_names_the_pair_of_inputs_of_a_wrong_mixed_partial() -> None:
    # d²/dx dy of x y² is 2y = 4 at y = 2; the broken rule gives 0 for d/dx (d/dy f).
    with pytest.raises(GradcheckError, match=r"d²f/d\(input 1\)d\(input 0\).*analytic 0\.0"):
        gradgradcheck(lambda x, y: apply(XYY_HALF, x, y), 0.5, 2.0)


def test_bad_arguments() -> None:
    with pytest.raises(TypeError, match="at least one input"):
        gradgradcheck(lambda x: x)
    with pytest.raises(TypeError, match="f must return a Value, got float"):
        gradgradcheck(lambda x: 1.0, 2.0)
    with pytest.raises(ValueError, match="eps must be > 0"):
        gradgradcheck(lambda x: x * x, 2.0, eps=0.0)
    with pytest.raises(TypeError, match="input 0 must be a real number"):
        gradgradcheck(lambda x: x * x, "2")  # type: ignore[arg-type]


def test_docstring_examples_run() -> None:
    result = doctest.testmod(scalargrad.gradients)
    assert result.attempted >= 2 and result.failed == 0
