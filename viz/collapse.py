"""The collapsed view of a large graph: which gates group together, and its diagram.

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

from .diagram import Box, Diagram, Walk, Wire, leaf_box, output_box, output_wire
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


def collapsed_view(walk: Walk) -> Diagram:
    order, pos, uses, sent, received = walk.order, walk.pos, walk.uses, walk.sent, walk.received
    show, gates = walk.show, walk.gates
    rep = group_roots(order, uses)
    members: dict[int, list[int]] = {}
    for i in range(len(order)):
        members.setdefault(rep[i], []).append(i)
    boxes: list[Box] = []
    wires: list[Wire] = []
    for r, inside in sorted(members.items()):
        v = order[r]
        g = received[r] if show else None
        if not v.parents:
            boxes.append(leaf_box(r, v, g))
            continue
        symbol = gate_symbol(v)
        boxes.append(
            Box(f"n{r}", "group", symbol, v.data, g, r, summary(order, inside), tuple(inside))
        )
        # One wire per outside box feeding the group, carrying the sum of what it sent.
        into: dict[int, float] = {}
        for m in inside:
            for k, p in enumerate(order[m].parents):
                j = pos[p]
                if rep[j] != r:
                    into[j] = into.get(j, 0.0) + sent[m][k]
        for j, total in into.items():
            grad = total if show else None
            wires.append(
                Wire(f"w{len(wires)}", f"n{j}", f"n{r}", order[j].data, grad, None, "", r, None, j)
            )
    boxes.append(output_box(order, received, show))
    wires.append(output_wire(order, received, show, len(wires)))
    note = (
        f"Collapsed view: {gates} gates drawn as {len(members)} boxes. Each box is a gate "
        "together with the weighted sum that only it reads (a neuron: its w·x products, "
        "sums, weights and bias). Numbers in a box are its output's value"
        + (" and gradient" if show else "")
        + "; wires between boxes carry no numbers."
    )
    return Diagram(tuple(boxes), tuple(wires), show, True, note, gates)
