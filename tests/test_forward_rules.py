"""Every row's forward rule against an independent float formula, at random points.

``ORACLE`` computes each op with ``math`` and, where there is one, another formula than
the row's (sigmoid through tanh, tan as sin/cos, sinh from exp ...). The random-tree
tests then check each row's local rule against its forward rule; together they tie the
whole table to ``math``.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scalargrad import OPS, ScalarGradError


def _neuron(*xs: float) -> float:
    n = len(xs) // 2
    return math.fsum([*(w * x for w, x in zip(xs[:n], xs[n : 2 * n], strict=True)), xs[-1]])


def _clamp(x: float, lo: float, hi: float) -> float:
    if lo > hi:
        raise ValueError("clamp bounds out of order")
    return min(max(x, lo), hi)


# Each op's value on floats, written apart from ops.py (other formulas where there is one).
ORACLE: dict[str, Callable[..., float]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "neg": operator.neg,
    "/": operator.truediv,
    "**": math.pow,
    "exp": math.exp,
    "expm1": lambda x: math.exp(x) - 1.0,
    "log": math.log,
    "log1p": lambda x: math.log(1.0 + x),
    "sqrt": lambda x: math.pow(x, 0.5) if x >= 0.0 else math.log(-1.0),
    "cbrt": lambda x: math.copysign(abs(x) ** (1.0 / 3.0), x),
    "sigmoid": lambda x: 0.5 * (1.0 + math.tanh(0.5 * x)),
    "softplus": lambda x: math.log(1.0 + math.exp(x)),
    "erf": math.erf,
    "sin": math.sin,
    "cos": math.cos,
    "tan": lambda x: math.sin(x) / math.cos(x),
    "asin": math.asin,
    "acos": math.acos,
    "atan": lambda x: math.atan2(x, 1.0),
    "sinh": lambda x: (math.exp(x) - math.exp(-x)) / 2.0,
    "cosh": lambda x: (math.exp(x) + math.exp(-x)) / 2.0,
    "tanh": math.tanh,
    "relu": lambda x: x if x > 0.0 else 0.0,
    "leaky_relu": lambda x, slope: x if x > 0.0 else slope * x,
    "abs": math.fabs,
    "clamp": _clamp,
    "max": lambda *xs: max(xs),
    "min": lambda *xs: min(xs),
    "sum": lambda *xs: math.fsum(xs),
    "neuron": _neuron,
}



def test_every_op_has_an_oracle() -> None:
    assert set(ORACLE) == set(OPS)


@pytest.mark.parametrize("name", list(OPS))
@settings(max_examples=200, deadline=None)
@given(xs=st.lists(st.floats(-3.0, 3.0), min_size=3, max_size=3))
def test_forward_rule_matches_the_oracle(name: str, xs: list[float]) -> None:
    op = OPS[name]
    args = xs[: op.arity] if op.arity is not None else xs  # three inputs: a neuron's 2n+1
    try:
        want = ORACLE[name](*args)
    except (ValueError, ZeroDivisionError, OverflowError):
        with pytest.raises((ScalarGradError, ValueError, ZeroDivisionError)):
            op.forward(*args)
        return
    if isinstance(want, complex):  # math.pow of a negative base: the row refuses it too
        with pytest.raises(ScalarGradError):
            op.forward(*args)
        return
    assert op.forward(*args) == pytest.approx(want, rel=1e-12, abs=1e-12)
