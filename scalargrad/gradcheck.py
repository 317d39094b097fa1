"""Check ``backward`` against central differences, as ``torch.autograd.gradcheck`` does."""

from __future__ import annotations

from collections.abc import Callable

from .grad_mode import no_grad
from .reals import to_float
from .value import Number, Operand, Value


class GradcheckError(AssertionError):
    """An analytic gradient disagrees with its finite-difference estimate."""


def _inputs(inputs: tuple[Operand, ...]) -> list[tuple[float, str]]:
    pairs = []
    for i, x in enumerate(inputs):
        if isinstance(x, Value):
            pairs.append((x.data, x.label or f"input {i}"))
        else:
            pairs.append((to_float(x, f"gradcheck input {i}"), f"input {i}"))
    return pairs


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
    named = _inputs(inputs)
    xs = [x for x, _ in named]
    leaves = [Value(x) for x in xs]
    out = f(*leaves)
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck: f must return a Value, got {type(out).__name__}")
    out.backward()
    for i, (leaf, (_, name)) in enumerate(zip(leaves, named, strict=True)):
        numeric = numeric_grad(f, xs, i, float(eps))
        if not abs(leaf.grad - numeric) <= atol + rtol * abs(numeric):
            raise GradcheckError(
                f"gradcheck failed for {name} = {xs[i]!r}: analytic gradient {leaf.grad!r}, "
                f"numeric (central difference, eps={eps}) {numeric!r}"
            )
    return True
