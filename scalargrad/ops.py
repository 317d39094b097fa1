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
from types import MappingProxyType

from .errors import DomainError, ScalarOverflowError, ScalarZeroDivisionError
from .op import Op, Scalar, number

Unary = Callable[[float], float]

# ---- arithmetic -------------------------------------------------------------------

ADD = Op(
    "+", "Addition $f(x, y) = x + y$", operator.add, lambda out, x, y: (1.0, 1.0),
    infix=1, folds=True, trusted=True,
)

SUB = Op(
    "-", "Subtraction $f(x, y) = x - y$", operator.sub, lambda out, x, y: (1.0, -1.0),
    symbol="−", infix=1, folds=True, trusted=True,
)

MUL = Op(
    "*", "Multiplication $f(x, y) = x y$", operator.mul, lambda out, x, y: (y, x),
    symbol="×", infix=2, folds=True, trusted=True,
)

NEG = Op(
    "neg", "Negation $f(x) = -x$ (an expression writes -x, or neg(x))", operator.neg,
    lambda out, x: (-1.0,), symbol="−", folds=True, trusted=True,
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


POW = Op(
    "**", "Power $f(x, y) = x^y$", _pow, _pow_local,
    # d/dy changes rule with the base's sign (x log x; 0; NaN for x < 0), so a point
    # whose base crosses 0 within a step has no usable difference.
    symbol="^", infix=3, piece=lambda x, y: (x > 0.0) - (x < 0.0), trusted=True,
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
)

EXPM1 = Op(
    "expm1", "$f(x) = e^x - 1$, exact for small x",
    _finite_below(math.expm1, "expm1", f"x <= {EXP_LIMIT:.2f}"),
    lambda out, x: (out + 1.0,), trusted=True,
)


def _ln(x: float) -> float:
    if x <= 0.0:
        raise DomainError(f"log of a non-positive number: log({x!r}); log needs x > 0")
    return math.log(x)


LOG = Op(
    "log", "Natural logarithm $f(x) = \\ln x$", _ln, lambda out, x: (1.0 / x,), trusted=True
)


def _log1p(x: float) -> float:
    if x <= -1.0:
        raise DomainError(f"log1p of a number <= -1: log1p({x!r}); log1p needs x > -1")
    return math.log1p(x)


LOG1P = Op(
    "log1p", "$f(x) = \\ln(1 + x)$, exact for small x", _log1p,
    lambda out, x: (1.0 / (1.0 + x),), trusted=True,
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


SIGMOID = Op(
    "sigmoid", "Logistic sigmoid $f(x) = 1 / (1 + e^{-x})$", _sigmoid,
    lambda out, x: (out * (1.0 - out),), symbol="σ", trusted=True,
)

SOFTPLUS = Op(
    "softplus", "Softplus $f(x) = \\ln(1 + e^x)$, stable for any x", _softplus,
    lambda out, x: (SIGMOID.at(x),), trusted=True,
)


def _erf_local(out: Scalar, x: Scalar) -> tuple[Scalar]:
    return (2.0 / math.sqrt(math.pi) * EXP.at(-(x * x)),)


ERF = Op("erf", "Error function $f(x) = \\frac{2}{\\sqrt\\pi}\\int_0^x e^{-t^2} dt$",
         math.erf, _erf_local, trusted=True)


# ---- trigonometric and hyperbolic -------------------------------------------------------


def _periodic(fn: Unary) -> Unary:
    """``fn`` carrying ±inf to NaN as IEEE and PyTorch do (``math`` raises instead)."""

    def forward(x: float) -> float:
        return fn(x) if math.isfinite(x) else math.nan

    return forward


def _sin_local(out: Scalar, x: Scalar) -> tuple[Scalar]:
    return (COS.at(x),)


SIN = Op("sin", "Sine $f(x) = \\sin x$", _periodic(math.sin), _sin_local, trusted=True)

COS = Op("cos", "Cosine $f(x) = \\cos x$", _periodic(math.cos),
         lambda out, x: (-SIN.at(x),), trusted=True)

TAN = Op("tan", "Tangent $f(x) = \\tan x$", _periodic(math.tan),
         lambda out, x: (1.0 + out * out,), trusted=True)


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


ASIN = Op("asin", "Inverse sine $f(x) = \\arcsin x$ on [-1, 1]",
          _arc_domain("asin"), lambda out, x: (_arc_slope(x),), trusted=True)

ACOS = Op("acos", "Inverse cosine $f(x) = \\arccos x$ on [-1, 1]",
          _arc_domain("acos"), lambda out, x: (-_arc_slope(x),), trusted=True)

ATAN = Op("atan", "Inverse tangent $f(x) = \\arctan x$", math.atan,
          lambda out, x: (1.0 / (1.0 + x * x),), trusted=True)

def _sinh_local(out: Scalar, x: Scalar) -> tuple[Scalar]:
    return (COSH.at(x),)


SINH = Op("sinh", "Hyperbolic sine $f(x) = \\sinh x$",
          _finite_below(math.sinh, "sinh", f"|x| <= {SINH_LIMIT:.2f}"), _sinh_local, trusted=True)

COSH = Op("cosh", "Hyperbolic cosine $f(x) = \\cosh x$",
          _finite_below(math.cosh, "cosh", f"|x| <= {SINH_LIMIT:.2f}"),
          lambda out, x: (SINH.at(x),), trusted=True)

TANH = Op("tanh", "Hyperbolic tangent $f(x) = \\tanh x$", math.tanh,
          lambda out, x: (1.0 - out * out,), trusted=True)


# ---- piecewise-linear gates: constant local derivatives, PyTorch's kink conventions ----


RELU = Op(
    "relu", "Rectifier $f(x) = \\max(x, 0)$, with f'(0) = 0",
    lambda x: 0.0 if x <= 0.0 else x,  # so a NaN input stays NaN
    lambda out, x: (1.0 if number(x) > 0.0 else 0.0,),
    piece=lambda x: x > 0.0, trusted=True,
)


def _leaky_local(out: Scalar, x: Scalar, slope: Scalar) -> tuple[Scalar, Scalar]:
    # d/dx as torch.nn.functional.leaky_relu (slope at 0 and for NaN); d/dslope as PReLU's.
    return (1.0, 0.0) if number(x) > 0.0 else (slope, x)


LEAKY_RELU = Op(
    "leaky_relu", "Leaky rectifier $f(x, a) = x$ for x > 0, $a x$ otherwise",
    lambda x, slope: x if x > 0.0 else x * slope, _leaky_local,
    defaults=(0.01,), piece=lambda x, slope: x > 0.0, trusted=True,
)


def _sign(x: float) -> int:
    return (x > 0.0) - (x < 0.0)


ABS = Op(
    "abs", "Absolute value $f(x) = |x|$, with f'(0) = 0", abs,
    lambda out, x: (float(_sign(number(x))),), piece=_sign, trusted=True,
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


CLAMP = Op(
    "clamp", "Clamp $f(x, lo, hi) = \\min(\\max(x, lo), hi)$ for lo <= hi", _clamp, _clamp_local,
    piece=lambda x, lo, hi: (x > hi) - (x < lo), trusted=True,
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


def _winning(larger: bool) -> Callable[..., tuple[bool, ...]]:
    def piece(*xs: float) -> tuple[bool, ...]:
        best = max(xs) if larger else min(xs)
        return tuple(x == best for x in xs)

    return piece


MAX = Op(
    "max", "Maximum $f(x_1, ..., x_n) = \\max_i x_i$; a k-way tie sends 1/k to each",
    _extreme(True), _winners(True),
    routes="larger", piece=_winning(True), trusted=True,
)

MIN = Op(
    "min", "Minimum $f(x_1, ..., x_n) = \\min_i x_i$; a k-way tie sends 1/k to each",
    _extreme(False), _winners(False),
    routes="smaller", piece=_winning(False), trusted=True,
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


NEURON = Op(
    "neuron",
    "Weighted sum $f(w, x, b) = \\sum_i w_i x_i + b$ over inputs (w_1..w_n, x_1..x_n, b)",
    _neuron, _neuron_local, symbol="Σw·x+b", folds=True, trusted=True,
)


def _sum(*xs: float) -> float:
    if not xs:
        raise TypeError("'sum' takes at least one input, got none")
    return sum(xs[1:], xs[0])  # left to right, as a chain of '+' gates would


SUM = Op(
    "sum", "Sum $f(x) = \\sum_i x_i$", _sum, lambda out, *xs: (1.0,) * len(xs),
    symbol="Σ", folds=True, trusted=True,
)


OPS: MappingProxyType[str, Op] = MappingProxyType(
    {row.name: row for row in list(globals().values()) if isinstance(row, Op)}
)
"""Every row of this table by name, in the order written here (read-only)."""
