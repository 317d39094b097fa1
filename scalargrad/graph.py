"""Walking a graph: a deterministic topological order, the gates backward runs, zero_grad.

Everything here is iterative (a graph a million nodes deep is fine) and deterministic:
the order depends only on the graph's shape and each gate's argument order. A node's
``_depth`` (one more than its deepest parent) is a topological key: sorting the nodes
by it, stably, puts every node after all of its inputs.
"""

from __future__ import annotations

from operator import attrgetter

from .errors import StaleGraphError
from .value import Value

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


def gates_from(root: Value) -> list[Value]:
    """The gates ``root`` depends on (``root`` first if it is one), each before its inputs:
    the order a backward pass runs them in.

    Raises ``StaleGraphError`` if a leaf's ``.data`` was set after a gate read it."""
    found = {root}
    gates = [root] if root._parents else []
    # Breadth-first: the list grows while the loop walks it.
    for node in gates:
        seen = 0
        for p in node._parents:
            seen += p._version
            if p._parents and p not in found:
                found.add(p)
                gates.append(p)
        if seen != node._version:
            raise _stale(node)
    gates.sort(key=_depth, reverse=True)
    return gates


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


def zero_grad(root: Value) -> None:
    """Set ``.grad`` to 0.0 on ``root`` and every node reachable from it."""
    for node in _reachable(root):
        node._grad = 0.0
