"""Derivatives of Python functions: ``derivative(f, n)`` and ``hessian(f)``.

Both call ``f`` on fresh leaves and apply ``grad`` to what it returns, with
``create_graph=True`` for every order but the last, so the n-th derivative comes from
the same op table as the first. They return floats.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .gradients import grad
from .reals import is_real, to_float
from .value import Value

# f takes Values (it may also be called with floats) and returns a Value or a number.
ScalarFunction = Callable[..., Any]


def derivative(f: ScalarFunction, n: int = 1) -> Callable[[float | Value], float]:
    """The function ``x -> f⁽ⁿ⁾(x)`` as a float; ``n = 0`` gives ``f(x)`` itself.

        >>> from scalargrad import derivative
        >>> derivative(lambda x: x**3, 2)(2.0)   # d²/dx² x³ = 6x
        12.0
    """
    if not callable(f):
        raise TypeError(f"derivative: f must be callable, got {type(f).__name__}")
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"derivative: n must be an int, got {type(n).__name__} {n!r}")
    if n < 0:
        raise ValueError(f"derivative: n must be >= 0 (the order of the derivative), got {n}")

    def nth_derivative(x: float | Value) -> float:
        leaf = Value(point(x, "derivative: x"))
        y = call(f, [leaf], "derivative")
        for k in range(n):
            if not isinstance(y, Value):
                return 0.0  # a constant: every further derivative is 0
            y = grad(y, leaf, create_graph=k < n - 1)[0]
        return float(y)

    nth_derivative.__name__ = f"derivative_{n}_of_{getattr(f, '__name__', 'f')}"
    nth_derivative.__doc__ = f"Derivative of order {n} of {f!r} at x, as a float."
    return nth_derivative


def hessian(f: ScalarFunction) -> Callable[..., list[list[float]]]:
    """The function ``(x_1, ..., x_k) -> H`` with ``H[i][j] = d²f / dx_i dx_j`` (floats).

    ``f`` takes one scalar per argument and returns a Value.

        >>> from scalargrad import hessian
        >>> hessian(lambda x, y: x * x * y)(3.0, 2.0)
        [[4.0, 6.0], [6.0, 0.0]]
    """
    if not callable(f):
        raise TypeError(f"hessian: f must be callable, got {type(f).__name__}")

    def hessian_at(*xs: float | Value) -> list[list[float]]:
        if not xs:
            raise TypeError("hessian: give the point, one number per argument of f")
        leaves = [Value(point(x, f"hessian: argument {i}")) for i, x in enumerate(xs)]
        y = call(f, leaves, "hessian")
        if not isinstance(y, Value):
            return [[0.0] * len(leaves) for _ in leaves]  # a constant
        return hessian_of(y, leaves)

    hessian_at.__name__ = f"hessian_of_{getattr(f, '__name__', 'f')}"
    return hessian_at


def hessian_of(y: Value, leaves: list[Value]) -> list[list[float]]:
    """d²y / d leaf_i d leaf_j, one row per leaf (each row one reverse pass)."""
    first = grad(y, leaves, create_graph=True)
    return [grad(g, leaves) for g in first]


def point(x: object, what: str) -> float:
    """``x`` as a float (a Value gives its data), or a TypeError saying what was given."""
    if isinstance(x, Value):
        return x.data
    if not is_real(x):
        raise TypeError(f"{what} must be a real number or a Value, got {type(x).__name__} {x!r}")
    return to_float(x, what)


def call(f: ScalarFunction, leaves: list[Value], who: str) -> Value | float:
    """``f(*leaves)``, checked to be a Value or a real number."""
    y = f(*leaves)
    if isinstance(y, Value):
        return y
    if not is_real(y):
        raise TypeError(f"{who}: f must return a Value or a number, got {type(y).__name__} {y!r}")
    return to_float(y, f"{who}: the result of f")
