"""``python -m benchmarks.layout``: how long viz takes to draw, or to refuse, graphs that
are hard for Graphviz — a value read by every gate of a chain (long wires), many gates
reading a few shared leaves, and a chain of a million Values.

Each row prints whether ``viz.save(..., "f.svg")`` drew the graph or refused it, and the
seconds it took. The targets: anything accepted draws in under 10 s, anything refused
is refused in under 2 s."""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import scalargrad as sg
import viz
from scalargrad import Value


def reused_leaf(n: int) -> Value:
    """A chain of n gates, each also reading the leaf x: n long wires."""
    x, y = Value(0.9, "x"), Value(1.0, "y")
    for _ in range(n):
        y = (y * x).tanh()
    return y


def shared_leaves(n: int) -> Value:
    """n gates, each reading a recent gate and one of eight shared leaves."""
    rng = random.Random(0)
    leaves = [Value(rng.uniform(-1, 1), f"x{i}") for i in range(8)]
    nodes = list(leaves)
    for _ in range(n):
        nodes.append(nodes[-1 - rng.randint(0, min(5, len(nodes) - 1))] * rng.choice(leaves))
    return sg.sum(*nodes[8:])


def random_tanh(n: int) -> Value:
    """n tanh gates, each of the product of two random earlier Values: collapsed by
    default (tanh starts a group of its own), the collapsed view just under max_size."""
    rng = random.Random(0)
    nodes = [Value(rng.uniform(-1, 1), f"x{i}") for i in range(8)]
    for _ in range(n):
        nodes.append((rng.choice(nodes) * rng.choice(nodes)).tanh())
    return sg.sum(*nodes[8:])


def long_chain(n: int) -> Value:
    y = Value(1.0, "y")
    for _ in range(n):
        y = y * 1.0000001
    return y


def attempt(make: Callable[[int], Value], n: int, **options: object) -> tuple[str, float]:
    root = make(n)
    root.backward()
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        try:
            viz.save(root, Path(folder) / "f.svg", **options)
            outcome = "drawn"
        except viz.GraphTooLargeError:
            outcome = "refused"
        return outcome, time.perf_counter() - start


def main() -> None:
    print("| graph | options | outcome | seconds |")
    print("|---|---|---|---|")
    cases: list[tuple[str, Callable[[int], Value], int, dict[str, object]]] = [
        ("a leaf read by each gate of a 60-gate chain", reused_leaf, 60, {"collapse": False}),
        ("a leaf read by each gate of a 95-gate chain", reused_leaf, 95, {"collapse": False}),
        ("a leaf read by each gate of a 100-gate chain", reused_leaf, 100, {"collapse": False}),
        ("a leaf read by each gate of a 148-gate chain", reused_leaf, 148, {}),
        ("120 gates over 8 shared leaves", shared_leaves, 120, {"collapse": False}),
        ("170 gates over 8 shared leaves", shared_leaves, 170, {}),
        ("190 tanh gates over random earlier Values", random_tanh, 190, {}),
        ("a chain of 1,000,000 Values", long_chain, 1_000_000, {}),
    ]
    for title, make, n, options in cases:
        outcome, seconds = attempt(make, n, **options)
        shown = ", ".join(f"{k}={v}" for k, v in options.items()) or "defaults"
        print(f"| {title} | {shown} | {outcome} | {seconds:.2f} |", flush=True)


if __name__ == "__main__":
    main()
