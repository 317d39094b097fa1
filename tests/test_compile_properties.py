"""``scalargrad.compile`` against the engine, example by example, on random trees.

A random ``Expression`` (``scalargrad.testing``) is split: some of its variables are the
compiled function's inputs (a batch of them per call), the others are parameter Values
the function reads from its closure; an input may also enter as ``x + s``, ``s`` a
parameter at 0, so that its gradient is compared too. The compiled forward pass must give
each example's ``.data``, and ``backward(reduce="sum")`` must add to each parameter's
``.grad`` the sum over the examples of the engine's ``backward()`` gradients. Where the
engine raises for an example, the compiled call raises an error class the engine raises
there, naming that batch row (and only rows the engine fails on). NaN and inf go through
as the engine takes them, with no NumPy warning.

The tolerance is an error bound, not a guess. NumPy's ``exp``, ``log``, ``tanh`` ... are
not libm's: they differ from ``math`` by an ulp or so, so the compiled numbers may differ
from the engine's by that much at such a gate, and by more after a gate that magnifies
differences (a cancellation, ``sin`` of a large number). ``_bounds`` allows ``REL =
1e-12`` of each such gate's output and propagates it through the engine's own graph: each
gate's inputs are moved by their bounds and the change of its output and of its local
derivatives (a kink crossed included) is added, forwards for the value and backwards,
with the adjoints, for the gradients. IEEE arithmetic (+ - * / sqrt) and the gates that
select (max, relu, clamp ...) give the same bits in NumPy as in Python, so they are
allowed nothing of their own, and the leaves are exact: a gate at a kink or a tie of
exact numbers must route the gradient exactly as the engine does.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import scalargrad as sg
from scalargrad import OPS, Op, Value, losses, optim, topological_order
from scalargrad.errors import ScalarGradError
from scalargrad.nn import MLP
from scalargrad.testing import Call, Const, Expression, Var, around, expressions

REL = 1e-12  # the relative difference allowed at each gate, propagated by _bounds
# Correctly rounded in IEEE 754 (or a selection of an input): the same bits from the same
# inputs in NumPy as in Python's floats.
EXACT = frozenset({"+", "-", "*", "/", "neg", "sqrt", "relu", "abs", "leaky_relu", "clamp",
                   "max", "min"})
INF = math.inf
NAN = math.nan

# ---- the engine, one example at a time ----------------------------------------------------


@dataclass
class Row:
    """One example through the engine: its value and parameter gradients with their error
    bounds, or the error it raised and every error class one of its gates raises."""

    value: float = NAN
    value_bound: float = 0.0
    grads: list[float] = field(default_factory=list)
    grad_bounds: list[float] = field(default_factory=list)
    error: ScalarGradError | None = None
    raising: set[type] = field(default_factory=set)


def _changed(a: float, b: float) -> float:
    """|a - b| as an error bound: inf where either is not finite and they differ."""
    if a == b:
        return 0.0
    d = abs(a - b)
    return d if math.isfinite(d) else INF


def _times(a: float, b: float) -> float:
    """a * b for bounds: 0 when either is 0 (no error there), never NaN."""
    if a == 0.0 or b == 0.0:
        return 0.0
    p = a * b
    return p if p == p else INF


def _size(name: str, out: float, xs: Sequence[float]) -> float:
    """What a gate's own difference is relative to: nothing for an exact gate, the sizes
    of the terms for a sum (added in another order, or by a matrix product), else the
    output."""
    if name in EXACT:
        return 0.0
    if name == "sum":
        return math.fsum(map(abs, xs))
    if name == "neuron":
        n = len(xs) >> 1
        terms = zip(xs[:n], xs[n : 2 * n], strict=True)
        return math.fsum(abs(w * x) for w, x in terms) + abs(xs[-1])
    return abs(out)


def _gate_bounds(v: Value, err: dict[Value, float]) -> tuple[float, list[float]]:
    """How far the compiled output of gate ``v``, and each of its local derivatives, may
    be from the engine's, given how far each input may be (``err``)."""
    op = v.gate
    assert op is not None
    xs = [p.data for p in v.parents]
    out, ds = v.data, v.local_grads
    n = len(xs)
    out_bound = REL * _size(op.name, out, xs)
    local_bounds = [REL * abs(d) if math.isfinite(d) else 0.0 for d in ds]
    for i, p in enumerate(v.parents):
        h = err[p]
        if h == 0.0:
            continue
        moved_out = 0.0
        moved = [0.0] * n
        for step in (h, -h):
            ys = list(xs)
            ys[i] += step
            try:
                y = op.forward(*ys)
                ds2 = op.local(y, *ys)
            except (ScalarGradError, ArithmeticError, ValueError):
                return INF, [INF] * n  # the compiled input may be past a domain edge
            moved_out = max(moved_out, _changed(y, out))
            moved = [max(m, _changed(a, b)) for m, a, b in zip(moved, ds2, ds, strict=True)]
        out_bound += moved_out
        local_bounds = [a + b for a, b in zip(local_bounds, moved, strict=True)]
    # The output's own difference, for local rules that read it (exp: out, tanh: 1 - out^2)
    h = REL * _size(op.name, out, xs)
    if h and math.isfinite(h):
        for step in (h, -h):
            try:
                ds2 = op.local(out + step, *xs)
            except ArithmeticError:  # a user's rule that cannot take it: no such case here
                continue
            local_bounds = [
                a + _changed(b, c) for a, b, c in zip(local_bounds, ds2, ds, strict=True)
            ]
    return out_bound, local_bounds


def _bounds(out: Value, leaves: Sequence[Value]) -> tuple[float, list[float]]:
    """Bounds on |compiled - engine| for ``out``'s value and for the gradient of each of
    ``leaves``, after ``out.backward()`` (which left every gate's adjoint in its .grad)."""
    order = topological_order(out)
    err: dict[Value, float] = {}
    local: dict[Value, list[float]] = {}
    for v in order:
        if v.parents:
            bound, local[v] = _gate_bounds(v, err)
            err[v] = bound if bound == bound else INF
        else:
            err[v] = 0.0
    adj_err = dict.fromkeys(order, 0.0)
    for v in reversed(order):  # every reader of a node is deeper than the node
        if not v.parents:
            continue
        a = abs(v.grad)
        for p, d, dd in zip(v.parents, v.local_grads, local[v], strict=True):
            if d == 0.0 and dd == 0.0:
                continue  # the engine sends nothing, nor may the replay
            # REL * |a d|: the gradients reaching p are added up in another order
            term = _times(adj_err[v], abs(d) + dd) + _times(a, dd) + _times(a, REL * abs(d))
            adj_err[p] += term
    return err[out], [adj_err[leaf] for leaf in leaves]


def _raising(tree: object, xs: Sequence[float]) -> tuple[float | None, set[type]]:
    """The tree's value at ``xs`` (None if a gate raised) and the error classes of every
    gate that raises on inputs the engine could compute."""
    if isinstance(tree, Var):
        return xs[tree.index], set()
    if isinstance(tree, Const):
        return tree.value, set()
    assert isinstance(tree, Call)
    args: list[float] = []
    classes: set[type] = set()
    for a in tree.args:
        value, more = _raising(a, xs)
        classes |= more
        if value is None:
            return None, classes | _rest(tree.args, xs)
        args.append(value)
    try:
        return tree.op.forward(*args), classes
    except ScalarGradError as err:
        return None, classes | {type(err)}


def _rest(args: Sequence[object], xs: Sequence[float]) -> set[type]:
    return set().union(*(_raising(a, xs)[1] for a in args))


@dataclass(repr=False)
class Split:
    """A tree's variables split into inputs (batched) and parameters (closure Values)."""

    e: Expression
    inputs: list[int]
    params: list[int]
    as_list: bool  # the inputs come as one list argument rather than one number each
    # Each input x enters the tree as x + s, s a parameter Value(0.0): d/ds summed over
    # the batch is the input's gradient, so every tree has gradients to compare.
    shifted: bool

    def __repr__(self) -> str:  # what hypothesis prints for a failing example
        inputs = ", ".join(f"x{i}" for i in self.inputs)
        return (
            f"Split({self.e.text!r}, inputs=[{inputs}]"
            f"{' as one list' if self.as_list else ''}{' + s' if self.shifted else ''}, "
            f"parameters=[{', '.join(f'x{i}' for i in self.params)}])"
        )

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:  # hypothesis' printer
        p.text(repr(self))


def engine_row(s: Split, point: Sequence[float]) -> Row:
    """``s.e`` at ``point`` through the engine; the gradients of the parameters, then of
    the inputs' shifts."""
    leaves = [Value(x) for x in point]
    shifts = [Value(0.0) for _ in s.inputs] if s.shifted else []
    args = list(leaves)
    for i, shift in zip(s.inputs, shifts, strict=False):
        args[i] = leaves[i] + shift
    try:
        out = s.e.build(*args)
    except ScalarGradError as err:
        return Row(error=err, raising=_raising(s.e.tree, [a.data for a in args])[1])
    out.backward()
    wrt = [leaves[i] for i in s.params] + shifts
    value_bound, grad_bounds = _bounds(out, wrt)
    return Row(out.data, value_bound, [v.grad for v in wrt], grad_bounds)


# ---- comparing ----------------------------------------------------------------------------


# Subnormal results sit on a grid of 2**-1074 that a relative bound cannot see: a sum of
# subnormal terms taken in another order (a matrix product) may land a few steps away.
SUBNORMAL_STEPS = 64 * 2.0**-1074


def assert_close(compiled: float, engine: float, bound: float, what: str) -> None:
    """Equal where the engine's number is NaN or infinite, within ``bound`` elsewhere (plus
    a few steps of the subnormal grid)."""
    if math.isnan(engine):
        assert math.isnan(compiled), f"{what}: compiled {compiled!r}, engine NaN"
    elif math.isinf(engine):
        assert compiled == engine, f"{what}: compiled {compiled!r}, engine {engine!r}"
    else:
        assert abs(compiled - engine) <= bound + SUBNORMAL_STEPS, (
            f"{what}: compiled {compiled!r}, engine {engine!r}, allowed {bound!r}"
        )


def engine_sum(terms: Sequence[float], bounds: Sequence[float]) -> tuple[float, float]:
    """The sum of per-example terms and its allowance: each term's bound plus REL of the
    sum of their sizes (the replay adds them in another order)."""
    total = sum(terms)
    allowed = sum(bounds) + REL * sum(abs(t) for t in terms)
    return total, (allowed if allowed == allowed else INF)


ROWS = re.compile(r"\(batch rows? ((?:\d+, )*\d+)\)$")


def named_rows(err: BaseException) -> list[int]:
    found = ROWS.search(str(err))
    assert found, f"the error names no batch row: {err}"
    return [int(r) for r in found.group(1).split(", ")]


def check_against_engine(
    s: Split, param_values: Sequence[float], batch: Sequence[Sequence[float]]
) -> None:
    """Compile ``s.e`` with ``param_values`` in closure Values, replay ``batch`` (one
    row of input values per example) and compare with the engine row by row."""
    n = s.e.n_vars
    params = {i: Value(x) for i, x in zip(s.params, param_values, strict=True)}
    shifts = {i: Value(0.0, f"s{i}") for i in s.inputs} if s.shifted else {}
    wrt = [*params.values(), *shifts.values()]  # the order of Row.grads

    def point(row: Sequence[float]) -> list[float]:
        it = iter(row)
        return [params[i].data if i in params else next(it) for i in range(n)]

    def fn(*args: object) -> Value:
        given = list(args[0]) if s.as_list else list(args)  # type: ignore[call-overload]
        it = iter(given)
        xs = [params[i] if i in params else next(it) for i in range(n)]
        return s.e.build(*[xs[i] + shifts[i] if i in shifts else xs[i] for i in range(n)])

    rows = [engine_row(s, point(r)) for r in batch]
    good = [b for b, r in enumerate(rows) if r.error is None]
    assume(good)  # the function must be traceable at one of the examples
    example = list(batch[good[0]])
    X = np.array(batch, dtype=float).reshape(len(batch), len(s.inputs))
    args = [X] if s.as_list else [X[:, j] for j in range(len(s.inputs))]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning from NumPy, whatever the input
        c = sg.compile(fn, *([example] if s.as_list else example))
        failing = [b for b, r in enumerate(rows) if r.error is not None]
        if failing:
            for call in (lambda: c(*args), lambda: c.backward(*args, reduce="sum")):
                with pytest.raises(ScalarGradError) as info:
                    call()
                shown = named_rows(info.value)
                assert shown and set(shown) <= set(failing), (shown, failing, info.value)
                if len(failing) == 1:
                    assert shown == failing
                assert type(info.value) in rows[shown[0]].raising, (info.value, rows[shown[0]])
            assert all(p.grad == 0.0 for p in wrt)  # a failed call adds nothing
            return
        values = c(*args)
        total = c.backward(*args, reduce="sum")
    assert isinstance(values, np.ndarray) and values.shape == (len(batch),)
    for b, r in enumerate(rows):
        assert_close(float(values[b]), r.value, r.value_bound, f"{s} row {b}")
    expected, allowed = engine_sum([r.value for r in rows], [r.value_bound for r in rows])
    assert_close(total, expected, allowed, f"{s} summed output")
    for k, v in enumerate(wrt):
        g, allowed = engine_sum([r.grads[k] for r in rows], [r.grad_bounds[k] for r in rows])
        name = v.label or f"x{s.params[k]}"
        assert_close(v.grad, g, allowed, f"{s} d/d{name} summed")


# ---- strategies ---------------------------------------------------------------------------

FINITE = st.floats(-3.0, 3.0)
# Kinks and ties: 0 for relu/abs/sqrt/leaky_relu and a power's base, equal values for
# max, min and clamp's bounds, the integers the trees' constants use.
KINKS = st.sampled_from([0.0, -0.0, 1.0, -1.0, 2.0, 0.5])
KINKED = ["relu", "abs", "leaky_relu", "sqrt", "cbrt", "**", "max", "min", "clamp"]


def _renumbered(tree: object) -> Expression:
    """``tree`` as an Expression over the variables it uses, numbered 0, 1, ..."""
    order: dict[int, int] = {}

    def walk(t: object) -> object:
        if isinstance(t, Var):
            return Var(order.setdefault(t.index, len(order)))
        if isinstance(t, Call):
            return Call(t.op, tuple(walk(a) for a in t.args))  # type: ignore[misc]
        return t

    walked = walk(tree)
    return Expression(walked, len(order))  # type: ignore[arg-type]


@st.composite
def kink_roots(draw: st.DrawFn) -> Expression:
    """A kinked gate reading variables and constants directly (max and min with 2 to 4
    inputs: the random trees give them 1 or 3), under a smooth gate or two, so drawn
    values land exactly on its kinks and ties."""
    op = OPS[draw(st.sampled_from(KINKED))]
    count = op.arity if op.arity is not None else draw(st.integers(2, 4))
    leaves = st.one_of(st.integers(0, 2).map(Var), KINKS.map(Const))
    args = draw(st.lists(leaves, min_size=count, max_size=count))
    if not any(isinstance(a, Var) for a in args):
        args[0] = Var(0)
    tree: object = Call(op, tuple(args))
    for outer in draw(st.lists(st.sampled_from(["sin", "*", "exp", "neuron"]), max_size=2)):
        if outer == "*":
            tree = Call(OPS["*"], (tree, Var(draw(st.integers(0, 2)))))
        elif outer == "neuron":  # w * tree + b, all three read by one gate
            tree = Call(OPS["neuron"], (Var(1), tree, Const(0.5)))
        else:
            tree = Call(OPS[outer], (tree,))
    return _renumbered(tree)


# kinked gates at the root, and random trees where they sit anywhere
KINK_TREES = st.one_of(
    kink_roots(),
    expressions(
        ops=[*KINKED, "+", "-", "*", "/", "neg", "exp", "sigmoid", "sum", "neuron"],
        variables=(1, 3), max_depth=2,
    ),
)
HOSTILE = st.one_of(FINITE, KINKS, st.sampled_from([NAN, INF, -INF]))


@st.composite
def splits(draw: st.DrawFn, trees: st.SearchStrategy[Expression]) -> Split:
    e = draw(trees)
    n = e.n_vars
    is_input = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    if not any(is_input):
        is_input[draw(st.integers(0, n - 1))] = True
    inputs = [i for i in range(n) if is_input[i]]
    params = [i for i in range(n) if not is_input[i]]
    return Split(e, inputs, params, draw(st.booleans()), draw(st.booleans()))


def batch_of(draw: st.DrawFn, s: Split, values: st.SearchStrategy[float]) -> list[list[float]]:
    b = draw(st.integers(1, 6))
    row = st.lists(values, min_size=len(s.inputs), max_size=len(s.inputs))
    return draw(st.lists(row, min_size=b, max_size=b))


def check_drawn(data: st.DataObject, s: Split, values: st.SearchStrategy[float]) -> None:
    param_values = data.draw(st.lists(values, min_size=len(s.params), max_size=len(s.params)))
    check_against_engine(s, param_values, batch_of(data.draw, s, values))


SETTINGS = settings(
    deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow]
)

# ---- every op of the table ----------------------------------------------------------------


@pytest.mark.parametrize("op", list(OPS.values()), ids=list(OPS))
@settings(SETTINGS, max_examples=15)
@given(data=st.data())
def test_each_op_at_the_root_replays_as_the_engine(op: Op, data: st.DataObject) -> None:
    # around(op): op at the root over random subtrees of the whole table
    check_drawn(data, data.draw(splits(around(op))), FINITE)


@settings(SETTINGS, max_examples=200)
@given(s=splits(expressions()), data=st.data())
def test_random_trees_replay_as_the_engine(s: Split, data: st.DataObject) -> None:
    check_drawn(data, s, FINITE)


@settings(SETTINGS, max_examples=400)
@given(s=splits(KINK_TREES), data=st.data())
def test_kinks_and_ties_replay_as_the_engine(s: Split, data: st.DataObject) -> None:
    # inputs and parameters drawn from a few numbers: relu(x0 - x1) at 0, max(x0, x1, x2)
    # with a 3-way tie, clamp(x0, x1, 2.0) at its bound, 0.0 ** x1 ...
    check_drawn(data, s, KINKS)


@settings(SETTINGS, max_examples=300)
@given(s=splits(expressions()), data=st.data())
def test_nan_and_inf_replay_as_the_engine(s: Split, data: st.DataObject) -> None:
    check_drawn(data, s, HOSTILE)


def test_the_kink_batches_reach_every_kink() -> None:
    # The property above is only as good as what it draws: every kinked op of the table
    # does get batches that put it exactly at its kink or tie. (Every op is compiled by
    # test_each_op_at_the_root_replays_as_the_engine, one test per op.)
    at_kinks: set[str] = set()

    @settings(max_examples=200, database=None, derandomize=True, deadline=None)
    @given(s=splits(KINK_TREES), data=st.data())
    def run(s: Split, data: st.DataObject) -> None:
        params = data.draw(st.lists(KINKS, min_size=len(s.params), max_size=len(s.params)))
        for row in batch_of(data.draw, s, KINKS):
            point = dict(zip(s.params, params, strict=True)) | dict(zip(s.inputs, row,
                                                                       strict=True))
            at_kinks.update(_at_a_kink(s.e.tree, [point[i] for i in range(s.e.n_vars)]))

    run()
    assert set(KINKED) - at_kinks == set()


def _at_a_kink(tree: object, xs: Sequence[float]) -> set[str]:
    """The kinked gates of ``tree`` that sit exactly at a kink or tie at ``xs``."""
    found: set[str] = set()

    def walk(t: object) -> float | None:
        if isinstance(t, Var):
            return xs[t.index]
        if isinstance(t, Const):
            return t.value
        assert isinstance(t, Call)
        args = [walk(a) for a in t.args]
        if any(a is None for a in args):
            return None
        try:
            out = t.op.forward(*args)
        except ScalarGradError:
            return None
        name = t.op.name
        if (
            (name in ("relu", "abs", "leaky_relu", "sqrt", "cbrt", "**") and args[0] == 0.0)
            or (name in ("max", "min") and len(args) > 1 and len(set(args)) < len(args))
            or (name == "clamp" and args[0] in args[1:])
        ):
            found.add(name)
        return out

    walk(tree)
    return found


# ---- routing at ties and kinks, by hand ---------------------------------------------------


def _compiled_grads(
    fn: Callable[..., Value], params: Sequence[Value], *batch: np.ndarray
) -> list[float]:
    for p in params:
        p.grad = 0.0
    c = sg.compile(fn, *(float(col[0]) for col in batch))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        c.backward(*batch, reduce="sum")
    return [p.grad for p in params]


def _engine_grads(
    fn: Callable[..., Value], params: Sequence[Value], *batch: np.ndarray
) -> list[float]:
    for p in params:
        p.grad = 0.0
    for row in zip(*batch, strict=True):
        fn(*(Value(float(x)) for x in row)).backward()
    return [p.grad for p in params]


def test_a_two_way_tie_sends_half_to_each_input() -> None:
    w = Value(1.5, "w")
    x = np.array([1.5, 1.5, 0.0, 2.0])  # tie, tie, then one row won by each (max or min)
    for gate in (sg.max, sg.min):
        def fn(v: Value, gate: Op = gate) -> Value:
            return gate(v, w) * 3.0
        got = _compiled_grads(fn, [w], x)
        assert got == _engine_grads(fn, [w], x)
        assert got == [3.0 * (0.5 + 0.5 + 1.0)]  # half of two ties, w wins 1 row of 2


def test_a_three_way_tie_sends_a_third_to_each_input() -> None:
    a, b = Value(2.0, "a"), Value(2.0, "b")

    def fn(x: Value) -> Value:
        return sg.max(x, a, b)

    x = np.array([2.0, 2.0, 2.0])
    assert _compiled_grads(fn, [a, b], x) == [1.0, 1.0]  # 3 rows x 1/3
    assert _engine_grads(fn, [a, b], x) == [1.0, 1.0]

    def fn4(x: Value) -> Value:
        return sg.min(x, x, a, b) * 1.0  # a 4-way tie, x counted twice

    x = np.array([2.0, 1.0])
    assert _compiled_grads(fn4, [a, b], x) == [0.25, 0.25] == _engine_grads(fn4, [a, b], x)


def test_kinks_route_as_the_engine() -> None:
    w, s, lo, hi = Value(0.0, "w"), Value(0.1, "s"), Value(-1.0, "lo"), Value(1.0, "hi")
    cases: list[tuple[Callable[..., Value], np.ndarray]] = [
        (lambda x: sg.relu(x + w) * 2.0, np.array([0.0, -0.0, 1.0, -1.0])),
        (lambda x: sg.abs(x - w) * 2.0, np.array([0.0, 1.0, -1.0])),
        (lambda x: sg.leaky_relu(x + w, s), np.array([0.0, 1.0, -2.0])),
        (lambda x: sg.clamp(x, lo, hi), np.array([-1.0, 1.0, -2.0, 2.0, 0.0])),
        (lambda x: sg.sqrt(x * (w + 2.0)), np.array([0.0, 4.0])),  # inf slope x 0 sends 0
        (lambda x: (x * w) ** s, np.array([0.0, 3.0])),  # base 0: d/ds is 0
        (lambda x: (w + x) ** 2.0, np.array([0.0, 1.0])),
        (lambda x: sg.cbrt(x + w) * hi, np.array([0.0, 8.0])),
    ]
    params = [w, s, lo, hi]
    for fn, x in cases:
        assert _compiled_grads(fn, params, x) == _engine_grads(fn, params, x)
    # the numbers themselves: clamp's bounds get the rows outside them only
    assert _compiled_grads(cases[3][0], params, cases[3][1])[2:] == [1.0, 1.0]
    # leaky_relu at 0 sends the slope to x (and w), 0 to the slope
    assert _compiled_grads(cases[2][0], params, cases[2][1])[:2] == [1.0 + 0.1 + 0.1, -2.0]


# ---- the MLP ------------------------------------------------------------------------------


def _loss(model: MLP) -> Callable[[list[Value], Value], Value]:
    def loss(x: list[Value], y: Value) -> Value:
        return losses.mse([model(x)], [y])  # type: ignore[list-item]

    return loss


def _engine_mlp(model: MLP, X: np.ndarray, Y: np.ndarray) -> tuple[list[Row], list[Value]]:
    ps = model.parameters()
    rows = []
    for x, y in zip(X.tolist(), Y.tolist(), strict=True):
        model.zero_grad()
        xs = [Value(v) for v in x]
        out = _loss(model)(xs, Value(y))
        out.backward()
        value_bound, grad_bounds = _bounds(out, ps)
        rows.append(Row(out.data, value_bound, [p.grad for p in ps], grad_bounds))
    model.zero_grad()
    return rows, ps


MLP_INPUTS = st.one_of(st.floats(-3.0, 3.0), st.just(0.0))  # x = (0, 0): every relu at 0


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "linear"])
@settings(SETTINGS, max_examples=6)
@given(data=st.data())
def test_the_mlp_replays_as_the_engine(activation: str, data: st.DataObject) -> None:
    model = MLP(2, [16, 16, 1], activation=activation, seed=0)
    c = sg.compile(_loss(model), [0.5, -1.0], 0.25)
    b = data.draw(st.integers(1, 8))
    X = np.array(data.draw(st.lists(st.lists(MLP_INPUTS, min_size=2, max_size=2),
                                    min_size=b, max_size=b)))
    # targets away from the untrained model's outputs, so the gradients are not all 0
    Y = np.array(data.draw(st.lists(st.floats(2.0, 4.0), min_size=b, max_size=b)))
    rows, ps = _engine_mlp(model, X, Y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = c(X, Y)
        total = c.backward(X, Y, reduce="sum")
        summed = [p.grad for p in ps]
        model.zero_grad()
        mean = c.backward(X, Y, reduce="mean")
        meaned = [p.grad for p in ps]
    for k, r in enumerate(rows):
        assert_close(float(values[k]), r.value, r.value_bound, f"loss of example {k}")
    expected, allowed = engine_sum([r.value for r in rows], [r.value_bound for r in rows])
    assert_close(total, expected, allowed, "summed loss")
    assert mean == pytest.approx(total / b, rel=1e-15, abs=0.0)
    moved = 0
    for j, p in enumerate(ps):
        g, allowed = engine_sum([r.grads[j] for r in rows], [r.grad_bounds[j] for r in rows])
        assert_close(summed[j], g, allowed, f"d/d{p.label} summed")
        assert meaned[j] == pytest.approx(summed[j] / b, rel=1e-15, abs=0.0)
        moved += g != 0.0
    assert moved > 0  # the gradients compared are not all zero


@settings(SETTINGS, max_examples=8)
@given(
    lr=st.floats(0.01, 0.2),
    X=st.lists(st.lists(st.floats(-2.0, 2.0), min_size=2, max_size=2), min_size=2, max_size=6),
)
def test_training_reads_the_moved_parameters(lr: float, X: list[list[float]]) -> None:
    # Twin models, the same seed: one steps on the compiled mean gradient, the other on
    # the engine's per-example gradients / B. Each step's loss and parameters stay equal
    # (1e-9: a few steps of a well-conditioned descent move rounding by far less; a
    # replay reading stale .data would be off by lr x gradient).
    Xa = np.array(X)
    Y = np.sin(Xa[:, 0]) * Xa[:, 1] + 1.0
    fast, slow = MLP(2, [8, 8, 1], activation="tanh", seed=3), MLP(2, [8, 8, 1],
                                                                    activation="tanh", seed=3)
    c = sg.compile(_loss(fast), [0.0, 0.0], 0.0)
    opt_fast = optim.SGD(fast.parameters(), lr=lr)
    opt_slow = optim.SGD(slow.parameters(), lr=lr)
    losses_seen = []
    for _ in range(3):
        opt_fast.zero_grad()
        loss = c.backward(Xa, Y)
        opt_fast.step()
        opt_slow.zero_grad()
        total = 0.0
        for x, y in zip(X, Y.tolist(), strict=True):
            out = _loss(slow)([Value(v) for v in x], Value(y))
            out.backward()
            total += out.data
        for p in slow.parameters():
            p.grad = p.grad / len(X)
        opt_slow.step()
        assert loss == pytest.approx(total / len(X), rel=1e-9, abs=1e-12)
        for p, q in zip(fast.parameters(), slow.parameters(), strict=True):
            assert p.data == pytest.approx(q.data, rel=1e-9, abs=1e-12)
        losses_seen.append(loss)
    assert losses_seen[0] != losses_seen[1] != losses_seen[2]  # the steps moved the loss


# ---- a user's own gates -------------------------------------------------------------------


def _cube_forward(x: float) -> float:
    return x * x * x


CUBE = Op(
    "cube", "$x^3$", _cube_forward, lambda out, x: (3.0 * x * x,),
    vforward=lambda xp, x: x * x * x, vlocal=lambda xp, out, x: (3.0 * x * x,),
)


def _hinge_local(out: object, x: object, m: object) -> tuple[float, float]:
    xf = x if type(x) is float else x._data  # type: ignore[attr-defined]
    mf = m if type(m) is float else m._data  # type: ignore[attr-defined]
    return (1.0, -1.0) if xf > mf else (0.0, 0.0)


# max(x - m, 0) with a kink, its vector rule returning arrays and floats alike
HINGE = Op(
    "hinge", "$\\max(x - m, 0)$", lambda x, m: x - m if x > m else 0.0, _hinge_local,
    vforward=lambda xp, x, m: xp.where(x > m, x - m, 0.0),
    vlocal=lambda xp, out, x, m: (xp.where(x > m, 1.0, 0.0), xp.where(x > m, -1.0, 0.0)),
)

USER_TREES = st.one_of(
    around(CUBE),
    around(HINGE),
    expressions(ops=[CUBE, HINGE, "+", "*", "exp", "sigmoid", "sin", "log", "max"],
                variables=(1, 3)),
)


@settings(SETTINGS, max_examples=60)
@given(s=splits(USER_TREES), data=st.data())
def test_a_users_own_ops_replay_as_the_engine(s: Split, data: st.DataObject) -> None:
    assume({"cube", "hinge"} & s.e.ops())
    check_drawn(data, s, st.one_of(FINITE, KINKS))


@settings(SETTINGS, max_examples=30)
@given(
    start=st.floats(-2.0, 2.0), moved=st.floats(-2.0, 2.0),
    X=st.lists(st.floats(-2.0, 2.0), min_size=1, max_size=5),
)
def test_a_parameters_new_data_is_read_at_the_next_call(
    start: float, moved: float, X: list[float]
) -> None:
    w = Value(start, "w")

    def fn(x: Value) -> Value:
        return CUBE(x * w) + HINGE(w, x)

    c = sg.compile(fn, 0.5)
    w.data = moved
    got = c(np.array(X))
    expected = [fn(Value(x)).data for x in X]
    assert got.tolist() == pytest.approx(expected, rel=1e-12, abs=1e-300)
