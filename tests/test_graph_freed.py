"""A dropped graph is freed by reference counting alone: no reference cycles.

The cyclic garbage collector is switched off while the graph is built, used and dropped;
if any node were part of a cycle, it would still be alive afterwards.
"""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager

import scalargrad
from scalargrad import Value, no_grad, topological_order


@contextmanager
def gc_disabled() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def live_values() -> int:
    return sum(isinstance(o, Value) for o in gc.get_objects())


def every_op_graph(n: int) -> Value:
    """n rounds of every op, with reuse (x*x, a diamond), then a backward pass."""
    x, w = Value(0.3, "x"), Value(-0.7, "w")
    y = x
    for _ in range(n):
        h = (y * w + 1).tanh()
        d = h * h + h.sigmoid() - (h / 3) ** 2 + (h.exp() + 1).log()
        y = scalargrad.max(d.relu(), abs(-d).sqrt()).min(5.0) * 0.5
    y.backward()
    return y


def test_dropped_graph_is_freed_without_the_gc() -> None:
    with gc_disabled():
        baseline = live_values()
        root = every_op_graph(200)
        size = len(topological_order(root))
        assert size > 4000
        assert live_values() >= baseline + size
        del root
        assert live_values() == baseline


def test_no_grad_results_hold_nothing() -> None:
    with gc_disabled():
        baseline = live_values()
        x = Value(1.0)
        with no_grad():
            y = x
            for _ in range(1000):
                y = y * 1.0001 + 0.0
        assert live_values() == baseline + 2  # x and the last result: no graph behind
        del x, y
        assert live_values() == baseline


def test_memory_returns_to_baseline_after_a_deep_chain() -> None:
    with gc_disabled():
        tracemalloc.start()
        try:
            before, _ = tracemalloc.get_traced_memory()
            c = Value(1.0001)
            y = Value(1.0)
            for _ in range(20_000):
                y = y * c + 0.5
            y.backward()
            during, _ = tracemalloc.get_traced_memory()
            del y, c
            after, _ = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    graph_bytes = during - before
    assert graph_bytes > 40_000 * 100  # the graph was really there
    # Gone without the GC. What stays is CPython's free lists (up to 2000 tuples of each
    # length and 100 floats kept for reuse, ~0.1 MB), not the graph (~12 MB).
    assert after - before < graph_bytes / 20
