"""``grad``: gradients as return values, never written into ``.grad``.

``grad(out, inputs)`` runs the chain rule over the graph under ``out`` and returns
d out / d input for each input. The per-node gradients live in a dict keyed by node,
so no ``.grad`` changes and nothing outlives the call but the answer.

With ``create_graph=False`` the pass multiplies the floats each gate stored when it ran
(``.local_grads``) and returns floats. With ``create_graph=True`` it calls each gate's
rule from the op table on Values instead (``node.gate.local(node, *node.parents)``), so
the gradient it returns is itself a graph of gates: differentiate it again, or draw it.
Only nodes that depend on an input take part, as ``requires_grad`` decides in PyTorch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, TypeAlias, overload

from .grad_mode import grad_enabled
from .graph import reverse_topological_order
from .reals import is_real, to_float
from .value import Number, Value

# A gradient under construction: a plain float until a Value takes part.
Partial: TypeAlias = "float | Value"


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
    """
    if not isinstance(output, Value):
        raise TypeError(f"grad: output must be a Value, got {type(output).__name__}")
    wrt = _check_inputs(inputs)
    seed = _check_gradient(gradient, create_graph)
    order = reverse_topological_order(output)  # output first, each node before its inputs
    live = _depends_on(order, wrt)
    if create_graph:
        token = grad_enabled.set(True)  # the gradient's own graph is recorded, as in PyTorch
        try:
            grads = _chain_values(order, live, seed)
        finally:
            grad_enabled.reset(token)
        return [_as_value(grads.get(x, 0.0)) for x in wrt]
    floats = _chain_floats(order, live, float(seed))
    return [floats.get(x, 0.0) for x in wrt]


def _check_inputs(inputs: Value | Sequence[Value]) -> list[Value]:
    if isinstance(inputs, Value):
        return [inputs]
    if isinstance(inputs, (str, bytes)) or not isinstance(inputs, Sequence):
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
        return gradient if create_graph else gradient.data
    if not is_real(gradient):
        raise TypeError(
            "grad: gradient must be a real number or a Value, "
            f"got {type(gradient).__name__} {gradient!r}"
        )
    return to_float(gradient, "grad: gradient")


def _depends_on(order: list[Value], wrt: list[Value]) -> set[Value]:
    """The nodes of ``order`` that are an input or are computed from one."""
    live = set(wrt)
    add = live.add
    for node in reversed(order):  # inputs first
        if node not in live:
            for p in node.parents:
                if p in live:
                    add(node)
                    break
    return live


def _chain_floats(order: list[Value], live: set[Value], seed: float) -> dict[Value, float]:
    """Reverse pass over the stored local derivatives: floats only, no Value created."""
    grads: dict[Value, float] = {order[0]: seed}
    for node in order:
        if node not in live:
            continue
        parents = node.parents
        if not parents:
            continue
        g = grads[node]
        for p, d in zip(parents, node.local_grads, strict=True):
            if p in live:
                # The sum backward forms: contributions added in this fixed order.
                old = grads.get(p)
                grads[p] = d * g if old is None else old + d * g
    return grads


def _chain_values(order: list[Value], live: set[Value], seed: Partial) -> dict[Value, Partial]:
    """Reverse pass that applies each gate's rule to Values, recording a new graph."""
    grads: dict[Value, Partial] = {order[0]: seed}
    for node in order:
        gate = node.gate
        if node not in live or gate is None:
            continue
        g = grads[node]
        locals_ = gate.local(node, *node.parents)
        for p, d in zip(node.parents, locals_, strict=True):
            if p in live:
                term = _times(d, g)
                grads[p] = grads[p] + term if p in grads else term
    return grads


def _times(d: Partial, g: Partial) -> Partial:
    """``d * g``, without a gate where one factor is exactly 1.0 (so the same number)."""
    if type(d) is float and d == 1.0:
        return g
    if type(g) is float and g == 1.0:
        return d
    return d * g


def _as_value(x: Partial) -> Value:
    return x if isinstance(x, Value) else Value(x)
