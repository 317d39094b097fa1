"""Check gradients against central differences, as PyTorch's ``gradcheck`` and
``gradgradcheck`` do.

``gradcheck`` compares ``backward`` with central differences of ``f``. ``gradgradcheck``
compares the Hessian from ``grad(..., create_graph=True)`` differentiated again with
central differences of the first-order gradient (``grad`` on the stored local
derivatives): agreement means the op table's local rules are right when they run on
Values, not only on floats.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from .grad_mode import no_grad
from .gradients import ScalarFunction, call, grad, hessian_of, point
from .reals import is_real, to_float
from .value import Number, Operand, Value


class GradcheckError(AssertionError):
    """An analytic gradient disagrees with its finite-difference estimate."""


@dataclass(frozen=True)
class CheckPoint:
    """The checked arguments of ``gradcheck`` / ``gradgradcheck``: the point as floats,
    a name per input (its label, else ``input i``) and the step and tolerances."""

    xs: list[float]
    names: list[str]
    eps: float
    atol: float
    rtol: float

    def close(self, analytic: float, numeric: float) -> bool:
        return abs(analytic - numeric) <= self.atol + self.rtol * abs(numeric)


def check_point(
    who: str, f: object, inputs: tuple[object, ...], eps: object, atol: object, rtol: object
) -> CheckPoint:
    """The arguments of ``who`` checked, or an error naming the bad one."""
    if not callable(f):
        raise TypeError(f"{who}: f must be callable, got {type(f).__name__}")
    if not inputs:
        raise TypeError(f"{who}: give at least one input")
    xs = [point(x, f"{who} input {i}") for i, x in enumerate(inputs)]
    names = [
        x.label if isinstance(x, Value) and x.label else f"input {i}" for i, x in enumerate(inputs)
    ]
    return CheckPoint(
        xs,
        names,
        _tolerance(who, "eps", eps, "> 0", lambda v: v > 0.0),
        _tolerance(who, "atol", atol, ">= 0", lambda v: v >= 0.0),
        _tolerance(who, "rtol", rtol, ">= 0", lambda v: v >= 0.0),
    )


def _tolerance(
    who: str, name: str, value: object, allowed: str, ok: Callable[[float], bool]
) -> float:
    if not is_real(value):
        raise TypeError(
            f"{who}: {name} must be a number {allowed}, got {type(value).__name__} {value!r}"
        )
    x = to_float(value, f"{who}: {name}")
    if not (math.isfinite(x) and ok(x)):
        raise ValueError(f"{who}: {name} must be {allowed} (and finite), got {value!r}")
    return x


def numeric_grad(f: Callable[..., Value], xs: list[float], i: int, eps: float) -> float:
    """(f(x_i + eps) - f(x_i - eps)) / (2 eps), the others held fixed, no graph built."""
    with no_grad():
        hi = f(*[Value(x + eps if j == i else x) for j, x in enumerate(xs)]).data
        lo = f(*[Value(x - eps if j == i else x) for j, x in enumerate(xs)]).data
    return (hi - lo) / (2.0 * eps)


def gradcheck(
    f: Callable[..., Value],
    *inputs: Operand,
    eps: Number = 1e-6,
    atol: Number = 1e-5,
    rtol: Number = 1e-3,
) -> bool:
    """True if ``backward`` through ``f`` matches central differences at ``inputs``.

    ``f`` takes one Value per input and returns a Value. Raises ``GradcheckError`` naming
    the first input whose analytic and numeric gradients differ by more than
    ``atol + rtol * |numeric|``.
    """
    at = check_point("gradcheck", f, inputs, eps, atol, rtol)
    leaves = [Value(x) for x in at.xs]
    out = call(f, leaves, "gradcheck")
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck: f must return a Value, got {type(out).__name__}")
    out.backward()
    for i, leaf in enumerate(leaves):
        numeric = numeric_grad(f, at.xs, i, at.eps)
        if not at.close(leaf.grad, numeric):
            raise GradcheckError(
                f"gradcheck failed for {at.names[i]} = {at.xs[i]!r}: analytic gradient "
                f"{leaf.grad!r}, numeric (central difference, eps={eps}) {numeric!r}"
            )
    return True


def gradgradcheck(
    f: ScalarFunction,
    *inputs: float | Value,
    eps: Number = 1e-6,
    atol: Number = 1e-5,
    rtol: Number = 1e-3,
) -> bool:
    """True if every ``d²f / dx_i dx_j`` matches central differences of the gradient.

    ``f`` takes one Value per input and returns a Value. Raises ``GradcheckError``
    naming the first pair of inputs whose analytic and numeric second derivatives
    differ by more than ``atol + rtol * |numeric|``.
    """
    at = check_point("gradgradcheck", f, inputs, eps, atol, rtol)
    xs, names, step = at.xs, at.names, at.eps
    leaves = [Value(x) for x in xs]
    y = call(f, leaves, "gradgradcheck")
    if not isinstance(y, Value):
        raise TypeError(f"gradgradcheck: f must return a Value, got {type(y).__name__}")
    analytic = hessian_of(y, leaves)
    for j in range(len(xs)):
        hi = _gradient(f, [x + step if k == j else x for k, x in enumerate(xs)])
        lo = _gradient(f, [x - step if k == j else x for k, x in enumerate(xs)])
        for i in range(len(xs)):
            numeric = (hi[i] - lo[i]) / (2.0 * step)
            a = analytic[i][j]
            if not at.close(a, numeric):
                point = ", ".join(f"{n} = {x!r}" for n, x in zip(names, xs, strict=True))
                raise GradcheckError(
                    f"gradgradcheck failed for d²f/d({names[i]})d({names[j]}) at {point}: "
                    f"analytic {a!r}, numeric (central difference of the gradient, "
                    f"eps={eps}) {numeric!r}"
                )
    return True


def _gradient(f: ScalarFunction, xs: list[float]) -> list[float]:
    """The first-order analytic gradient of ``f`` at ``xs`` (stored local derivatives)."""
    leaves = [Value(x) for x in xs]
    y = call(f, leaves, "gradgradcheck")
    if not isinstance(y, Value):
        return [0.0] * len(xs)
    return grad(y, leaves)
