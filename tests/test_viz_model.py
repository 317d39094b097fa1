"""The diagram model: the numbers on its wires are the engine's, for graphs that reuse
Values every way (random DAGs), in the full and the collapsed view."""

from __future__ import annotations

import random

import pytest

import scalargrad as sg
import viz
from scalargrad import Value


def random_dag(seed: int, gates: int = 60) -> Value:
    rng = random.Random(seed)
    pool = [Value(rng.uniform(-2, 2), f"x{i}") for i in range(4)]
    for _ in range(gates):
        a, b = rng.choice(pool), rng.choice(pool)
        pool.append(
            rng.choice([a + b, a * b, a - b, sg.max(a, b), sg.min(a, b), a.tanh(), -a, a.relu()])
        )
    out = pool[-1]
    for v in pool[-8:-1]:
        out = out + v
    return out


@pytest.mark.parametrize("seed", range(8))
def test_wire_gradients_add_up_to_the_engines(seed: int) -> None:
    f = random_dag(seed)
    f.backward()
    order = sg.topological_order(f)
    d = viz.build(f, collapse=False)
    boxes = {b.id: b for b in d.boxes}
    for i, v in enumerate(order):
        leaving = [w for w in d.wires if w.tail == f"n{i}"]
        assert len(leaving) == 1
        (wire,) = leaving
        if v is f:
            assert boxes[wire.head].kind == "output"
            assert wire.grad == 1.0
        else:
            # one wire, or the trunk to a fan-out point: the whole gradient of v
            assert wire.grad == pytest.approx(v.grad, rel=1e-12, abs=1e-12)
        assert wire.value == v.data
        if f"n{i}f" in boxes:
            branches = [w for w in d.wires if w.tail == f"n{i}f"]
            assert len(branches) == sum(p is v for u in order for p in u.parents)
            assert sum(w.grad or 0.0 for w in branches) == pytest.approx(wire.grad)
    for w in d.wires:
        if w.gate is not None and w.arg is not None:
            gate = order[w.gate]
            assert w.grad == gate.local_grads[w.arg] * gate.grad
            assert w.local == gate.local_grads[w.arg]


@pytest.mark.parametrize("seed", range(4))
def test_collapsed_boxes_keep_the_engines_numbers(seed: int) -> None:
    f = random_dag(seed, gates=120)
    f.backward()
    order = sg.topological_order(f)
    d = viz.build(f, collapse=True)
    assert d.collapsed and "Collapsed view" in d.note
    for box in d.boxes:
        if box.node is not None:
            v = order[box.node]
            assert box.value == v.data
            assert box.grad == pytest.approx(v.grad, rel=1e-12, abs=1e-12)
    members = sorted(
        i for b in d.boxes for i in (b.members or ((b.node,) if b.node is not None else ()))
    )
    assert members == list(range(len(order)))  # every Value in exactly one box


def test_gradients_shown_only_after_a_backward_pass() -> None:
    f = random_dag(0)
    assert not viz.build(f).has_grad
    assert all(w.grad is None for w in viz.build(f).wires)
    assert all(w.grad is not None for w in viz.build(f, grad=True).wires)
    f.backward()
    assert viz.build(f).has_grad
    assert not viz.build(f, grad=False).has_grad
