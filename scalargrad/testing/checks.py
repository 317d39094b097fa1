"""``assert_gradients_match`` at one point, and ``gradient_property``: a whole test."""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Sequence
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ..grad_mode import no_grad
from ..gradients import hessian_of
from ..op import Op
from ..reals import is_real, to_float
from ..value import Value
from .expression import Expression
from .strategies import cases, input_count, points, renumbered, rows_of, trees_of


def assert_gradients_match(
    f: Expression | Callable[..., Any],
    *xs: float,
    eps: float = 1e-6,
    rtol: float = 1e-4,
    atol: float = 1e-6,
    order: int = 1,
) -> None:
    """Check the engine's derivatives of ``f`` at ``xs`` against central differences.

    ``f`` is an ``Expression`` or a function of Values returning a Value. With
    ``order=1`` the gradient from ``backward`` is compared with central differences of
    ``f`` on floats (an Expression's ``evaluate``; a function's value under no graph);
    with ``order=2`` the Hessian from ``grad(create_graph=True)`` is compared with
    central differences of the first-order gradient. A mismatch beyond
    ``atol + rtol * |numeric|`` raises ``AssertionError`` naming the input, the engine's
    number and the numeric one. Errors raised inside ``f`` are not caught."""
    what = _describe(f)
    n = input_count(f, "assert_gradients_match")
    point = _point(xs, n)
    step = _positive_number(eps, "eps")
    tolerances = (_nonnegative(rtol, "rtol"), _nonnegative(atol, "atol"))
    if order not in (1, 2) or isinstance(order, bool):
        raise ValueError(f"assert_gradients_match: order must be 1 or 2, got {order!r}")
    names = _names(f, n)
    at = ", ".join(f"{name}={x!r}" for name, x in zip(names, point, strict=True))
    if order == 1:
        engine = _gradient(f, point)
        for i in range(n):
            numeric = _central(lambda p: _value(f, p), point, i, step)
            _compare(engine[i], numeric, tolerances, f"{what}: d/d{names[i]} at ({at})", step)
        return
    leaves = [Value(x) for x in point]
    out = _call(f, leaves)
    engine_h = hessian_of(out, leaves) if isinstance(out, Value) else [[0.0] * n] * n
    for j in range(n):
        column = _central_vector(lambda p: _gradient(f, p), point, j, step)
        for i in range(n):
            label = f"{what}: d²/d{names[i]}d{names[j]} at ({at})"
            _compare(engine_h[i][j], column[i], tolerances, label, step)


def gradient_property(
    f: Op | Expression | Callable[..., Any],
    *,
    low: float = -3.0,
    high: float = 3.0,
    orders: Sequence[int] = (1, 2),
    max_examples: int = 100,
    eps: float = 1e-6,
    rtol: float = 1e-4,
    atol: float = 1e-6,
) -> Callable[[], None]:
    """A complete hypothesis test of ``f``'s derivatives: ``test_f = gradient_property(f)``.

    For an ``Op`` (a user's gate) it draws expressions with the op at the root over
    random subexpressions of the op table, and points inside their domains; for an
    ``Expression`` or a function of Values, points. Each example is checked with
    ``assert_gradients_match`` at every order in ``orders`` (first and second by
    default: a local rule right on floats but wrong on Values is caught too)."""
    if not (isinstance(f, (Op, Expression)) or callable(f)):
        raise TypeError(
            f"gradient_property: f must be an Op, an Expression or callable, got "
            f"{type(f).__name__}"
        )
    for k in orders:
        if k not in (1, 2) or isinstance(k, bool):
            raise ValueError(f"gradient_property: orders must be 1 and/or 2, got {orders!r}")
    _positive_number(eps, "eps")
    _nonnegative(rtol, "rtol")
    _nonnegative(atol, "atol")

    def check(target: Any, point: tuple[float, ...]) -> None:
        for k in orders:
            assert_gradients_match(target, *point, eps=eps, rtol=rtol, atol=atol, order=k)

    run = settings(max_examples=max_examples, deadline=None)
    if isinstance(f, Op):  # hypothesis shows the expression and the point it shrank to

        @run
        @given(cases(around(f), low, high))
        def test(case: tuple[Expression, tuple[float, ...]]) -> None:
            check(*case)

    else:

        @run
        @given(points(f, low, high))
        def test(point: tuple[float, ...]) -> None:
            check(f, point)

    name = f.name if isinstance(f, Op) else getattr(f, "__name__", "f")
    test.__name__ = f"test_gradients_of_{name}"
    return test


def around(op: Op, max_depth: int = 2) -> st.SearchStrategy[Expression]:
    """Expressions with ``op`` at the root, over random subexpressions of the op table
    (one or three arguments for a variadic op)."""
    trees = trees_of(rows_of(None), st.integers(1, 2), max_depth + 1, root=op)
    return trees.map(renumbered).filter(lambda e: e.n_vars > 0)


# ---- the pieces ---------------------------------------------------------------------------


def _describe(f: object) -> str:
    if isinstance(f, Expression):
        return f.text
    if isinstance(f, Op):
        return f.name
    return getattr(f, "__name__", repr(f))


def _names(f: object, n: int) -> list[str]:
    if isinstance(f, Expression):
        return list(f.variables)
    target = f.forward if isinstance(f, Op) else f
    try:
        params = list(inspect.signature(target).parameters)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        params = []
    return params[:n] if len(params) >= n else [f"x{i}" for i in range(n)]


def _point(xs: tuple[object, ...], n: int) -> list[float]:
    if len(xs) != n:
        raise TypeError(f"assert_gradients_match: f takes {n} input(s), got {len(xs)}")
    point = []
    for i, x in enumerate(xs):
        if not is_real(x):
            raise TypeError(
                f"assert_gradients_match: input {i} must be a real number, "
                f"got {type(x).__name__} {x!r}"
            )
        point.append(to_float(x, f"assert_gradients_match: input {i}"))
    return point


def _positive_number(x: object, name: str) -> float:
    if not is_real(x) or not (math.isfinite(v := to_float(x, name)) and v > 0.0):
        raise ValueError(f"{name} must be a finite number > 0, got {x!r}")
    return v


def _nonnegative(x: object, name: str) -> float:
    if not is_real(x) or not (math.isfinite(v := to_float(x, name)) and v >= 0.0):
        raise ValueError(f"{name} must be a finite number >= 0, got {x!r}")
    return v


def _call(f: Expression | Callable[..., Any], leaves: list[Value]) -> Value | float:
    out = f(*leaves)
    if isinstance(out, Value):
        return out
    if not is_real(out):
        raise TypeError(f"f must return a Value or a number, got {type(out).__name__} {out!r}")
    return to_float(out, "the result of f")


def _value(f: Expression | Callable[..., Any], point: list[float]) -> float:
    """``f`` at ``point`` on floats: an Expression's ``evaluate``, a function under no
    graph. Errors inside ``f`` propagate."""
    if isinstance(f, Expression):
        return f.evaluate(*point)
    with no_grad():
        out = _call(f, [Value(x) for x in point])
    return out.data if isinstance(out, Value) else out


def _gradient(f: Expression | Callable[..., Any], point: list[float]) -> list[float]:
    leaves = [Value(x) for x in point]
    out = _call(f, leaves)
    if not isinstance(out, Value):
        return [0.0] * len(point)
    out.backward()
    return [leaf.grad for leaf in leaves]


def _central(fn: Callable[[list[float]], float], point: list[float], i: int, h: float) -> float:
    hi = fn([x + h if k == i else x for k, x in enumerate(point)])
    lo = fn([x - h if k == i else x for k, x in enumerate(point)])
    return (hi - lo) / (2 * h)


def _central_vector(
    fn: Callable[[list[float]], list[float]], point: list[float], j: int, h: float
) -> list[float]:
    hi = fn([x + h if k == j else x for k, x in enumerate(point)])
    lo = fn([x - h if k == j else x for k, x in enumerate(point)])
    return [(a - b) / (2 * h) for a, b in zip(hi, lo, strict=True)]


def _compare(
    engine: float, numeric: float, tolerances: tuple[float, float], label: str, step: float
) -> None:
    rtol, atol = tolerances
    if abs(engine - numeric) <= atol + rtol * abs(numeric):
        return
    raise AssertionError(
        f"{label}: the engine gives {engine!r}, the central difference (eps={step:g}) "
        f"{numeric!r}"
    )

