"""``python -m benchmarks.compiled``: ``scalargrad.compile`` beside PyTorch, one process.

The moons step: an MLP 2-16-16-1 (relu), 100 points, mean squared error, SGD, float64.

* compiled scalargrad: ``opt.zero_grad(); loss = c.backward(X, Y); opt.step()``
* PyTorch (one thread), the same network as ``nn.Linear`` layers on the whole batch
* ``scalargrad.nn`` uncompiled: one graph per point, ``backward``, the same SGD

The contenders alternate in rounds; each row is the median over rounds of the mean time
per step. Also: the one-off compile time, and tracemalloc's peak while one 1,000-image
MNIST batch is replayed forward and backward.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

import scalargrad as sg
from demos.moons import make_moons
from scalargrad import losses, nn
from scalargrad.optim import SGD

LR = 0.05
Step = Callable[[], float]


def moons() -> tuple[Any, Any]:
    data = make_moons(100, noise=0.1, seed=0)
    return np.array([x for x, _ in data]), np.array([float(c) for _, c in data])


def compiled_step(X: Any, Y: Any) -> tuple[Step, float]:
    """The compiled step, and the seconds compile took."""
    model = nn.MLP(2, [16, 16, 1], seed=0)

    def loss(x: list[sg.Value], y: sg.Value) -> sg.Value:
        d = model(x) - y  # type: ignore[operator]  # one output: a Value
        return d * d

    start = time.perf_counter()
    c = sg.compile(loss, [0.0, 0.0], 0.0)
    seconds = time.perf_counter() - start
    opt = SGD(model.parameters(), lr=LR)

    def step() -> float:
        opt.zero_grad()
        value = c.backward(X, Y)
        opt.step()
        return value

    return step, seconds


def engine_step(X: Any, Y: Any) -> Step:
    model = nn.MLP(2, [16, 16, 1], seed=0)
    opt = SGD(model.parameters(), lr=LR)
    xs = [list(map(float, x)) for x in X]
    ys = list(map(float, Y))

    def step() -> float:
        loss = losses.mse([model(x) for x in xs], ys)  # type: ignore[misc]
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.data

    return step


def torch_step(X: Any, Y: Any) -> Step:
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 16), torch.nn.ReLU(),
        torch.nn.Linear(16, 1),
    ).double()
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    x = torch.tensor(X, dtype=torch.float64)
    y = torch.tensor(Y, dtype=torch.float64)

    def step() -> float:
        opt.zero_grad()
        loss = ((model(x).squeeze(1) - y) ** 2).mean()
        loss.backward()
        opt.step()
        return float(loss.detach())

    return step


def per_step(step: Step, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        step()
    return (time.perf_counter() - start) / n


def mnist_memory(batch: int) -> tuple[int, int, int]:
    """tracemalloc's peak (bytes) over one forward and backward replay of an MNIST batch
    of ``batch`` images through 784-50-10, with the plan's varying rows and its gates."""
    from demos import mnist

    digits = mnist.load()
    model = mnist.two_layer_net()
    c = mnist.loss_of(model)
    x, t = digits.x_train[:batch], digits.t_train[:batch]
    c.backward(x[:10], t[:10])  # warm: NumPy's first calls allocate caches of their own
    tracemalloc.start()
    try:
        c.backward(x, t)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, c._plan.varying_rows, c.gates


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.compiled", description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--steps", type=int, default=100, help="steps per round (batched)")
    args = parser.parse_args(argv)
    X, Y = moons()
    compiled, compile_seconds = compiled_step(X, Y)
    contenders = {"compiled": compiled, "torch": torch_step(X, Y), "engine": engine_step(X, Y)}
    counts = {"compiled": args.steps, "torch": args.steps, "engine": 3}
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for step in contenders.values():
        step()  # warm
    for _ in range(args.rounds):
        for name, step in contenders.items():
            samples[name].append(per_step(step, counts[name]))
    med = {name: statistics.median(s) for name, s in samples.items()}
    compiles = []
    for _ in range(5):
        compiles.append(compiled_step(X, Y)[1])
    peak, rows, gates = mnist_memory(1000)
    grid = rows * 1000 * 8
    lines = [
        "moons step (MLP 2-16-16-1, 100 points, MSE, SGD, float64); median of "
        f"{args.rounds} rounds, mean per step",
        "| row | time per step | ratio |",
        "|---|---|---|",
        f"| PyTorch 2 batched, 1 thread | {med['torch'] * 1e3:.3f} ms | 1 |",
        f"| scalargrad.compile | {med['compiled'] * 1e3:.3f} ms | "
        f"{med['compiled'] / med['torch']:.2f}× PyTorch (target ≤ 2×, stretch ≤ 1×) |",
        f"| scalargrad.nn, uncompiled | {med['engine'] * 1e3:.1f} ms | compiled is "
        f"{med['engine'] / med['compiled']:.0f}× faster (target ≥ 20×) |",
        f"| compile, one-off | {statistics.median(compiles) * 1e3:.1f} ms "
        f"(first {compile_seconds * 1e3:.1f} ms) | |",
        "",
        f"MNIST 784-50-10, one batch of 1,000 forward + backward: tracemalloc peak "
        f"{peak / 2**20:.1f} MiB = {peak / grid:.2f} × (varying rows {rows} × 1,000 "
        f"examples × 8 bytes); {gates} gates per example, no Python object per gate "
        "per example",
    ]
    import torch

    print("\n".join(lines).replace("PyTorch 2 batched", f"PyTorch {torch.__version__} batched"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
