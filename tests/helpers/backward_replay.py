"""The gradient numbers a reader should see after k gates of backward, worked out from the
engine alone (``reverse_topological_order``, ``.grad``, ``.local_grads``), for checking the
step-by-step page. The picture's wires are found by their ends (``n3 -> n5``), as the
drawing numbers boxes by ``topological_order``.
"""

from __future__ import annotations

import scalargrad as sg
import viz
from scalargrad import Value
from viz.numfmt import number

HOSTILE = "<script>alert(1)</script>"


def cs231n_circuit() -> Value:
    x, y, z = Value(-2.0, "x"), Value(5.0, "y"), Value(-4.0, "z")
    return (x + y) * z


def routing_circuit() -> Value:
    x, y = Value(3.0, "x"), Value(-4.0, "y")
    return 2 * (x * y + sg.max(Value(2.0, "z"), Value(-1.0, "w")))


def neuron_circuit(bias_label: str = "w2") -> Value:
    w0, w1, w2 = Value(2.0, "w0"), Value(-3.0, "w1"), Value(-3.0, bias_label)
    x0, x1 = Value(-1.0, "x0"), Value(-2.0, "x1")
    return (w0 * x0 + w1 * x1 + w2).sigmoid()


def square_plus(x: float = 3.0) -> Value:
    """``x*x + x``: x is read three times, by two gates."""
    v = Value(x, "x")
    return v * v + v


def gates_in_backward_order(root: Value) -> list[Value]:
    return [v for v in sg.reverse_topological_order(root) if v.parents]


def expected_grads(root: Value, k: int) -> dict[str, str]:
    """Wire id -> gradient text after the first ``k`` gates of backward ({} for k = 0)."""
    order = sg.topological_order(root)
    pos = {v: i for i, v in enumerate(order)}
    readers: dict[int, int] = {}
    for v in order:
        for p in v.parents:
            readers[pos[p]] = readers.get(pos[p], 0) + 1
    wires = viz.build(root, grad=True, collapse=False).wires
    branch: dict[tuple[str, str], list[str]] = {}  # (tail, head) -> wire ids, argument order
    for w in wires:
        branch.setdefault((w.tail, w.head), []).append(w.id)
    shown: dict[str, str] = {}
    totals: dict[int, float] = {}
    if k >= 1:
        (out,) = branch[(f"n{len(order) - 1}", "out")]
        shown[out] = number(root.grad)
    for gate in gates_in_backward_order(root)[:k]:
        i = pos[gate]
        used: dict[tuple[str, str], int] = {}
        for arg, p in enumerate(gate.parents):
            j = pos[p]
            amount = float(gate.local_grads[arg]) * gate.grad
            tail = f"n{j}f" if readers[j] > 1 else f"n{j}"
            seen = used.get((tail, f"n{i}"), 0)
            used[(tail, f"n{i}")] = seen + 1
            shown[branch[(tail, f"n{i}")][seen]] = number(amount)
            if readers[j] > 1:
                totals[j] = totals.get(j, 0.0) + amount
                (trunk,) = branch[(f"n{j}", f"n{j}f")]
                shown[trunk] = number(totals[j])
    return shown
