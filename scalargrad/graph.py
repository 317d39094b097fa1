"""Walking a graph: a deterministic topological order, and zero_grad.

Everything here is iterative (a graph a million nodes deep is fine) and deterministic:
the order depends only on the graph's shape and each gate's argument order. A node's
``_depth`` (one more than its deepest parent) is a topological key: sorting the nodes
by it, stably, puts every node after all of its inputs.
"""

from __future__ import annotations

from operator import attrgetter

from .value import Value

_depth = attrgetter("_depth")


def reachable(*roots: Value) -> list[Value]:
    """Every node the ``roots`` depend on (the roots too), once each, in depth-first
    discovery order."""
    found = dict.fromkeys(roots)
    stack = list(roots)
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
    return sorted(reachable(root), key=_depth, reverse=True)


def topological_order(root: Value) -> list[Value]:
    """Every node ``root`` depends on, inputs first, ``root`` last; the same every run."""
    _check_root(root, "topological_order")
    return sorted(reachable(root), key=_depth)


def zero_grad(root: Value) -> None:
    """Set ``.grad`` to 0.0 on ``root`` and every node reachable from it."""
    for node in reachable(root):
        node._grad = 0.0
