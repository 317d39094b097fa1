"""Check second derivatives, as ``torch.autograd.gradgradcheck`` does.

The analytic Hessian comes from ``grad(..., create_graph=True)`` differentiated again;
the numeric one from central differences of the first-order analytic gradient
(``grad`` on the stored local derivatives). Agreement means the op table's local rules
are right when they run on Values, not only on floats.
"""

from __future__ import annotations

from .derivatives import ScalarFunction, call, hessian_of
from .gradcheck import GradcheckError, check_point
from .gradients import grad
from .value import Number, Value


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
