"""Hypothesis strategies: ``expressions`` over the op table, ``points`` inside domains."""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Sequence
from typing import Any

from hypothesis import strategies as st

from ..errors import ScalarGradError
from ..graph import topological_order
from ..op import Op
from ..ops import ADD, EXP, MUL, OPS, SIGMOID
from ..reals import is_int, is_list, is_real, to_float
from ..value import Value
from .expression import Call, Const, Expression, Tree, Var, evaluate

ExprFunction = Callable[..., Any]


def expressions(
    ops: Sequence[str | Op] | None = None,
    variables: int | tuple[int, int] = (1, 4),
    max_depth: int = 3,
) -> st.SearchStrategy[Expression]:
    """Random ``Expression`` trees over the rows ``ops`` (names of the op table, or
    ``Op`` rows, users' own included; default: the whole table).

    ``variables`` is how many inputs a tree draws from, a number or a ``(fewest, most)``
    range; each tree is renumbered so it uses ``x0 .. x<k-1>``, every one of them.
    ``max_depth`` bounds how many gates deep a tree is (plus the wrappers that keep
    arguments positive, so ops such as log or asin meet their domain often)."""
    rows = rows_of(ops)
    fewest, most = _variables(variables)
    if not is_int(max_depth) or max_depth < 1:
        raise ValueError(f"expressions: max_depth must be an int >= 1, got {max_depth!r}")
    n_vars = st.integers(fewest, most)
    return trees_of(rows, n_vars, max_depth).map(renumbered).filter(lambda e: e.n_vars > 0)


def rows_of(ops: Sequence[str | Op] | None) -> list[Op]:
    if ops is None:
        return list(OPS.values())
    if not is_list(ops) or not ops:
        raise TypeError(
            "expressions: ops must be a non-empty list of op names or Op rows, "
            f"got {type(ops).__name__} {ops!r}"
        )
    rows = []
    for i, op in enumerate(ops):
        if isinstance(op, Op):
            rows.append(op)
        elif isinstance(op, str) and op in OPS:
            rows.append(OPS[op])
        else:
            raise ValueError(
                f"expressions: ops[{i}] is {op!r}, not an op of the table nor an Op row; "
                f"the table has {', '.join(OPS)}"
            )
    return rows


def _variables(variables: object) -> tuple[int, int]:
    if is_int(variables):
        fewest = most = variables
    elif is_list(variables) and len(variables) == 2 and all(map(is_int, variables)):
        fewest, most = variables
    else:
        raise TypeError(
            "expressions: variables must be an int or a (fewest, most) pair of ints, "
            f"got {variables!r}"
        )
    if not 1 <= fewest <= most:
        raise ValueError(
            f"expressions: variables must be at least 1 (and fewest <= most), got {variables!r}"
        )
    return fewest, most


_numbers = st.floats(-3.0, 3.0, allow_nan=False, allow_infinity=False)
_constants = st.one_of(_numbers, st.integers(-3, 3).map(float)).map(Const)  # ints: powers
_positive_constants = st.floats(0.2, 3.0).map(Const)
_leaf_first = st.integers(0, 1)  # 0 (where shrinking goes): a leaf
_wrapping = st.integers(0, 5)  # 3..5: an argument made positive, as below; 0..2 plain
_variadic = st.sampled_from([1, 3])  # inputs of a variadic op: a neuron needs 2n+1


@st.composite
def trees_of(
    draw: st.DrawFn,
    rows: list[Op],
    n_vars: st.SearchStrategy[int],
    depth: int,
    root: Op | None = None,
) -> Tree:
    """A tree over ``x0 .. x<n-1>`` (n drawn from ``n_vars``), at most ``depth`` gates
    deep, every op of ``rows`` as likely at each gate (``root``, if given, at the root).
    Drawn step by step, so it shrinks towards fewer gates."""
    n = draw(n_vars)
    variables = st.integers(0, n - 1).map(Var)
    wrap = {ADD, MUL, EXP, SIGMOID} <= set(rows)
    ops = st.sampled_from(rows)

    def tree(depth: int, op: Op | None = None) -> Tree:
        if op is None:
            if depth == 0 or draw(_leaf_first) == 0:
                return draw(st.one_of(variables, _constants))
            op = draw(ops)
        count = op.arity if op.arity is not None else draw(_variadic)
        return Call(op, tuple(argument(depth - 1) for _ in range(count)))

    def argument(depth: int) -> Tree:
        kind = draw(_wrapping) if wrap else 0
        t = tree(depth)
        if kind == 3:  # t*t + c > 0: log, sqrt and a power's base meet their domain
            return Call(ADD, (Call(MUL, (t, t)), draw(_positive_constants)))
        if kind == 4:
            return Call(EXP, (t,))
        if kind == 5:  # in (0, 1): asin and acos too
            return Call(SIGMOID, (t,))
        return t

    return tree(depth, root)


def renumbered(tree: Tree) -> Expression:
    """``tree`` as an Expression, the variables it uses numbered 0, 1, ... by first
    appearance."""
    order: dict[int, int] = {}

    def walk(t: Tree) -> Tree:
        if isinstance(t, Var):
            return Var(order.setdefault(t.index, len(order)))
        if isinstance(t, Call):
            return Call(t.op, tuple(walk(a) for a in t.args))
        return t

    walked = walk(tree)
    return Expression(walked, len(order))


# ---- points -------------------------------------------------------------------------------

STEP = 1e-6  # the central difference's step that points keep clear of kinks and edges


def points(
    target: Expression | ExprFunction, low: float = -3.0, high: float = 3.0
) -> st.SearchStrategy[tuple[float, ...]]:
    """Inputs for ``target`` (an ``Expression``, or a function of Values) in
    ``[low, high]`` where a central difference can be trusted: every gate is inside its
    domain at the point and one step (1e-6) either way, no kink (``Op.piece``) is crossed
    within that step, and the difference does not change with the step (which rejects
    points next to an infinite slope, such as sqrt near 0)."""
    n = input_count(target, "points")
    lo, hi = _bound(low, "low"), _bound(high, "high")
    if not lo < hi:
        raise ValueError(f"points: low must be below high, got low={low!r}, high={high!r}")
    xs = st.floats(lo, hi, allow_nan=False, allow_infinity=False)
    return st.tuples(*[xs] * n).filter(lambda p: usable(target, p))


@st.composite
def cases(
    draw: st.DrawFn,
    trees: st.SearchStrategy[Expression] | None = None,
    low: float = -3.0,
    high: float = 3.0,
) -> tuple[Expression, tuple[float, ...]]:
    """``(expression, point)`` pairs: an expression from ``trees`` (default
    ``expressions()``) and a point of ``points(expression, low, high)``. A failing
    example then reads as the expression and its inputs."""
    e = draw(expressions() if trees is None else trees)
    return e, draw(points(e, low, high))


def _bound(x: object, name: str) -> float:
    if not is_real(x) or not math.isfinite(to_float(x, f"points: {name}")):
        raise TypeError(f"points: {name} must be a finite number, got {x!r}")
    return to_float(x, f"points: {name}")


def input_count(target: object, who: str) -> int:
    """How many inputs ``target`` takes: an Expression's variables, a function's
    positional parameters."""
    if isinstance(target, Expression):
        return target.n_vars
    if isinstance(target, Op):
        if target.arity is None:
            raise TypeError(f"{who}: {target!r} takes any number of inputs; give an Expression")
        return target.arity
    if not callable(target):
        raise TypeError(f"{who}: f must be an Expression or callable, got {type(target).__name__}")
    try:
        params = inspect.signature(target).parameters.values()
    except (TypeError, ValueError):
        raise TypeError(f"{who}: cannot tell how many inputs {target!r} takes") from None
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        raise TypeError(f"{who}: {target!r} takes *args; give a function of fixed inputs")
    return sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)


class Unusable(Exception):
    """No real value at the point (a domain edge, an overflow): no difference there."""


# A forward rule (the table's or a user's) says "no real value here" with one of these.
NO_VALUE = (ScalarGradError, ArithmeticError, ValueError)


STEEP = 1e4  # a gate with a steeper local derivative is too near a domain edge


def profile(
    target: Expression | ExprFunction, xs: Sequence[float], steep: bool = False
) -> tuple[float, list[object]]:
    """``target``'s value at ``xs`` and the pieces of its kinked gates; ``Unusable``
    where it has no real value, and with ``steep`` where a gate's local derivative
    exceeds ``STEEP`` (x/x near 0: the value is fine, its derivatives are not)."""
    slopes: list[object] = []
    pieces: list[object] = []
    try:
        if isinstance(target, Expression):
            value = evaluate(target.tree, tuple(xs), pieces, slopes if steep else None)
        else:
            out = target(*[Value(x) for x in xs])
            if not isinstance(out, Value):
                return to_float(out, "the result of f"), []
            value = out.data
            for v in topological_order(out):
                if v.gate is not None and v.gate.piece is not None:
                    pieces.append(v.gate.piece(*(p.data for p in v.parents)))
                slopes.extend(v.local_grads)
    except NO_VALUE as err:
        raise Unusable(str(err)) from None
    if steep and not all(is_real(d) and abs(d) <= STEEP for d in slopes):  # type: ignore[arg-type]
        raise Unusable("a gate is too steep here")
    return value, pieces


def usable(target: Expression | ExprFunction, xs: Sequence[float], step: float = STEP) -> bool:
    """Whether a central difference of ``target`` at ``xs`` can be trusted (see points):
    the value is defined and moderate, and along each input the kinked gates stay on
    their pieces, the two one-sided differences agree (no cusp, as cbrt(x)**2 at 0) and
    the central difference does not change with the step."""
    try:
        value, pieces = profile(target, xs, steep=True)
        if not math.fabs(value) <= 1e4:
            return False
        for i in range(len(xs)):
            hi, lo = _sides(target, xs, i, step, pieces)
            ahead, behind = (hi - value) / step, (value - lo) / step
            if not math.isclose(ahead, behind, rel_tol=1e-3, abs_tol=1e-3):
                return False
            coarse = _sides(target, xs, i, 10 * step, pieces)
            fine = (hi - lo) / (2 * step)
            wide = (coarse[0] - coarse[1]) / (20 * step)
            if not math.isclose(fine, wide, rel_tol=1e-4, abs_tol=1e-6):
                return False
    except Unusable:
        return False
    return True


def _sides(
    target: Expression | ExprFunction, xs: Sequence[float], i: int, h: float, pieces: list[object]
) -> tuple[float, float]:
    """``target`` one step ``h`` above and below ``xs`` along input ``i``."""
    sides = []
    for step in (h, -h):
        moved = list(xs)
        moved[i] += step
        value, moved_pieces = profile(target, moved)
        if moved_pieces != pieces:
            raise Unusable("a kink lies within one step")
        sides.append(value)
    return sides[0], sides[1]
