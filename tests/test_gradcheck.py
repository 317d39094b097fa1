"""gradcheck: True when backward agrees with central differences, a named error when not."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

import scalargrad
from scalargrad import GradcheckError, Op, Value, apply, gradcheck


def smooth(x: Value, y: Value, z: Value) -> Value:
    return (x * y).tanh() + x.exp() / y - (z**2 + 1).log().sqrt() + scalargrad.sigmoid(z * x)


def test_true_on_correct_gradients() -> None:
    assert gradcheck(smooth, 0.3, 1.7, -0.4) is True
    assert gradcheck(lambda a: a * a * a, Value(2.0, "a")) is True
    assert gradcheck(lambda a, b: scalargrad.max(a, b) * 3, 1.0, 2.0) is True


def test_inputs_are_left_untouched() -> None:
    x = Value(0.3, "x")
    gradcheck(lambda a: a.exp(), x)
    assert (x.data, x.grad) == (0.3, 0.0)


def test_relu_at_its_kink_is_caught() -> None:
    # relu'(0) is 0 by convention; the central difference sees the average slope 0.5.
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda v: v.relu(), Value(0.0, "x"))
    message = str(caught.value)
    assert "x = 0.0" in message
    assert "analytic gradient 0.0" in message
    assert "numeric" in message and "0.5" in message


# A deliberately wrong gate: x² with local derivative x instead of 2x.
WRONG_SQUARE = Op("sq", "Square with a wrong derivative", lambda x: x * x, lambda out, x: (x,))


def test_a_wrong_local_derivative_is_caught_naming_the_input() -> None:
    assert apply(WRONG_SQUARE, 3.0).data == 9.0
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda a, b: a + apply(WRONG_SQUARE, b), 1.0, 3.0)
    message = str(caught.value)
    assert "input 1 = 3.0" in message  # the first input is right; the second is named
    assert "analytic gradient 3.0" in message
    assert "numeric" in message
    numeric = float(message.rsplit(" ", 1)[1])
    assert numeric == pytest.approx(6.0, rel=1e-6)


def test_gradcheck_error_is_an_assertion_error() -> None:
    assert issubclass(GradcheckError, AssertionError)


def test_f_must_return_a_value() -> None:
    with pytest.raises(TypeError, match="must return a Value, got float"):
        gradcheck(lambda v: 1.0, 2.0)  # type: ignore[arg-type, return-value]


def test_inputs_must_be_numbers() -> None:
    with pytest.raises(TypeError, match=r"gradcheck input 0.*got str"):
        gradcheck(lambda v: v, "2")  # type: ignore[arg-type]


@pytest.mark.parametrize("check", [gradcheck, scalargrad.gradgradcheck])
@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"eps": 0.0}, ValueError, r"eps must be > 0 \(and finite\), got 0\.0"),
        ({"eps": math.nan}, ValueError, r"eps must be > 0 \(and finite\), got nan"),
        ({"eps": "small"}, TypeError, r"eps must be a number > 0, got str 'small'"),
        ({"atol": -1e-5}, ValueError, r"atol must be >= 0 \(and finite\), got -1e-05"),
        ({"rtol": None}, TypeError, r"rtol must be a number >= 0, got NoneType"),
    ],
)
def test_bad_step_or_tolerance_is_named(
    check: Callable[..., bool], arguments: dict[str, object], error: type, message: str
) -> None:
    with pytest.raises(error, match=rf"^{check.__name__}: {message}"):
        check(lambda a: a * a * a, 2.0, **arguments)


@pytest.mark.parametrize("check", [gradcheck, scalargrad.gradgradcheck])
def test_f_must_be_callable_and_take_at_least_one_input(check: Callable[..., bool]) -> None:
    with pytest.raises(TypeError, match=rf"^{check.__name__}: f must be callable, got int"):
        check(3, 2.0)
    with pytest.raises(TypeError, match=rf"^{check.__name__}: give at least one input"):
        check(lambda: Value(1.0))
