"""Timing and memory harness: engines alternated in one process, medians of repeats."""

from __future__ import annotations

import gc
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def gc_mode(enabled: bool) -> Iterator[None]:
    """Run with Python's cyclic GC on (as users run) or off; collect leftovers first."""
    gc.enable()
    gc.collect()
    if not enabled:
        gc.disable()
    try:
        yield
    finally:
        gc.enable()


@contextmanager
def recursion_limit(limit: int) -> Iterator[None]:
    """micrograd's backward recurses once per node: it needs a raised limit for deep graphs."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(limit)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def build_and_backward(make: Callable[[], tuple[Any, int]], gc_on: bool) -> tuple[float, float]:
    """ns per gate to build the graph, and to run backward on it."""
    with gc_mode(gc_on):
        t0 = time.perf_counter_ns()
        root, gates = make()
        t1 = time.perf_counter_ns()
        root.backward()
        t2 = time.perf_counter_ns()
    del root
    return (t1 - t0) / gates, (t2 - t1) / gates


def seconds(fn: Callable[[], object], gc_on: bool) -> float:
    with gc_mode(gc_on):
        t0 = time.perf_counter()
        fn()
        t1 = time.perf_counter()
    return t1 - t0


def alternate(
    engines: list[str], repeats: int, one: Callable[[str], tuple[float, ...]]
) -> dict[str, tuple[float, ...]]:
    """Run ``one(engine)`` for each engine in turn, ``repeats`` rounds; medians per field."""
    samples: dict[str, list[tuple[float, ...]]] = {e: [] for e in engines}
    for _ in range(repeats):
        for e in engines:
            samples[e].append(one(e))
    return {
        e: tuple(statistics.median(field) for field in zip(*rows, strict=True))
        for e, rows in samples.items()
    }


def memory(make: Callable[[], tuple[Any, int]], value_type: type) -> tuple[float, float, int]:
    """Bytes allocated per gate while the graph lives; bytes still held and nodes still
    alive once the last name for it is gone. The GC is off, so only reference counting
    frees: a graph with reference cycles stays. (CPython's tuple and float free lists keep
    a bounded ~0.1 MB of freed memory that tracemalloc still counts, whatever the size.)"""
    with gc_mode(False):
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            root, gates = make()
            held = tracemalloc.get_traced_memory()[0] - before
            del root
            left = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
        alive = sum(1 for o in gc.get_objects() if type(o) is value_type)
    return held / gates, float(left), alive
