"""Second and third derivatives from the op table, against their closed forms."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from scalargrad import Value, derivative, grad, hessian, sigmoid

Fn = Callable[[Value], Value]


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


def _tanh_derivatives(x: float) -> tuple[float, float]:
    t = math.tanh(x)
    return -2.0 * t * (1 - t * t), -2.0 * (1 - t * t) * (1 - 3 * t * t)


def _sigmoid_derivatives(x: float) -> tuple[float, float]:
    s = 1.0 / (1.0 + math.exp(-x))
    return s * (1 - s) * (1 - 2 * s), s * (1 - s) * (1 - 6 * s + 6 * s * s)


# name, f, points, (f'', f''') as functions of x
CASES: list[tuple[str, Fn, list[float], Callable[[float], tuple[float, float]]]] = [
    ("x**3", lambda x: x**3, [-2.0, -0.5, 0.7, 3.0], lambda x: (6 * x, 6.0)),
    ("x*x*x", lambda x: x * x * x, [-2.0, -0.5, 0.7, 3.0], lambda x: (6 * x, 6.0)),
    ("exp", Value.exp, [-1.0, 0.0, 2.0], lambda x: (math.exp(x), math.exp(x))),
    ("log", Value.log, [0.3, 1.0, 4.0], lambda x: (-1 / x**2, 2 / x**3)),
    ("tanh", Value.tanh, [-1.5, 0.0, 0.4, 2.0], _tanh_derivatives),
    ("sigmoid", sigmoid, [-3.0, 0.0, 0.8, 2.5], _sigmoid_derivatives),
    ("sqrt", Value.sqrt, [0.25, 1.0, 9.0], lambda x: (-0.25 * x**-1.5, 0.375 * x**-2.5)),
    ("1/x", lambda x: 1.0 / x, [-2.0, 0.5, 3.0], lambda x: (2 / x**3, -6 / x**4)),
    ("x**-1", lambda x: x**-1, [-2.0, 0.5, 3.0], lambda x: (2 / x**3, -6 / x**4)),
    ("2**x", lambda x: 2.0**x, [-1.0, 0.5, 2.0], lambda x: (2**x * math.log(2) ** 2,
                                                          2**x * math.log(2) ** 3)),
]


@pytest.mark.parametrize(("name", "f", "points", "expected"), CASES, ids=[c[0] for c in CASES])
def test_second_and_third_derivatives(
    name: str, f: Fn, points: list[float], expected: Callable[[float], tuple[float, float]]
) -> None:
    for x in points:
        second, third = expected(x)
        assert close(derivative(f, 2)(x), second), (name, x)
        assert close(derivative(f, 3)(x), third), (name, x)


def test_first_derivative_and_order_zero() -> None:
    assert derivative(lambda x: x**3)(2.0) == 12.0
    assert derivative(lambda x: x**3, 0)(2.0) == 8.0
    assert derivative(lambda x: x**4, 4)(-1.3) == 24.0
    assert derivative(lambda x: x**4, 5)(-1.3) == 0.0


@pytest.mark.parametrize(("x", "y"), [(0.5, 3.0), (2.0, -1.5), (1.7, 0.3), (3.0, 2.0)])
def test_power_in_both_arguments(x: float, y: float) -> None:
    h = hessian(lambda a, b: a**b)(x, y)
    ln = math.log(x)
    dxx = y * (y - 1) * x ** (y - 2)
    dxy = x ** (y - 1) * (1 + y * ln)
    dyy = x**y * ln * ln
    assert close(h[0][0], dxx)
    assert close(h[0][1], dxy)
    assert close(h[1][0], dxy)
    assert close(h[1][1], dyy)
    # Third derivatives along each argument, the other held at its value.
    assert close(derivative(lambda a: a**y, 3)(x), y * (y - 1) * (y - 2) * x ** (y - 3))
    assert close(derivative(lambda b: x**b, 3)(y), x**y * ln**3)
    # A mixed third derivative, d³/dx²dy, by chaining grad by hand.
    a, b = Value(x), Value(y)
    da = grad(a**b, a, create_graph=True)[0]
    daa = grad(da, a, create_graph=True)[0]
    daab = grad(daa, b)[0]
    assert close(daab, (2 * y - 1) * x ** (y - 2) + y * (y - 1) * x ** (y - 2) * ln)


def test_hessian_of_a_three_argument_function() -> None:
    # f = x² y + y z³ + exp(x z)
    x, y, z = 0.7, -1.2, 0.4
    h = hessian(lambda a, b, c: a * a * b + b * c**3 + (a * c).exp())(x, y, z)
    e = math.exp(x * z)
    expected = [
        [2 * y + z * z * e, 2 * x, e + x * z * e],
        [2 * x, 0.0, 3 * z * z],
        [e + x * z * e, 3 * z * z, 6 * y * z + x * x * e],
    ]
    for i in range(3):
        for j in range(3):
            assert close(h[i][j], expected[i][j]), (i, j)


# ---- piecewise-linear gates: second derivative 0 away from the kink, as PyTorch ---------


@pytest.mark.parametrize("x", [-2.0, -0.5, 0.5, 2.0])
def test_relu_and_abs_second_derivative_is_zero(x: float) -> None:
    assert derivative(Value.relu, 1)(x) == (1.0 if x > 0 else 0.0)
    assert derivative(Value.abs, 1)(x) == (1.0 if x > 0 else -1.0)
    for f in (Value.relu, Value.abs):
        assert derivative(f, 2)(x) == 0.0
        assert derivative(f, 3)(x) == 0.0


@pytest.mark.parametrize("x", [-2.0, -0.5, 0.5, 2.0])
def test_max_and_min_second_derivative_is_zero(x: float) -> None:
    assert derivative(lambda v: v.max(0.1), 1)(x) == (1.0 if x > 0.1 else 0.0)
    assert derivative(lambda v: v.min(0.1), 1)(x) == (1.0 if x < 0.1 else 0.0)
    assert derivative(lambda v: v.max(0.1), 2)(x) == 0.0
    assert derivative(lambda v: v.min(0.1), 2)(x) == 0.0
    assert hessian(lambda a, b: a.max(b))(x, 0.1) == [[0.0, 0.0], [0.0, 0.0]]
    assert hessian(lambda a, b: a.min(b))(x, 0.1) == [[0.0, 0.0], [0.0, 0.0]]


def test_kinked_gates_still_pass_curvature_through() -> None:
    # The constant local derivative of a kinked gate multiplies the curvature that
    # flows through it; it does not cut the graph.
    assert derivative(lambda x: x.relu() * x, 2)(1.5) == 2.0
    assert derivative(lambda x: x.relu() * x, 2)(-1.5) == 0.0
    assert close(derivative(lambda x: x.abs() ** 3, 2)(-0.5), 6 * 0.5)
    assert close(derivative(lambda x: (x * x).max(x), 2)(3.0), 2.0)
    assert derivative(lambda x: (x * x).max(x), 2)(0.5) == 0.0  # x wins: linear
    assert hessian(lambda a, b: (a * a).min(b * b * b))(1.0, 2.0) == [[2.0, 0.0], [0.0, 0.0]]


def test_at_the_kink_the_conventions_hold() -> None:
    assert derivative(Value.relu)(0.0) == 0.0
    assert derivative(Value.abs)(0.0) == 0.0
    assert derivative(lambda x: x.max(0.0))(0.0) == 0.5
    for f in (Value.relu, Value.abs, lambda x: x.max(0.0), lambda x: x.min(0.0)):
        assert derivative(f, 2)(0.0) == 0.0
