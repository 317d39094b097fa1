"""Walking a graph: a deterministic topological order, backward, zero_grad.

Everything here is iterative (a graph a million nodes deep is fine) and deterministic:
the order depends only on the graph's shape and each gate's argument order. A node's
``_depth`` (one more than its deepest parent) is a topological key: sorting the nodes
by it, stably, puts every node after all of its inputs.
"""

from __future__ import annotations

from operator import attrgetter

from .reals import to_float
from .value import Number, Value

_depth = attrgetter("_depth")


def _reachable(root: Value) -> list[Value]:
    """Every node ``root`` depends on, once each, in depth-first discovery order."""
    found = {root: None}
    stack = [root]
    while stack:
        for p in stack.pop()._parents:
            if p not in found:
                found[p] = None
                stack.append(p)
    return list(found)


def _check_root(root: object, who: str) -> None:
    if not isinstance(root, Value):
        raise TypeError(f"{who} takes a Value (the graph's output), got {type(root).__name__}")


def reverse_topological_order(root: Value) -> list[Value]:
    """``root`` first, every node before its inputs, the leaves last."""
    _check_root(root, "reverse_topological_order")
    return sorted(_reachable(root), key=_depth, reverse=True)


def topological_order(root: Value) -> list[Value]:
    """Every node ``root`` depends on, inputs first, ``root`` last; the same every run."""
    _check_root(root, "topological_order")
    return sorted(_reachable(root), key=_depth)


def backward(root: Value, gradient: Number = 1.0) -> None:
    """Chain rule from ``root``: ``parent.grad += local * node.grad`` in reverse order.

    As in PyTorch, the gate outputs visited are reset first and leaves accumulate, so
    two calls give exactly twice the leaf gradients.
    """
    seed = gradient if type(gradient) is float else to_float(gradient, "backward(gradient)")
    if not root._parents:
        root._grad += seed
        return
    # Find the gate outputs root depends on and reset their grads (leaves accumulate).
    # The reset value is a float object made for this pass, so `is not zero` also tells
    # whether a gate was already found: no visited-set, the hot loop's biggest cost.
    # (The list grows while the loop walks it: a breadth-first search without a queue.)
    zero = float("0")
    root._grad = zero
    gates = [root]
    for node in gates:
        for p in node._parents:
            if p._parents and p._grad is not zero:
                p._grad = zero
                gates.append(p)
    gates.sort(key=_depth, reverse=True)
    root._grad = seed
    for node in gates:
        parents = node._parents
        g = node._grad
        if len(parents) == 2:
            a, b = parents
            da, db = node._local
            a._grad += da * g
            b._grad += db * g
        elif len(parents) == 1:
            parents[0]._grad += node._local[0] * g
        else:
            for p, d in zip(parents, node._local, strict=True):
                p._grad += d * g


def zero_grad(root: Value) -> None:
    """Set ``.grad`` to 0.0 on ``root`` and every node reachable from it."""
    for node in _reachable(root):
        node._grad = 0.0
