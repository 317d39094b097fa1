"""The chain rule, once: ``backward``, ``grad`` and the derivatives built on them.

One walk (``_walk``) and one loop (``_chain``) serve all three ways to ask for a
gradient:

* ``out.backward()`` multiplies the floats each gate stored when it ran
  (``.local_grads``) and writes the result into ``.grad``;
* ``grad(out, inputs)`` runs the same loop and returns the gradients instead;
* ``grad(out, inputs, create_graph=True)`` runs it on each gate's rule applied to Values
  (``gate.local(node, *parents)``), so the gradient it returns is itself a graph:
  differentiate it again (``derivative``, ``hessian``) or draw it.

A local derivative that is exactly 0.0 sends nothing, whatever arrives from above: a relu
below 0, the loser of a max, abs at 0 and a clamp outside its bounds mask an infinite or
NaN gradient instead of turning it into NaN (PyTorch's relu and max do the same).

A pass accumulates into ``_grad``. It marks each node it finds with a token object made
for that pass (no visited set, and no reliance on the identity of floats). ``grad`` puts
back every ``.grad`` it used. A pass runs under ``_PASS``: passes from several threads on
one graph take turns, and their sums come out as if run one after another.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any, Literal, TypeAlias, overload

from .errors import StaleGraphError
from .grad_mode import grad_enabled, tracing
from .reals import is_int, is_list, is_real, to_float
from .value import Number, Value, checked_local

# A gradient under construction: a plain float until a Value takes part.
Partial: TypeAlias = "float | Value"

# One gradient pass at a time: a pass uses the .grad and the mark of every node it reaches.
_PASS = threading.RLock()


_by_depth = attrgetter("_depth")


def _walk(root: Value) -> list[Value]:
    """The gates ``root`` depends on (``root`` first if it is one), each before its inputs.

    Raises ``StaleGraphError`` if a leaf's ``.data`` was set after a gate read it: a gate's
    ``_version`` must still be the sum of its inputs' (value.py)."""
    if not root._parents:
        return []
    mark = object()
    root._mark = mark
    gates = [root]
    add = gates.append
    # Breadth-first: the list grows while the loop walks it. Two inputs (most gates) are
    # unrolled; leaves are neither marked nor listed.
    for node in gates:
        parents = node._parents
        if len(parents) == 2:
            a, b = parents
            if a._version + b._version != node._version:
                raise _stale(node)
            if a._parents and a._mark is not mark:
                a._mark = mark
                add(a)
            if b._parents and b._mark is not mark:
                b._mark = mark
                add(b)
            continue
        seen = 0
        for p in parents:
            seen += p._version
            if p._parents and p._mark is not mark:
                p._mark = mark
                add(p)
        if seen != node._version:
            raise _stale(node)
    gates.sort(key=_by_depth, reverse=True)
    return gates


def _not_traced(what: str) -> None:
    """Gradients inside a function ``compile`` traces are refused: their numbers (and the
    kinks their rules choose) would be the traced example's, replayed for every one."""
    if tracing.get():
        from .compiled.trace import refuse_read

        refuse_read(what)


def _stale(gate: Value) -> StaleGraphError:
    moved = [p for p in gate._parents if not p._parents and p._version]
    names = ", ".join(
        f"{p.label!r} (now {p.data!r})" if p.label else f"an unlabelled leaf (now {p.data!r})"
        for p in dict.fromkeys(moved)
    )
    return StaleGraphError(
        f"the .data of leaf {names} was set after gate {gate.op!r} read it (its output "
        f"is {gate.data!r}): this graph holds the old numbers; build it again from the "
        "current values, as each training step does"
    )


def _chain(gates: list[Value], on_values: bool) -> None:
    """Send each gate's gradient (``_grad``, final once every reader has run) to its inputs,
    ``local * gradient``, in the ``gates``' order; an exact 0.0 local derivative sends
    nothing.

    With ``on_values`` the local derivatives come from each gate's rule run on Values
    (recorded as a graph); else from the floats stored when the gate ran, with the
    two-input case, most gates, unrolled."""
    for node in gates:
        g: Any = node._grad
        parents = node._parents
        if on_values:
            for p, d in zip(parents, _local_on_values(node), strict=True):
                if d == 0.0:  # a Value never equals a float: only a float 0.0 masks
                    continue
                acc: Any = p._grad
                term = _times(d, g)
                # while create_graph runs, .grad holds Values (grad() puts the floats back)
                p._grad = term if type(acc) is float and acc == 0.0 else acc + term  # type: ignore[assignment]
        elif len(parents) == 2:
            a, b = parents
            da, db = node._local
            if da:
                a._grad += da * g
            if db:
                b._grad += db * g
        else:
            for p, d in zip(parents, node._local, strict=False):  # lengths checked at build
                if d:
                    p._grad += d * g


def _local_on_values(node: Value) -> tuple[Any, ...]:
    op = node._op
    assert op is not None, "only gates are chained"
    local = op.local(node, *node._parents)
    if not op.trusted:
        return checked_local(op, local, len(node._parents), numbers_only=False)
    return local


def _times(d: Partial, g: Partial) -> Partial:
    """``d * g``, without a gate where one factor is exactly 1.0 (so the same node)."""
    if type(d) is float and d == 1.0:
        return g
    if type(g) is float and g == 1.0:
        return d
    return d * g


def backward(root: Value, gradient: Number = 1.0) -> None:
    """Chain rule from ``root``: each node's gradient lands in its ``.grad``.

    As in PyTorch, the gates visited get this pass's gradient and leaves accumulate, so
    two calls give exactly twice the leaf gradients."""
    _not_traced("runs backward()")
    seed = gradient if type(gradient) is float else to_float(gradient, "backward(gradient)")
    with _PASS:
        gates = _walk(root)  # before any .grad changes: it may refuse a stale graph
        for node in gates:
            node._grad = 0.0  # gates get this pass's gradient; leaves accumulate
        root._grad = seed if root._parents else root._grad + seed
        _chain(gates, on_values=False)


@overload
def grad(
    output: Value,
    inputs: Value | Sequence[Value],
    gradient: Number | Value = ...,
    create_graph: Literal[False] = ...,
) -> list[float]: ...


@overload
def grad(
    output: Value,
    inputs: Value | Sequence[Value],
    gradient: Number | Value = ...,
    *,
    create_graph: Literal[True],
) -> list[Value]: ...


@overload
def grad(
    output: Value,
    inputs: Value | Sequence[Value],
    gradient: Number | Value,
    create_graph: Literal[True],
) -> list[Value]: ...


@overload
def grad(
    output: Value,
    inputs: Value | Sequence[Value],
    gradient: Number | Value = ...,
    create_graph: bool = ...,
) -> list[float] | list[Value]: ...


def grad(
    output: Value,
    inputs: Value | Sequence[Value],
    gradient: Number | Value = 1.0,
    create_graph: bool = False,
) -> list[float] | list[Value]:
    """d output / d input for each input, in order: ``gradient`` times the chain rule.

    ``inputs`` is one Value or a sequence of Values (leaves or interior nodes); the
    result is always a list, one entry per input. An input ``output`` does not depend on
    gets 0.0. ``.grad`` is neither read nor written.

    With ``create_graph=True`` (recorded even under ``no_grad``) every entry is a Value
    that can be differentiated again: a new gate, a node the gradient is made of
    (d(x*y)/dy is ``x`` itself), or a constant leaf where the gradient is a plain number.
    Only gates that depend on an input take part, as ``requires_grad`` decides in PyTorch.
    """
    _not_traced("takes a gradient (grad, derivative, hessian)")
    if not isinstance(output, Value):
        raise TypeError(f"grad: output must be a Value, got {type(output).__name__}")
    wrt = _check_inputs(inputs)
    seed = _check_gradient(gradient, create_graph)
    with _PASS:
        gates = _walk(output)
        leaves = dict.fromkeys(p for g in gates for p in g._parents if not p._parents)
        nodes = [*gates, *leaves] if gates else [output]
        saved = [v._grad for v in nodes]  # every .grad the pass uses, to put back
        try:
            for v in nodes:
                v._grad = 0.0
            output._grad = seed  # type: ignore[assignment]  # a Value while create_graph runs
            live = _depending_on(gates, wrt)
            reached = set(nodes)
            if create_graph:
                token = grad_enabled.set(True)  # the gradient's graph is recorded, as in PyTorch
                try:
                    _chain(live, on_values=True)
                finally:
                    grad_enabled.reset(token)
                return [_as_value(x._grad if x in reached else 0.0) for x in wrt]
            _chain(live, on_values=False)
            return [x._grad if x in reached else 0.0 for x in wrt]
        finally:
            for v, g in zip(nodes, saved, strict=True):
                v._grad = g


def _check_inputs(inputs: Value | Sequence[Value]) -> list[Value]:
    if isinstance(inputs, Value):
        return [inputs]
    if not is_list(inputs):
        raise TypeError(
            "grad: inputs must be a Value or a sequence (list, tuple) of Values, "
            f"got {type(inputs).__name__}"
        )
    if not inputs:
        raise ValueError("grad: inputs is empty; give at least one Value")
    for i, x in enumerate(inputs):
        if not isinstance(x, Value):
            raise TypeError(f"grad: inputs[{i}] must be a Value, got {type(x).__name__} {x!r}")
    return list(inputs)


def _check_gradient(gradient: object, create_graph: bool) -> Partial:
    if isinstance(gradient, Value):
        # A Value seed stays in the graph (its data is used when no graph is built).
        return gradient if create_graph else gradient._data
    if not is_real(gradient):
        raise TypeError(
            "grad: gradient must be a real number or a Value, "
            f"got {type(gradient).__name__} {gradient!r}"
        )
    return to_float(gradient, "grad: gradient")


def _depending_on(gates: list[Value], wrt: list[Value]) -> list[Value]:
    """The ``gates`` that are an input or are computed from one, in the same order."""
    live = set(wrt)
    for node in reversed(gates):  # inputs first
        if node not in live and any(p in live for p in node._parents):
            live.add(node)
    return [node for node in gates if node in live]


def _as_value(x: Partial) -> Value:
    return x if isinstance(x, Value) else Value(x)


# ---- derivatives of Python functions: derivative(f, n) and hessian(f) -----------------

# f takes Values (it may also be called with floats) and returns a Value or a number.
ScalarFunction = Callable[..., Any]


def derivative(f: ScalarFunction, n: int = 1) -> Callable[[float | Value], float]:
    """The function ``x -> f⁽ⁿ⁾(x)`` as a float; ``n = 0`` gives ``f(x)`` itself.

    Each order but the last is taken with ``create_graph=True``, so the n-th derivative
    comes from the same op table as the first.

        >>> from scalargrad import derivative, sin
        >>> derivative(lambda x: x**3, 2)(2.0)   # d²/dx² x³ = 6x
        12.0
        >>> derivative(sin, 4)(1.0) == sin(1.0).data
        True
    """
    if not callable(f):
        raise TypeError(f"derivative: f must be callable, got {type(f).__name__}")
    if not is_int(n):
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
        return y._data if isinstance(y, Value) else y

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
        return x._data
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
