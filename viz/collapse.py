"""Grouping for the collapsed view of a large graph.

A group is a gate together with the weighted sum that feeds it: a leaf, or a gate of a
weighted sum (an op row with ``folds``: ``+ - × neg sum neuron``), that exactly one gate
reads joins that gate's group. Everything else (a Value read by several gates, any other
gate such as relu, tanh or max, and the root) starts a group of its own. In an MLP each
neuron becomes one group: its products w·x, its running sums, its weights and its bias
are each read once, by the neuron, which ends in its activation.
"""

from __future__ import annotations

from collections import Counter

from scalargrad import Value

from .symbols import gate_symbol


def group_roots(order: list[Value], uses: list[list[tuple[int, int]]]) -> list[int]:
    """``rep[i]``: the topological position of the group root that node ``i`` belongs to."""
    rep = list(range(len(order)))
    for i in range(len(order) - 1, -1, -1):  # consumers come after their inputs
        v = order[i]
        if len(uses[i]) == 1 and (v.gate is None or v.gate.folds):
            rep[i] = rep[uses[i][0][0]]
    return rep


def summary(order: list[Value], inside: list[int]) -> str:
    """What a group holds, e.g. ``"33 gates: 16 ×, 16 +, 1 relu · 17 own inputs"``."""
    ops = Counter(gate_symbol(order[i]) for i in inside if order[i].parents)
    gates = sum(ops.values())
    leaves = len(inside) - gates
    text = f"{gates} gate{'s' if gates != 1 else ''}: " + ", ".join(
        f"{n} {symbol}" for symbol, n in ops.items()
    )
    if leaves:
        text += f" · {leaves} own input{'s' if leaves != 1 else ''}"
    return text
