"""The workloads, written once against the API both engines share (``Value``, operators,
``relu``, ``backward``, ``.data``/``.grad``), so each engine runs exactly the same maths."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Sequence
from typing import Any

# Either engine's Value class; both are duck-typed here.
ValueClass = Callable[[float], Any]

CHAIN_C, CHAIN_D = 0.999, 0.001


def chain(V: ValueClass, n: int) -> tuple[Any, int]:
    """``y = y*c + d`` repeated n times: a graph 2n gates deep. Returns (root, gates)."""
    c, d, y = V(CHAIN_C), V(CHAIN_D), V(1.0)
    for _ in range(n):
        y = y * c + d
    return y, 2 * n


def wide_sum(V: ValueClass, n: int) -> tuple[Any, int]:
    """``sum(a_i * b_i)`` over n pairs of leaves. Returns (root, gates)."""
    rng = random.Random(0)
    pairs = [(V(rng.uniform(-1, 1)), V(rng.uniform(-1, 1))) for _ in range(n)]
    return sum(a * b for a, b in pairs), 2 * n


def points(n: int = 100, seed: int = 0) -> list[tuple[list[float], float]]:
    """A fixed regression set in 2-D: (x, y) pairs."""
    rng = random.Random(seed)
    data = []
    for _ in range(n):
        x = [rng.uniform(-2, 2), rng.uniform(-2, 2)]
        data.append((x, x[0] * x[1] - 0.5 * x[0]))
    return data


class OpsMLP:
    """A 2-16-16-1 relu MLP written with Value operators only, neuron for neuron the same
    maths as micrograd's ``nn.MLP`` (``sum(w*x, b)``, relu, linear last layer)."""

    def __init__(self, V: ValueClass, sizes: Sequence[int] = (2, 16, 16, 1), seed: int = 1):
        rng = random.Random(seed)
        self.layers = [
            [([V(rng.uniform(-1, 1)) for _ in range(nin)], V(0.0)) for _ in range(nout)]
            for nin, nout in itertools.pairwise(sizes)
        ]

    def __call__(self, x: Sequence[Any]) -> Any:
        last = len(self.layers) - 1
        for i, layer in enumerate(self.layers):
            outs = []
            for w, b in layer:
                act = sum((wi * xi for wi, xi in zip(w, x, strict=True)), b)
                outs.append(act.relu() if i < last else act)
            x = outs
        return x[0]

    def parameters(self) -> list[Any]:
        return [p for layer in self.layers for w, b in layer for p in (*w, b)]


def train_step(
    model: Any,
    params: list[Any],
    data: list[tuple[list[float], float]],
    zero: Callable[[], None],
    lr: float = 0.01,
) -> float:
    """One SGD step on the mean squared error over ``data``; returns the loss."""
    loss = sum((model(x) - y) ** 2 for x, y in data) * (1.0 / len(data))
    zero()
    loss.backward()
    for p in params:
        p.data -= lr * p.grad
    return float(loss.data)
