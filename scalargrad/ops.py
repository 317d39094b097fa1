"""The op table: every gate the engine has, one ``Op`` row each (fields in ``op.py``).

Each row keeps the forward rule and the local derivatives side by side. Adding an op
means adding one row here (``OPS`` collects every row of this module) and, if it should
have one, a ``Value`` method; ``scalargrad.<name>``, expressions, the command line, the
drawings, the step captions and the random-tree tests all find it in ``OPS``.

Conventions at kinks, ties, NaN and infinities are PyTorch's (float64); where this
table differs, its row says so and so does the README.
"""

from __future__ import annotations

import math
import operator
import sys
from collections.abc import Callable
from functools import reduce
from types import MappingProxyType
from typing import Any

from .errors import DomainError, ScalarOverflowError, ScalarZeroDivisionError
from .op import Op, Scalar, number

Unary = Callable[[float], float]
# NumPy and its arrays, in the vector rules (vforward, vlocal); this module never imports it.
Xp = Any
Array = Any

# ---- arithmetic -------------------------------------------------------------------

ADD = Op(
    "+", "Addition $f(x, y) = x + y$", operator.add, lambda out, x, y: (1.0, 1.0),
    infix=1, folds=True, trusted=True,
    vforward=lambda xp, x, y: x + y, vlocal=lambda xp, out, x, y: (1.0, 1.0),
)

SUB = Op(
    "-", "Subtraction $f(x, y) = x - y$", operator.sub, lambda out, x, y: (1.0, -1.0),
    symbol="−", infix=1, folds=True, trusted=True,
    vforward=lambda xp, x, y: x - y, vlocal=lambda xp, out, x, y: (1.0, -1.0),
)

MUL = Op(
    "*", "Multiplication $f(x, y) = x y$", operator.mul, lambda out, x, y: (y, x),
    symbol="×", infix=2, folds=True, trusted=True,
    vforward=lambda xp, x, y: x * y, vlocal=lambda xp, out, x, y: (y, x),
)

NEG = Op(
    "neg", "Negation $f(x) = -x$ (an expression writes -x, or neg(x))", operator.neg,
    lambda out, x: (-1.0,), symbol="−", folds=True, trusted=True,
    vforward=lambda xp, x: -x, vlocal=lambda xp, out, x: (-1.0,),
)


def _div(x: float, y: float) -> float:
    if y == 0.0:
        raise ScalarZeroDivisionError(
            f"division by zero in '/': {x!r} / {y!r}; the divisor must be non-zero"
        )
    return x / y


DIV = Op(
    "/", "Division $f(x, y) = x / y$", _div, lambda out, x, y: (1.0 / y, -out / y),
    symbol="÷", infix=2, trusted=True,
    vforward=lambda xp, x, y: x / y, vlocal=lambda xp, out, x, y: (1.0 / y, -out / y),
)


def _pow(x: float, y: float) -> float:
    if x == 0.0 and y < 0.0:
        raise ScalarZeroDivisionError(
            f"zero to a negative power in '**': {x!r} ** {y!r}; a base of 0 needs an exponent >= 0"
        )
    if x < 0.0 and not y.is_integer() and math.isfinite(y) and x != -math.inf:
        raise DomainError(
            f"negative base to a non-integer power in '**': {x!r} ** {y!r}; the real "
            "result exists only for a base >= 0 or an integer exponent"
        )
    try:
        result: float = x**y  # float ** float is typed Any: it may be complex, not here
    except OverflowError:
        raise ScalarOverflowError(
            f"result too large in '**': {x!r} ** {y!r} exceeds the largest float "
            f"({sys.float_info.max:.6g})"
        ) from None
    return result


def _pow_local(out: Scalar, x: Scalar, y: Scalar) -> tuple[Scalar, Scalar]:
    xf, yf = number(x), number(y)
    if xf == 0.0 and yf < 1.0:
        # d/dx x**y = y x**(y-1) is infinite at 0 for 0 < y < 1 (y == 0: constant 1).
        dx: Scalar = 0.0 if yf == 0.0 else math.inf
    else:
        try:
            dx = y * x ** (y - 1.0)
        except OverflowError:  # the power itself is finite, its slope is not: ±inf, as PyTorch
            dx = math.copysign(math.inf, yf) * (-1.0 if xf < 0.0 and yf % 2.0 == 0.0 else 1.0)
    if xf > 0.0:
        dy: Scalar = out * LOG.at(x)
    elif xf == 0.0:
        dy = 0.0  # PyTorch's convention: 0**y is flat in y for y > 0
    else:
        dy = math.nan  # x < 0 with an integer y: the real x**y is not differentiable in y
    return dx, dy


def _vpow_local(xp: Xp, out: Array, x: Array, y: Array) -> tuple[Array, Array]:
    # _pow_local on finite arrays (a negative base has an integer exponent here).
    at_zero = (x == 0.0) & (y < 1.0)
    dx = xp.where(at_zero, xp.where(y == 0.0, 0.0, math.inf), y * x ** (y - 1.0))
    dy = xp.where(x > 0.0, out * xp.log(xp.where(x > 0.0, x, 1.0)),
                  xp.where(x == 0.0, 0.0, math.nan))
    return dx, dy


POW = Op(
    "**", "Power $f(x, y) = x^y$", _pow, _pow_local,
    # d/dy changes rule with the base's sign (x log x; 0; NaN for x < 0), so a point
    # whose base crosses 0 within a step has no usable difference.
    symbol="^", infix=3, piece=lambda x, y: (x > 0.0) - (x < 0.0), trusted=True,
    vforward=lambda xp, x, y: x**y, vlocal=_vpow_local,
)


# ---- exponentials and logarithms ----------------------------------------------------

EXP_LIMIT = math.log(sys.float_info.max)  # ~709.78
SINH_LIMIT = math.asinh(sys.float_info.max)  # ~710.48, the same for cosh


def _finite_below(fn: Unary, name: str, finite: str) -> Unary:
    """``fn`` with its OverflowError turned into one that names the op and where it is
    ``finite``."""

    def forward(x: float) -> float:
        try:
            result = fn(x)
        except OverflowError:
            raise ScalarOverflowError(
                f"{name} overflow: {name}({x!r}) exceeds the largest float; {name} is "
                f"finite only for {finite}"
            ) from None
        return result

    return forward


EXP = Op(
    "exp", "Exponential $f(x) = e^x$", _finite_below(math.exp, "exp", f"x <= {EXP_LIMIT:.2f}"),
    lambda out, x: (out,), trusted=True,
    vforward=lambda xp, x: xp.exp(x), vlocal=lambda xp, out, x: (out,),
)

EXPM1 = Op(
    "expm1", "$f(x) = e^x - 1$, exact for small x",
    _finite_below(math.expm1, "expm1", f"x <= {EXP_LIMIT:.2f}"),
    lambda out, x: (out + 1.0,), trusted=True,
    vforward=lambda xp, x: xp.expm1(x), vlocal=lambda xp, out, x: (out + 1.0,),
)


def _ln(x: float) -> float:
    if x <= 0.0:
        raise DomainError(f"log of a non-positive number: log({x!r}); log needs x > 0")
    return math.log(x)


LOG = Op(
    "log", "Natural logarithm $f(x) = \\ln x$", _ln, lambda out, x: (1.0 / x,), trusted=True,
    vforward=lambda xp, x: xp.log(x), vlocal=lambda xp, out, x: (1.0 / x,),
)


def _log1p(x: float) -> float:
    if x <= -1.0:
        raise DomainError(f"log1p of a number <= -1: log1p({x!r}); log1p needs x > -1")
    return math.log1p(x)


LOG1P = Op(
    "log1p", "$f(x) = \\ln(1 + x)$, exact for small x", _log1p,
    lambda out, x: (1.0 / (1.0 + x),), trusted=True,
    vforward=lambda xp, x: xp.log1p(x), vlocal=lambda xp, out, x: (1.0 / (1.0 + x),),
)


def _sqrt(x: float) -> float:
    if x < 0.0:
        raise DomainError(f"sqrt of a negative number: sqrt({x!r}); sqrt needs x >= 0")
    return math.sqrt(x)


SQRT = Op(
    "sqrt", "Square root $f(x) = \\sqrt{x}$", _sqrt,
    # Infinite slope at 0; a NaN input gives a NaN slope (0.5 / nan), not inf.
    lambda out, x: (math.inf,) if number(out) == 0.0 else (0.5 / out,),
    symbol="√", trusted=True,
    vforward=lambda xp, x: xp.sqrt(x),
    vlocal=lambda xp, out, x: (xp.where(out == 0.0, math.inf, 0.5 / out),),
)


def _cbrt(x: float) -> float:
    if x == 0.0 or not math.isfinite(x):
        return x
    y = math.copysign(abs(x) ** (1.0 / 3.0), x)
    return y - (y * y * y - x) / (3.0 * y * y)  # one Newton step: cbrt(27) is 3 exactly


CBRT = Op(
    "cbrt", "Cube root $f(x) = \\sqrt[3]{x}$, defined for every real x",
    _cbrt,  # not math.cbrt (3.11+), whose libm result is off by an ulp for 27
    # Infinite slope at 0, as PyTorch's grad / (3 cbrt(x)^2).
    lambda out, x: (math.inf,) if number(out) == 0.0 else (1.0 / (3.0 * out * out),),
    symbol="∛", trusted=True,
    vforward=lambda xp, x: xp.cbrt(x),
    vlocal=lambda xp, out, x: (xp.where(out == 0.0, math.inf, 1.0 / (3.0 * out * out)),),
)


def _softplus(x: float) -> float:
    # max(x, 0) + log(1 + e^-|x|): exp never overflows; NaN stays NaN.
    return (x if x > 0.0 else 0.0) + math.log1p(math.exp(-abs(x)))


def _sigmoid(x: float) -> float:
    # Two branches so exp never overflows: exp(-|x|) is at most 1.
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _vsigmoid(xp: Xp, x: Array) -> Array:
    e = xp.exp(-xp.abs(x))  # the two branches of _sigmoid at once
    return xp.where(x >= 0.0, 1.0 / (1.0 + e), e / (1.0 + e))


SIGMOID = Op(
    "sigmoid", "Logistic sigmoid $f(x) = 1 / (1 + e^{-x})$", _sigmoid,
    lambda out, x: (out * (1.0 - out),), symbol="σ", trusted=True,
    vforward=_vsigmoid, vlocal=lambda xp, out, x: (out * (1.0 - out),),
)

SOFTPLUS = Op(
    "softplus", "Softplus $f(x) = \\ln(1 + e^x)$, stable for any x", _softplus,
    lambda out, x: (SIGMOID.at(x),), trusted=True,
    vforward=lambda xp, x: xp.maximum(x, 0.0) + xp.log1p(xp.exp(-xp.abs(x))),
    vlocal=lambda xp, out, x: (_vsigmoid(xp, x),),
)


def _erf_local(out: Scalar, x: Scalar) -> tuple[Scalar]:
    return (2.0 / math.sqrt(math.pi) * EXP.at(-(x * x)),)


def _verf(xp: Xp, x: Array) -> Array:
    # NumPy has no erf: math.erf element by element (exactly the scalar rule's numbers).
    return xp.frompyfunc(math.erf, 1, 1)(x).astype(float)


ERF = Op("erf", "Error function $f(x) = \\frac{2}{\\sqrt\\pi}\\int_0^x e^{-t^2} dt$",
         math.erf, _erf_local, trusted=True, vforward=_verf,
         vlocal=lambda xp, out, x: (2.0 / math.sqrt(math.pi) * xp.exp(-(x * x)),))


# ---- trigonometric and hyperbolic -------------------------------------------------------


def _periodic(fn: Unary) -> Unary:
    """``fn`` carrying ±inf to NaN as IEEE and PyTorch do (``math`` raises instead)."""

    def forward(x: float) -> float:
        return fn(x) if math.isfinite(x) else math.nan

    return forward


def _sin_local(out: Scalar, x: Scalar) -> tuple[Scalar]:
    return (COS.at(x),)


SIN = Op("sin", "Sine $f(x) = \\sin x$", _periodic(math.sin), _sin_local, trusted=True,
         vforward=lambda xp, x: xp.sin(x), vlocal=lambda xp, out, x: (xp.cos(x),))

COS = Op("cos", "Cosine $f(x) = \\cos x$", _periodic(math.cos),
         lambda out, x: (-SIN.at(x),), trusted=True,
         vforward=lambda xp, x: xp.cos(x), vlocal=lambda xp, out, x: (-xp.sin(x),))

TAN = Op("tan", "Tangent $f(x) = \\tan x$", _periodic(math.tan),
         lambda out, x: (1.0 + out * out,), trusted=True,
         vforward=lambda xp, x: xp.tan(x), vlocal=lambda xp, out, x: (1.0 + out * out,))


def _arc_domain(name: str) -> Unary:
    fn: Unary = getattr(math, name)

    def forward(x: float) -> float:
        if x < -1.0 or x > 1.0:  # NaN passes and stays NaN
            raise DomainError(
                f"{name} of a number outside [-1, 1]: {name}({x!r}); {name} needs -1 <= x <= 1"
            )
        return fn(x)

    return forward


def _arc_slope(x: Scalar) -> Scalar:
    """1 / sqrt(1 - x^2), infinite at ±1 as in PyTorch."""
    w = (1.0 - x) * (1.0 + x)  # more exact than 1 - x*x near ±1
    return math.inf if number(w) == 0.0 else 1.0 / SQRT.at(w)


def _varc_slope(xp: Xp, x: Array) -> Array:
    w = (1.0 - x) * (1.0 + x)
    return xp.where(w == 0.0, math.inf, 1.0 / xp.sqrt(xp.where(w == 0.0, 1.0, w)))


ASIN = Op("asin", "Inverse sine $f(x) = \\arcsin x$ on [-1, 1]",
          _arc_domain("asin"), lambda out, x: (_arc_slope(x),), trusted=True,
          vforward=lambda xp, x: xp.arcsin(x), vlocal=lambda xp, out, x: (_varc_slope(xp, x),))

ACOS = Op("acos", "Inverse cosine $f(x) = \\arccos x$ on [-1, 1]",
          _arc_domain("acos"), lambda out, x: (-_arc_slope(x),), trusted=True,
          vforward=lambda xp, x: xp.arccos(x), vlocal=lambda xp, out, x: (-_varc_slope(xp, x),))

ATAN = Op("atan", "Inverse tangent $f(x) = \\arctan x$", math.atan,
          lambda out, x: (1.0 / (1.0 + x * x),), trusted=True,
          vforward=lambda xp, x: xp.arctan(x), vlocal=lambda xp, out, x: (1.0 / (1.0 + x * x),))

def _sinh_local(out: Scalar, x: Scalar) -> tuple[Scalar]:
    return (COSH.at(x),)


SINH = Op("sinh", "Hyperbolic sine $f(x) = \\sinh x$",
          _finite_below(math.sinh, "sinh", f"|x| <= {SINH_LIMIT:.2f}"), _sinh_local, trusted=True,
          vforward=lambda xp, x: xp.sinh(x), vlocal=lambda xp, out, x: (xp.cosh(x),))

COSH = Op("cosh", "Hyperbolic cosine $f(x) = \\cosh x$",
          _finite_below(math.cosh, "cosh", f"|x| <= {SINH_LIMIT:.2f}"),
          lambda out, x: (SINH.at(x),), trusted=True,
          vforward=lambda xp, x: xp.cosh(x), vlocal=lambda xp, out, x: (xp.sinh(x),))

TANH = Op("tanh", "Hyperbolic tangent $f(x) = \\tanh x$", math.tanh,
          lambda out, x: (1.0 - out * out,), trusted=True,
          vforward=lambda xp, x: xp.tanh(x), vlocal=lambda xp, out, x: (1.0 - out * out,))


# ---- piecewise-linear gates: constant local derivatives, PyTorch's kink conventions ----


RELU = Op(
    "relu", "Rectifier $f(x) = \\max(x, 0)$, with f'(0) = 0",
    lambda x: 0.0 if x <= 0.0 else x,  # so a NaN input stays NaN
    lambda out, x: (1.0 if number(x) > 0.0 else 0.0,),
    piece=lambda x: x > 0.0, trusted=True,
    vforward=lambda xp, x: xp.where(x <= 0.0, 0.0, x),
    vlocal=lambda xp, out, x: (xp.where(x > 0.0, 1.0, 0.0),),
)


def _leaky_local(out: Scalar, x: Scalar, slope: Scalar) -> tuple[Scalar, Scalar]:
    # d/dx as torch.nn.functional.leaky_relu (slope at 0 and for NaN); d/dslope as PReLU's.
    return (1.0, 0.0) if number(x) > 0.0 else (slope, x)


LEAKY_RELU = Op(
    "leaky_relu", "Leaky rectifier $f(x, a) = x$ for x > 0, $a x$ otherwise",
    lambda x, slope: x if x > 0.0 else x * slope, _leaky_local,
    defaults=(0.01,), piece=lambda x, slope: x > 0.0, trusted=True,
    vforward=lambda xp, x, slope: xp.where(x > 0.0, x, x * slope),
    vlocal=lambda xp, out, x, slope: (
        xp.where(x > 0.0, 1.0, slope), xp.where(x > 0.0, 0.0, x)
    ),
)


def _sign(x: float) -> int:
    return (x > 0.0) - (x < 0.0)


ABS = Op(
    "abs", "Absolute value $f(x) = |x|$, with f'(0) = 0", abs,
    lambda out, x: (float(_sign(number(x))),), piece=_sign, trusted=True,
    vforward=lambda xp, x: xp.abs(x), vlocal=lambda xp, out, x: (xp.sign(x),),
)


def _clamp(x: float, lo: float, hi: float) -> float:
    if not lo <= hi:
        raise DomainError(f"clamp bounds out of order: clamp({x!r}, {lo!r}, {hi!r}); "
                          "clamp needs lo <= hi")
    return lo if x < lo else hi if x > hi else x  # NaN stays NaN


def _clamp_local(out: Scalar, x: Scalar, lo: Scalar, hi: Scalar) -> tuple[float, float, float]:
    # x's gradient passes on [lo, hi] (bounds included) as in torch.clamp; a bound gets it
    # where it is the output. A NaN x passes nothing.
    xf, lf, hf = number(x), number(lo), number(hi)
    return (1.0 if lf <= xf <= hf else 0.0, 1.0 if xf < lf else 0.0, 1.0 if xf > hf else 0.0)


def _vclamp(xp: Xp, x: Array, lo: Array, hi: Array) -> Array:
    # NaN where lo > hi: the scalar rule then raises its DomainError for that element.
    inside = xp.where(x < lo, lo, xp.where(x > hi, hi, x))
    return xp.where(lo <= hi, inside, math.nan)


def _vclamp_local(xp: Xp, out: Array, x: Array, lo: Array, hi: Array) -> tuple[Array, ...]:
    return (
        xp.where((lo <= x) & (x <= hi), 1.0, 0.0),
        xp.where(x < lo, 1.0, 0.0),
        xp.where(x > hi, 1.0, 0.0),
    )


CLAMP = Op(
    "clamp", "Clamp $f(x, lo, hi) = \\min(\\max(x, lo), hi)$ for lo <= hi", _clamp, _clamp_local,
    piece=lambda x, lo, hi: (x > hi) - (x < lo), trusted=True,
    vforward=_vclamp, vlocal=_vclamp_local,
)


def _extreme(larger: bool) -> Callable[..., float]:
    """The forward rule of max (``larger``) or min over one or more inputs."""
    pick = max if larger else min

    def forward(*xs: float) -> float:
        if not xs:
            raise TypeError(f"{'max' if larger else 'min'} takes at least one input, got none")
        for x in xs:
            if x != x:
                return math.nan  # NaN in, NaN out, whatever its place
        return pick(xs)

    return forward


def _winners(larger: bool) -> Callable[..., tuple[float, ...]]:
    """The local rule of max or min, following PyTorch.

    Two inputs as ``torch.maximum``/``minimum``: the other input gets 0, a tie 1/2 each, and
    a NaN sends the whole gradient to both (neither is the loser). Three or more as
    ``torch.amax``/``amin``: the inputs equal to the output share it evenly (1/k each for a
    k-way tie); when the output is NaN the NaN inputs share it.
    """

    def local(out: Scalar, *xs: Scalar) -> tuple[float, ...]:
        ds = [number(x) for x in xs]
        if len(ds) == 2:
            a, b = ds
            if a == b:
                return 0.5, 0.5
            a_loses = a < b if larger else a > b
            b_loses = a > b if larger else a < b
            return (0.0 if a_loses else 1.0, 0.0 if b_loses else 1.0)
        o = number(out)
        wins = [d != d for d in ds] if o != o else [d == o for d in ds]
        share = 1.0 / sum(wins)
        return tuple(share if w else 0.0 for w in wins)

    return local


def _vextreme(larger: bool) -> Callable[..., Array]:
    def forward(xp: Xp, *xs: Array) -> Array:
        pick = xp.maximum if larger else xp.minimum  # NaN in, NaN out, as _extreme
        return reduce(pick, xs)  # one input: that input itself (-0.0 stays -0.0)

    return forward


def _vwinners(larger: bool) -> Callable[..., tuple[Array, ...]]:
    """_winners on finite arrays: 2 inputs as torch.maximum, more as torch.amax."""

    def local(xp: Xp, out: Array, *xs: Array) -> tuple[Array, ...]:
        if len(xs) == 2:
            a, b = xs
            tie = a == b
            a_wins = a > b if larger else a < b
            return (
                xp.where(tie, 0.5, xp.where(a_wins, 1.0, 0.0)),
                xp.where(tie, 0.5, xp.where(a_wins, 0.0, 1.0)),
            )
        wins = [x == out for x in xs]
        share = 1.0 / reduce(lambda s, w: s + w, wins, 0.0)
        return tuple(xp.where(w, share, 0.0) for w in wins)

    return local


def _winning(larger: bool) -> Callable[..., tuple[bool, ...]]:
    def piece(*xs: float) -> tuple[bool, ...]:
        best = max(xs) if larger else min(xs)
        return tuple(x == best for x in xs)

    return piece


MAX = Op(
    "max", "Maximum $f(x_1, ..., x_n) = \\max_i x_i$; a k-way tie sends 1/k to each",
    _extreme(True), _winners(True),
    routes="larger", piece=_winning(True), trusted=True,
    vforward=_vextreme(True), vlocal=_vwinners(True),
)

MIN = Op(
    "min", "Minimum $f(x_1, ..., x_n) = \\min_i x_i$; a k-way tie sends 1/k to each",
    _extreme(False), _winners(False),
    routes="smaller", piece=_winning(False), trusted=True,
    vforward=_vextreme(False), vlocal=_vwinners(False),
)


# ---- n-ary gates: one node for a whole weighted sum or sum ----------------------------


def _neuron(*xs: float) -> float:
    # Inputs laid out as (w_1 .. w_n, x_1 .. x_n, b).
    n = len(xs) >> 1
    if len(xs) != 2 * n + 1:
        raise TypeError(f"'neuron' takes 2n+1 inputs (w_1..w_n, x_1..x_n, b), got {len(xs)}")
    return sum(map(operator.mul, xs[:n], xs[n : 2 * n]), xs[-1])


def _neuron_local(out: Scalar, *xs: Scalar) -> tuple[Scalar, ...]:
    # d/dw_i = x_i, d/dx_i = w_i, d/db = 1: the inputs swapped, as a multiply gate does.
    n = len(xs) >> 1
    return (*xs[n : 2 * n], *xs[:n], 1.0)


def _vneuron(xp: Xp, *xs: Array) -> Array:
    n = len(xs) >> 1
    return reduce(lambda acc, i: acc + xs[i] * xs[n + i], range(n), xs[-1])


def _layer_send(xp: Xp, up: Array, w: Array, x: Array, b: Array) -> tuple[Array, Array, Array]:
    # d out[k, e] / d w[k, i] = x[i, e]; / d x[i, e] = w[k, i]; / d b[k] = 1
    return up @ x.T, w.T @ up, up


NEURON = Op(
    "neuron",
    "Weighted sum $f(w, x, b) = \\sum_i w_i x_i + b$ over inputs (w_1..w_n, x_1..x_n, b)",
    _neuron, _neuron_local, symbol="Σw·x+b", folds=True, trusted=True,
    vforward=_vneuron, vlocal=lambda xp, out, *xs: _neuron_local(out, *xs),
    vlayer=(lambda xp, w, x, b: w @ x + b, _layer_send),
)


def _sum(*xs: float) -> float:
    if not xs:
        raise TypeError("'sum' takes at least one input, got none")
    return sum(xs[1:], xs[0])  # left to right, as a chain of '+' gates would


SUM = Op(
    "sum", "Sum $f(x) = \\sum_i x_i$", _sum, lambda out, *xs: (1.0,) * len(xs),
    symbol="Σ", folds=True, trusted=True,
    vforward=lambda xp, *xs: reduce(lambda a, b: a + b, xs[1:], xs[0]),  # as _sum
    vlocal=lambda xp, out, *xs: (1.0,) * len(xs),
)


OPS: MappingProxyType[str, Op] = MappingProxyType(
    {row.name: row for row in list(globals().values()) if isinstance(row, Op)}
)
"""Every row of this table by name, in the order written here (read-only)."""
