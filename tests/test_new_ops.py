"""The everyday-maths ops against float64 central differences and PyTorch's conventions.

Every unary op of the table added with them (sin ... cbrt) is checked at smooth points
against a central difference of ``math``; then kinks, domain edges and ±inf inputs get the
numbers PyTorch float64 gives (written here as constants, so the suite needs no PyTorch).
"""

from __future__ import annotations

import math

import pytest

import scalargrad as sg
from scalargrad import DomainError, ScalarOverflowError, Value, derivative, gradgradcheck

H = 1e-6

# op name -> (a float64 reference, points away from kinks and edges)
SMOOTH: dict[str, tuple[object, list[float]]] = {
    "sin": (math.sin, [-2.5, -0.3, 0.0, 1.0, 3.0]),
    "cos": (math.cos, [-2.5, -0.3, 0.0, 1.0, 3.0]),
    "tan": (math.tan, [-1.2, -0.3, 0.0, 0.7, 1.3]),
    "asin": (math.asin, [-0.95, -0.3, 0.0, 0.5, 0.9]),
    "acos": (math.acos, [-0.95, -0.3, 0.0, 0.5, 0.9]),
    "atan": (math.atan, [-30.0, -1.0, 0.0, 0.5, 4.0]),
    "sinh": (math.sinh, [-3.0, -0.5, 0.0, 1.0, 5.0]),
    "cosh": (math.cosh, [-3.0, -0.5, 0.0, 1.0, 5.0]),
    "log1p": (math.log1p, [-0.9, -1e-3, 0.0, 1e-8, 2.0, 50.0]),
    "expm1": (math.expm1, [-5.0, -1e-3, 0.0, 1e-8, 2.0]),
    "softplus": (lambda x: math.log1p(math.exp(x)), [-20.0, -1.0, 0.0, 1.0, 20.0]),
    "erf": (math.erf, [-2.0, -0.5, 0.0, 0.3, 1.5]),
    "cbrt": (lambda x: math.copysign(abs(x) ** (1 / 3), x), [-27.0, -0.5, 0.3, 8.0]),
}


@pytest.mark.parametrize("name", list(SMOOTH))
def test_value_and_gradient_match_float64_central_differences(name: str) -> None:
    reference, points = SMOOTH[name]
    assert callable(reference)
    for x in points:
        leaf = Value(x)
        out = getattr(leaf, name)()
        assert out.data == pytest.approx(reference(x), rel=1e-14, abs=1e-15)
        out.backward()
        numeric = (reference(x + H) - reference(x - H)) / (2 * H)
        assert leaf.grad == pytest.approx(numeric, rel=1e-6, abs=1e-8), (name, x)


@pytest.mark.parametrize("name", list(SMOOTH))
def test_second_derivatives_match_central_differences(name: str) -> None:
    for x in SMOOTH[name][1]:
        if name == "cbrt" and abs(x) < 0.4:
            continue  # cbrt'' = -2/9 x^(-5/3) is too steep near 0 for a difference
        assert gradgradcheck(lambda v: getattr(sg, name)(v), x, rtol=1e-5, atol=1e-6), (name, x)


def test_derivatives_of_sin_are_exact() -> None:
    assert derivative(sg.sin, 2)(1.0) == -math.sin(1.0)
    assert derivative(sg.sin, 4)(0.7) == math.sin(0.7)
    assert derivative(sg.cos, 3)(0.4) == math.sin(0.4)


def test_newton_on_cos_x_minus_x() -> None:
    x = 1.0
    df = derivative(lambda v: sg.cos(v) - v, 1)
    for _ in range(6):
        x -= (math.cos(x) - x) / df(x)
    assert x == pytest.approx(0.7390851332151607, abs=1e-15)


def test_cbrt_of_negative_numbers_is_real() -> None:
    assert sg.cbrt(-8).data == -2.0
    assert sg.cbrt(27.0).data == 3.0
    x = Value(-8.0)
    x.cbrt().backward()
    assert x.grad == pytest.approx(1 / 12)


# ---- edges, kinks and infinities: the numbers PyTorch float64 gives --------------------

# (op, input, value, gradient) from torch.float64: torch.sin(inf) is nan, asin'(1) is inf ...
EDGES = [
    ("sin", math.inf, math.nan, math.nan),
    ("cos", -math.inf, math.nan, math.nan),
    ("tan", math.inf, math.nan, math.nan),
    ("asin", 1.0, math.pi / 2, math.inf),
    ("asin", -1.0, -math.pi / 2, math.inf),
    ("acos", 1.0, 0.0, -math.inf),
    ("acos", -1.0, math.pi, -math.inf),
    ("atan", math.inf, math.pi / 2, 0.0),
    ("atan", -math.inf, -math.pi / 2, 0.0),
    ("sinh", math.inf, math.inf, math.inf),
    ("cosh", -math.inf, math.inf, -math.inf),
    ("tanh", math.inf, 1.0, 0.0),
    ("log1p", math.inf, math.inf, 0.0),
    ("expm1", -math.inf, -1.0, 0.0),
    ("expm1", math.inf, math.inf, math.inf),
    ("softplus", math.inf, math.inf, 1.0),
    ("softplus", -math.inf, 0.0, 0.0),
    ("softplus", 800.0, 800.0, 1.0),
    ("softplus", -800.0, 0.0, 0.0),
    ("erf", math.inf, 1.0, 0.0),
    ("erf", -math.inf, -1.0, 0.0),
    ("cbrt", 0.0, 0.0, math.inf),
    ("cbrt", math.inf, math.inf, 0.0),
    ("cbrt", -math.inf, -math.inf, 0.0),
    ("relu", 0.0, 0.0, 0.0),
    ("abs", 0.0, 0.0, 0.0),
    ("sqrt", 0.0, 0.0, math.inf),
    ("sin", math.nan, math.nan, math.nan),
    ("relu", math.nan, math.nan, 0.0),
]


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b or a == pytest.approx(b, rel=1e-15)


@pytest.mark.parametrize(("name", "x", "value", "slope"), EDGES)
def test_edges_follow_pytorch(name: str, x: float, value: float, slope: float) -> None:
    leaf = Value(x)
    out = getattr(leaf, name)()
    out.backward()
    assert _same(out.data, value), (name, x, out.data)
    assert _same(leaf.grad, slope), (name, x, leaf.grad)


LEAKY = [  # (x, slope, value, d/dx, d/dslope) as torch leaky_relu / prelu give them
    (2.0, 0.1, 2.0, 1.0, 0.0),
    (-2.0, 0.1, -0.2, 0.1, -2.0),
    (0.0, 0.1, 0.0, 0.1, 0.0),
    (math.nan, 0.1, math.nan, 0.1, math.nan),
]


@pytest.mark.parametrize(("x", "slope", "value", "dx", "dslope"), LEAKY)
def test_leaky_relu_follows_pytorch(
    x: float, slope: float, value: float, dx: float, dslope: float
) -> None:
    xv, sv = Value(x), Value(slope)
    out = sg.leaky_relu(xv, sv)
    out.backward()
    assert _same(out.data, value) and _same(xv.grad, dx) and _same(sv.grad, dslope)


def test_leaky_relu_default_slope_is_one_hundredth() -> None:
    x = Value(-3.0)
    out = x.leaky_relu()
    out.backward()
    assert (out.data, x.grad) == (-0.03, 0.01)
    assert sg.expr("leaky_relu(x)", x=-3)[0].data == -0.03


CLAMP = [  # (x, value, d/dx, d/dlo, d/dhi) for clamp(x, -1, 1), as torch.clamp gives d/dx
    (0.5, 0.5, 1.0, 0.0, 0.0),
    (-1.0, -1.0, 1.0, 0.0, 0.0),  # a bound itself passes the gradient
    (1.0, 1.0, 1.0, 0.0, 0.0),
    (-3.0, -1.0, 0.0, 1.0, 0.0),
    (3.0, 1.0, 0.0, 0.0, 1.0),
    (math.inf, 1.0, 0.0, 0.0, 1.0),
    (math.nan, math.nan, 0.0, 0.0, 0.0),
]


@pytest.mark.parametrize(("x", "value", "dx", "dlo", "dhi"), CLAMP)
def test_clamp_routes_like_pytorch(
    x: float, value: float, dx: float, dlo: float, dhi: float
) -> None:
    xv, lo, hi = Value(x), Value(-1.0), Value(1.0)
    out = xv.clamp(lo, hi)
    out.backward()
    assert _same(out.data, value)
    assert (xv.grad, lo.grad, hi.grad) == (dx, dlo, dhi)


def test_clamp_outside_masks_an_infinite_gradient() -> None:
    x = Value(-3.0)
    out = sg.sqrt(sg.clamp(x, 0, 1)) + x
    out.backward()
    assert x.grad == 1.0  # clamp's 0 masks sqrt's infinite slope at 0


# ---- bad inputs: the error names the op, the input and the domain -----------------------

DOMAIN = [
    ("asin", 2.0, r"asin of a number outside \[-1, 1\]: asin\(2\.0\); asin needs -1 <= x <= 1"),
    ("asin", -1.5, r"asin\(-1\.5\); asin needs -1 <= x <= 1"),
    ("acos", 1.0000001, r"acos\(1\.0000001\); acos needs -1 <= x <= 1"),
    ("asin", math.inf, r"asin\(inf\); asin needs -1 <= x <= 1"),
    ("log1p", -1.0, r"log1p of a number <= -1: log1p\(-1\.0\); log1p needs x > -1"),
    ("log1p", -math.inf, r"log1p\(-inf\); log1p needs x > -1"),
]


@pytest.mark.parametrize(("name", "x", "message"), DOMAIN)
def test_out_of_domain_names_op_input_and_domain(name: str, x: float, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        getattr(Value(x), name)()
    with pytest.raises(DomainError, match=message):
        getattr(sg, name)(x)
    with pytest.raises(DomainError, match=message):
        sg.expr(f"{name}(x)", x=x)


@pytest.mark.parametrize(("name", "x"), [("sinh", 711.0), ("cosh", -711.0), ("expm1", 710.0)])
def test_overflow_names_op_and_limit(name: str, x: float) -> None:
    with pytest.raises(ScalarOverflowError, match=rf"^{name} overflow: {name}\({x!r}\).*<= 7"):
        getattr(Value(x), name)()


def test_clamp_bounds_out_of_order() -> None:
    with pytest.raises(DomainError, match=r"clamp\(0\.5, 2\.0, 1\.0\); clamp needs lo <= hi"):
        sg.clamp(0.5, 2, 1)
    with pytest.raises(DomainError, match="clamp needs lo <= hi"):
        sg.clamp(0.5, math.nan, 1)


@pytest.mark.parametrize("bad", ["a", None, True, [1.0]])
def test_ops_refuse_non_numbers_by_name(bad: object) -> None:
    with pytest.raises(
        TypeError, match=rf"^sin: input 0 must be a Value or a real number.*{type(bad).__name__}"
    ):
        sg.sin(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^clamp: input 2 must be a Value or a real number"):
        sg.clamp(Value(0.0), -1, bad)  # type: ignore[arg-type]
