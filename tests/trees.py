"""Random expression trees over the whole op table, for the random-tree property tests.

The generator reads ``scalargrad.OPS``: every row is drawn, with its own number of
inputs (one or three for a variadic op, so a neuron gets 2n+1), and no op is named here.
An argument is now and then wrapped to be positive (``exp(t)``, ``t*t + c``,
``sigmoid(t)``), so ops with a restricted domain (log, sqrt, asin, a power's base ...)
meet valid inputs often; the tests reject the rest.

``evaluate`` runs a tree on plain floats with the ``math`` module (``ORACLE``, written
apart from the engine's forward rules): the oracle for values and, through central
differences, for gradients. ``build`` runs the same tree through the engine.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass

from hypothesis import strategies as st

from scalargrad import OPS, Op, Value
from scalargrad.ops import ADD, EXP, MUL, SIGMOID


@dataclass(frozen=True)
class Var:
    """The ``index``-th input variable."""

    index: int

    def __repr__(self) -> str:
        return f"x{self.index}"


@dataclass(frozen=True)
class Const:
    """A constant, passed to the engine as a plain float."""

    value: float

    def __repr__(self) -> str:
        return repr(self.value)


@dataclass(frozen=True)
class Call:
    """Gate ``op`` of the table applied to ``args``."""

    op: Op
    args: tuple[Tree, ...]

    def __repr__(self) -> str:
        return f"{self.op.name}({', '.join(map(repr, self.args))})"


Tree = Var | Const | Call


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

MAX_VARS = 4
DEPTH = 3

inputs = st.floats(-3.0, 3.0, allow_nan=False, allow_infinity=False)
constants = st.one_of(
    st.floats(-3.0, 3.0, allow_nan=False, allow_infinity=False),
    st.integers(-3, 3).map(float),  # integer exponents let a negative base in
).map(Const)


def _positive(sub: st.SearchStrategy[Tree]) -> st.SearchStrategy[Tree]:
    """Trees whose value is > 0 wherever they are defined."""
    c = st.floats(0.2, 3.0).map(Const)
    return st.one_of(
        st.builds(lambda t, k: Call(ADD, (Call(MUL, (t, t)), k)), sub, c),
        st.builds(lambda t: Call(EXP, (t,)), sub),
        st.builds(lambda t: Call(SIGMOID, (t,)), sub),
    )


def _calls(op: Op, sub: st.SearchStrategy[Tree]) -> st.SearchStrategy[Tree]:
    arg = st.one_of(sub, _positive(sub))
    counts = st.sampled_from([1, 3]) if op.arity is None else st.just(op.arity)
    return counts.flatmap(
        lambda n: st.lists(arg, min_size=n, max_size=n).map(lambda a: Call(op, tuple(a)))
    )


def trees(
    n_vars: int, depth: int = DEPTH, table: list[Op] | None = None
) -> st.SearchStrategy[Tree]:
    """Trees over variables ``0 .. n_vars-1`` and constants, at most ``depth`` gates deep
    (plus the positive wrappers), drawing every op of ``table`` (the whole op table)."""
    rows = list(OPS.values()) if table is None else table
    leaves: st.SearchStrategy[Tree] = st.one_of(st.integers(0, n_vars - 1).map(Var), constants)
    if depth == 0:
        return leaves
    sub = trees(n_vars, depth - 1, rows)
    return st.one_of(leaves, st.sampled_from(rows).flatmap(lambda op: _calls(op, sub)))


@dataclass(frozen=True)
class Case:
    """A tree over ``len(point)`` variables and the point to differentiate it at."""

    tree: Tree
    point: list[float]


def _cases(n_vars: int) -> st.SearchStrategy[Case]:
    return st.builds(Case, trees(n_vars), st.lists(inputs, min_size=n_vars, max_size=n_vars))


cases: st.SearchStrategy[Case] = st.one_of([_cases(n) for n in range(1, MAX_VARS + 1)])


def ops_in(tree: Tree) -> set[str]:
    """Every op name used in ``tree``."""
    if isinstance(tree, Call):
        return {tree.op.name}.union(*(ops_in(a) for a in tree.args))
    return set()


class Unsafe(Exception):
    """No reliable oracle at this point: a domain edge, a runaway value."""


BIG = 1e3  # larger intermediate values make central differences too noisy to compare


def evaluate(tree: Tree, xs: list[float], pieces: list[object]) -> float:
    """``tree`` at ``xs`` in floats (``ORACLE``); appends the smooth piece of every gate
    with kinks (``Op.piece``) to ``pieces``, so a caller can tell a kink was crossed."""
    if isinstance(tree, Var):
        return xs[tree.index]
    if isinstance(tree, Const):
        return tree.value
    args = [evaluate(a, xs, pieces) for a in tree.args]
    try:
        out = ORACLE[tree.op.name](*args)
    except (ValueError, OverflowError, ZeroDivisionError) as e:
        raise Unsafe(f"{tree.op.name}: {e}") from None
    if isinstance(out, complex) or not math.fabs(out) <= BIG:
        raise Unsafe(f"value {out!r} out of range")
    if tree.op.piece is not None:
        pieces.append(tree.op.piece(*args))
    return float(out)


# Python's syntax for the operators, so trees also run through Value's (reflected) dunders.
SYNTAX: dict[str, Callable[..., object]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "**": operator.pow,
    "neg": operator.neg,
}


def build(tree: Tree, leaves: list[Value], seen: dict[Tree, Value | float]) -> Value | float:
    """``tree`` through scalargrad over ``leaves``; a Const stays a float, and equal
    subtrees become one node (so random graphs reuse nodes: ``t*t`` has parents ``(t, t)``).

    Gates are reached the ways users reach them, in turn: an operator (``2.0 ** x`` takes
    the reflected path), a ``Value`` method, or the op row called as a function."""
    if isinstance(tree, Var):
        return leaves[tree.index]
    if isinstance(tree, Const):
        return tree.value
    if tree not in seen:
        args = [build(a, leaves, seen) for a in tree.args]
        seen[tree] = _gate(tree.op, args, len(seen))
    return seen[tree]


def _gate(op: Op, args: list[Value | float], turn: int) -> Value:
    has_value = any(isinstance(a, Value) for a in args)
    if op.name in SYNTAX and has_value:
        out = SYNTAX[op.name](*args)
        assert isinstance(out, Value)
        return out
    method = getattr(Value, op.name, None)
    first = args[0]
    fits = op.arity is not None or len(args) == 2  # a max/min method takes one other
    if turn % 2 and method is not None and isinstance(first, Value) and fits:
        result: Value = method(first, *args[1:])
        return result
    return op(*args)
