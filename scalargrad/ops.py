"""The op table: every gate's forward rule and its local derivatives, side by side.

Each ``Op`` holds

* ``forward(*xs) -> float``: the gate's output from its inputs' floats, raising a clear
  error (see ``errors.py``) where the real result does not exist;
* ``local(out, *xs) -> tuple``: d out / d x_i for each input, in input order.

``local`` is written with arithmetic operators and comparisons only, so the same rule
runs on floats (an ordinary backward pass) and on Values (a backward pass that is itself
a graph, for higher-order gradients). The engine knows no op by name: adding an op means
adding one entry here and the method or function that calls it.
"""

from __future__ import annotations

import math
import operator
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import DomainError, ScalarOverflowError, ScalarZeroDivisionError

# A local rule sees floats or Values; it only uses operators both understand.
Scalar = Any


@dataclass(frozen=True, slots=True)
class Op:
    """A gate: its symbol, its forward rule and its local-derivative rule."""

    symbol: str
    doc: str
    forward: Callable[..., float]
    local: Callable[..., tuple[Scalar, ...]]

    def __repr__(self) -> str:
        return f"Op({self.symbol!r})"


def _float(x: Scalar) -> float:
    """The number inside ``x`` whether it is a float or a Value (for branching on kinks)."""
    return x if type(x) is float else float(x)


def _log(x: Scalar) -> Scalar:
    """log that keeps a Value a Value, so a rule using it stays differentiable."""
    return math.log(x) if type(x) is float else x.log()


# ---- arithmetic -------------------------------------------------------------------

ADD = Op("+", "Addition $f(x, y) = x + y$", lambda x, y: x + y, lambda out, x, y: (1.0, 1.0))

SUB = Op("-", "Subtraction $f(x, y) = x - y$", lambda x, y: x - y, lambda out, x, y: (1.0, -1.0))

MUL = Op("*", "Multiplication $f(x, y) = x y$", lambda x, y: x * y, lambda out, x, y: (y, x))

NEG = Op("neg", "Negation $f(x) = -x$", lambda x: -x, lambda out, x: (-1.0,))


def _div(x: float, y: float) -> float:
    if y == 0.0:
        raise ScalarZeroDivisionError(
            f"division by zero in '/': {x!r} / {y!r}; the divisor must be non-zero"
        )
    return x / y


DIV = Op("/", "Division $f(x, y) = x / y$", _div, lambda out, x, y: (1.0 / y, -out / y))


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
    xf, yf = _float(x), _float(y)
    if xf == 0.0 and yf < 1.0:
        # d/dx x**y = y x**(y-1) is infinite at 0 for 0 < y < 1 (y == 0: constant 1).
        dx: Scalar = 0.0 if yf == 0.0 else math.inf
    else:
        dx = y * x ** (y - 1.0)
    if xf > 0.0:
        dy: Scalar = out * _log(x)
    elif xf == 0.0:
        dy = 0.0  # PyTorch's convention: 0**y is flat in y for y > 0
    else:
        dy = math.nan  # x < 0 with an integer y: the real x**y is not differentiable in y
    return dx, dy


POW = Op("**", "Power $f(x, y) = x^y$", _pow, _pow_local)


# ---- elementary functions ---------------------------------------------------------

EXP_LIMIT = math.log(sys.float_info.max)  # ~709.78


def _exp(x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:
        raise ScalarOverflowError(
            f"exp overflow: exp({x!r}) exceeds the largest float; exp is finite only "
            f"for x <= {EXP_LIMIT:.2f}"
        ) from None


EXP = Op("exp", "Exponential $f(x) = e^x$", _exp, lambda out, x: (out,))


def _ln(x: float) -> float:
    if x <= 0.0:
        raise DomainError(f"log of a non-positive number: log({x!r}); log needs x > 0")
    return math.log(x)


LOG = Op("log", "Natural logarithm $f(x) = \\ln x$", _ln, lambda out, x: (1.0 / x,))


def _sqrt(x: float) -> float:
    if x < 0.0:
        raise DomainError(f"sqrt of a negative number: sqrt({x!r}); sqrt needs x >= 0")
    return math.sqrt(x)


SQRT = Op(
    "sqrt",
    "Square root $f(x) = \\sqrt{x}$",
    _sqrt,
    # Infinite slope at 0; a NaN input gives a NaN slope (0.5 / nan), not inf.
    lambda out, x: (math.inf,) if _float(out) == 0.0 else (0.5 / out,),
)

TANH = Op(
    "tanh", "Hyperbolic tangent $f(x) = \\tanh x$", math.tanh, lambda out, x: (1.0 - out * out,)
)


def _sigmoid(x: float) -> float:
    # Two branches so exp never overflows: exp(-|x|) is at most 1.
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


SIGMOID = Op(
    "sigmoid",
    "Logistic sigmoid $f(x) = 1 / (1 + e^{-x})$",
    _sigmoid,
    lambda out, x: (out * (1.0 - out),),
)


# ---- piecewise-linear gates: constant local derivatives, PyTorch's kink conventions ----

RELU = Op(
    "relu",
    "Rectifier $f(x) = \\max(x, 0)$, with f'(0) = 0",
    lambda x: 0.0 if x <= 0.0 else x,  # so a NaN input stays NaN
    lambda out, x: (1.0 if _float(x) > 0.0 else 0.0,),
)


def _abs_local(out: Scalar, x: Scalar) -> tuple[float]:
    xf = _float(x)
    return (1.0 if xf > 0.0 else -1.0 if xf < 0.0 else 0.0,)


ABS = Op("abs", "Absolute value $f(x) = |x|$, with f'(0) = 0", abs, _abs_local)


def _route(first_wins: bool, tie: bool) -> tuple[float, float]:
    """Local derivatives of max/min: all to the winner, half each on a tie."""
    if tie:
        return 0.5, 0.5
    return (1.0, 0.0) if first_wins else (0.0, 1.0)


MAX = Op(
    "max",
    "Maximum $f(x, y) = \\max(x, y)$; a tie sends half the gradient to each",
    lambda x, y: x if x >= y else y if y >= x else math.nan,  # NaN in, NaN out
    lambda out, x, y: _route(_float(x) > _float(y), _float(x) == _float(y)),
)

MIN = Op(
    "min",
    "Minimum $f(x, y) = \\min(x, y)$; a tie sends half the gradient to each",
    lambda x, y: x if x <= y else y if y <= x else math.nan,  # NaN in, NaN out
    lambda out, x, y: _route(_float(x) < _float(y), _float(x) == _float(y)),
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
    _neuron,
    _neuron_local,
)


def _sum(*xs: float) -> float:
    if not xs:
        raise TypeError("'sum' takes at least one input, got none")
    return sum(xs[1:], xs[0])  # left to right, as a chain of '+' gates would


SUM = Op("sum", "Sum $f(x) = \\sum_i x_i$", _sum, lambda out, *xs: (1.0,) * len(xs))
