"""Bad numbers: each raises scalargrad's error (a subclass of the matching built-in) naming
the op, the operands and the domain. Also: extreme inputs, kinks, NaN and inf."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

import scalargrad
from scalargrad import (
    DomainError,
    ScalarGradError,
    ScalarOverflowError,
    ScalarZeroDivisionError,
    Value,
)

BAD: list[tuple[str, Callable[[], object], type[ScalarGradError], type[Exception], list[str]]] = [
    # name, call, scalargrad error, built-in it subclasses, message parts (op, operands, domain)
    ("log(0)", lambda: Value(0.0).log(), DomainError, ValueError, ["log", "0.0", "x > 0"]),
    ("log(-2)", lambda: scalargrad.log(-2), DomainError, ValueError, ["log", "-2.0", "x > 0"]),
    ("sqrt(-1)", lambda: Value(-1.0).sqrt(), DomainError, ValueError, ["sqrt", "-1.0", "x >= 0"]),
    (
        "(-8) ** (1/3)",
        lambda: Value(-8.0) ** (1 / 3),
        DomainError,
        ValueError,
        ["**", "-8.0", "0.333", "base >= 0", "integer exponent"],
    ),
    (
        "(-2) ** Value(0.5)",
        lambda: (-2) ** Value(0.5),
        DomainError,
        ValueError,
        ["**", "-2.0", "0.5", "integer exponent"],
    ),
    (
        "0 ** -1",
        lambda: Value(0.0) ** -1,
        ScalarZeroDivisionError,
        ZeroDivisionError,
        ["**", "0.0", "-1.0", "exponent >= 0"],
    ),
    (
        "Value(1) / 0",
        lambda: Value(1.0) / 0,
        ScalarZeroDivisionError,
        ZeroDivisionError,
        ["/", "1.0", "0.0", "non-zero"],
    ),
    (
        "1 / Value(0)",
        lambda: 1 / Value(0.0),
        ScalarZeroDivisionError,
        ZeroDivisionError,
        ["/", "1.0", "0.0", "non-zero"],
    ),
    (
        "exp(710)",
        lambda: scalargrad.exp(710),
        ScalarOverflowError,
        OverflowError,
        ["exp", "710.0", "709.78"],
    ),
    (
        "1e308 ** 2",
        lambda: Value(1e308) ** 2,
        ScalarOverflowError,
        OverflowError,
        ["**", "1e+308", "2.0", "largest float"],
    ),
]


@pytest.mark.parametrize(
    ("name", "call", "error", "builtin", "parts"), BAD, ids=[b[0] for b in BAD]
)
def test_bad_numbers_raise_a_clear_error(
    name: str,
    call: Callable[[], object],
    error: type[ScalarGradError],
    builtin: type[Exception],
    parts: list[str],
) -> None:
    with pytest.raises(error) as caught:
        call()
    assert isinstance(caught.value, builtin)
    assert isinstance(caught.value, ScalarGradError)
    message = str(caught.value)
    for part in parts:
        assert part in message, f"{part!r} missing from {message!r}"
    assert "math domain error" not in message


def test_builtin_except_clauses_still_catch() -> None:
    with pytest.raises(ValueError):
        Value(-1.0).log()
    with pytest.raises(ZeroDivisionError):
        Value(1.0) / 0.0
    with pytest.raises(OverflowError):
        Value(1000.0).exp()


@pytest.mark.parametrize("base", [-8.0, -1.0, -0.5])
@pytest.mark.parametrize("exponent", [1 / 3, 0.5, -2.5])
def test_never_a_complex_number(base: float, exponent: float) -> None:
    with pytest.raises(DomainError):
        Value(base) ** exponent


@pytest.mark.parametrize(("base", "exponent", "expected"), [(-2.0, 3, -8.0), (-2.0, -2, 0.25)])
def test_negative_base_to_an_integer_power_is_fine(
    base: float, exponent: int, expected: float
) -> None:
    x = Value(base)
    y = x**exponent
    y.backward()
    assert y.data == expected
    assert type(y.data) is float
    assert x.grad == exponent * base ** (exponent - 1)


def test_exp_just_below_the_limit() -> None:
    assert Value(709.78).exp().data == pytest.approx(math.exp(709.78), rel=1e-15)


# ---- stable sigmoid and tanh ----------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "sigmoid", "tanh"),
    [(1000.0, 1.0, 1.0), (-1000.0, 0.0, -1.0), (1e308, 1.0, 1.0), (-1e308, 0.0, -1.0)],
)
def test_sigmoid_and_tanh_saturate_without_overflow(x: float, sigmoid: float, tanh: float) -> None:
    for f, expected in ((Value.sigmoid, sigmoid), (Value.tanh, tanh)):
        v = Value(x)
        out = f(v)
        out.backward()
        assert out.data == expected
        assert v.grad == 0.0  # flat out there, and finite


def test_sigmoid_keeps_its_precision_far_out() -> None:
    assert Value(-30.0).sigmoid().data == pytest.approx(math.exp(-30.0) / (1 + math.exp(-30.0)))
    v = Value(-700.0)
    s = v.sigmoid()
    s.backward()
    assert s.data == pytest.approx(math.exp(-700.0), rel=1e-12)
    assert v.grad == pytest.approx(math.exp(-700.0), rel=1e-12)


# ---- kinks ----------------------------------------------------------------------------


def test_relu_and_abs_at_zero_have_derivative_zero() -> None:
    for f in (Value.relu, Value.abs):
        x = Value(0.0)
        f(x).backward()
        assert x.grad == 0.0


@pytest.mark.parametrize("name", ["max", "min"])
def test_ties_split_the_gradient_half_and_half(name: str) -> None:
    a, b = Value(2.0), Value(2.0)
    out = getattr(scalargrad, name)(a, b)
    out.backward()
    assert (a.grad, b.grad) == (0.5, 0.5)
    c = Value(2.0)
    same = getattr(c, name)(c)  # a tie with itself still sends the whole gradient to c
    same.backward()
    assert c.grad == 1.0


# ---- NaN and inf are carried as Python carries them -----------------------------------

NAN, INF = float("nan"), float("inf")


@pytest.mark.parametrize(
    "f",
    [
        Value.exp,
        Value.log,
        Value.sqrt,
        Value.tanh,
        Value.sigmoid,
        Value.abs,
        Value.relu,
        lambda v: v + 1,
        lambda v: 2 * v,
        lambda v: v / 3,
        lambda v: v**2,
        lambda v: -v,
    ],
)
def test_nan_in_nan_out(f: Callable[[Value], Value]) -> None:
    assert math.isnan(f(Value(NAN)).data)


@pytest.mark.parametrize(
    ("f", "x", "expected"),
    [
        (Value.exp, INF, INF),
        (Value.exp, -INF, 0.0),
        (Value.log, INF, INF),
        (Value.sqrt, INF, INF),
        (Value.tanh, -INF, -1.0),
        (Value.sigmoid, INF, 1.0),
        (Value.sigmoid, -INF, 0.0),
        (Value.relu, INF, INF),
        (Value.abs, -INF, INF),
        (lambda v: v * 2, INF, INF),
        (lambda v: 1 / v, INF, 0.0),
        (lambda v: v * 1e10, 1e300, INF),  # float multiplication overflows to inf
    ],
)
def test_inf_is_carried(f: Callable[[Value], Value], x: float, expected: float) -> None:
    assert f(Value(x)).data == expected


def test_nan_gradient_stays_nan() -> None:
    x = Value(NAN)
    x.sqrt().backward()
    assert math.isnan(x.grad)


def test_max_and_min_carry_nan_whichever_side_it_is_on() -> None:
    nan = float("nan")
    for a, b in ((nan, 1.0), (1.0, nan)):
        assert math.isnan(Value(a).max(b).data)
        assert math.isnan(Value(a).min(b).data)


def test_minus_infinity_to_a_fractional_power_is_carried_as_python_does() -> None:
    assert (Value(-math.inf) ** 0.5).data == (-math.inf) ** 0.5 == math.inf
