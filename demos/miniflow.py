"""Udacity's MiniFlow, rebuilt from Values.

Part 1 is the seed's own network, ``cost = MSE(y, sigmoid(X @ W + b))`` with
X=[[-1,-2],[-1,-2]], W=[[2],[3]], b=[-3], y=[1,2]: every row of ``X @ W + b`` is one
neuron gate, and the gradients must equal the numbers MiniFlow prints.

Part 2 trains MiniFlow's two-layer network, ``Linear -> Sigmoid -> Linear -> MSE``
(``MLP(3, [8, 1], activation="sigmoid")``), with mini-batch SGD on a seeded synthetic
regression set, as MiniFlow's last lesson trains on housing prices.

Part 3 fits a curve with the same kind of network, ``MLP(1, [8, 1], activation="sigmoid")``
on 40 points of a noisy sine, full-batch SGD, recorded step by step for the training page
(``miniflow_training.html``: the prediction curve moving towards the points).
"""

from __future__ import annotations

import math
import random
from pathlib import Path

import viz
from scalargrad import Value, apply, losses
from scalargrad.nn import MLP
from scalargrad.ops import NEURON
from scalargrad.optim import SGD

from .pictures import pyplot, save_circuit
from .report import DemoResult, Log, main

# The seed's inputs and the gradients it prints (docs/seeds.md).
SEED_X = ((-1.0, -2.0), (-1.0, -2.0))
SEED_W = (2.0, 3.0)
SEED_B = -3.0
SEED_Y = (1.0, 2.0)
EXPECTED_COST = 2.4999498960
EXPECTED_DX = ((-3.340172796e-05, -5.010259193e-05), (-6.680401378e-05, -1.002060207e-04))
EXPECTED_DW = (5.010287087e-05, 1.002057417e-04)
EXPECTED_DB = -5.010287087e-05
EXPECTED_DY = (0.9999832986, 1.9999832986)

# Part 2: the network, data and schedule.
HIDDEN, LR, BATCH, EPOCHS, SAMPLES = 8, 0.2, 16, 30, 64
# Part 3: the recorded curve fit.
CURVE_POINTS, CURVE_STEPS, CURVE_LR = 40, 100, 0.5


def seed_network() -> tuple[Value, list[list[Value]], list[Value], Value, list[Value]]:
    """MiniFlow's quiz network; returns (cost, X, W, b, y) with Values for every input."""
    X = [[Value(v, f"X{i}{j}") for j, v in enumerate(row)] for i, row in enumerate(SEED_X)]
    W = [Value(v, f"W{j}") for j, v in enumerate(SEED_W)]
    b = Value(SEED_B, "b")
    y = [Value(v, f"y{i}") for i, v in enumerate(SEED_Y)]
    a = [apply(NEURON, *W, *row, b).sigmoid() for row in X]  # Linear, then Sigmoid
    cost = losses.mse(a, y)  # MiniFlow's MSE: the mean over rows of (y - a)**2
    return cost, X, W, b, y


def regression_set(n: int = SAMPLES, seed: int = 0) -> tuple[list[list[float]], list[float]]:
    """n points in [-1, 1]^3 with y = 2 + 1.5 x0 - x1 + sin(2 x2) + noise(sd 0.05)."""
    rng = random.Random(seed)
    xs = [[rng.uniform(-1.0, 1.0) for _ in range(3)] for _ in range(n)]
    ys = [2.0 + 1.5 * x[0] - x[1] + math.sin(2.0 * x[2]) + rng.gauss(0.0, 0.05) for x in xs]
    return xs, ys


def train(log: Log, epochs: int = EPOCHS) -> tuple[MLP, list[float]]:
    """Mini-batch SGD; returns the model and the full-set loss before and after each epoch."""
    xs, ys = regression_set()
    model = MLP(3, [HIDDEN, 1], activation="sigmoid", seed=0)
    opt = SGD(model.parameters(), lr=LR)
    order = random.Random(1)
    idx = list(range(len(xs)))

    def full_loss() -> float:
        return losses.mse([model.forward(x)[0] for x in xs], ys).data

    history = [full_loss()]
    log(f"  epoch  0: loss {history[0]:.4f}")
    for epoch in range(1, epochs + 1):
        order.shuffle(idx)
        for k in range(0, len(idx), BATCH):
            batch = idx[k : k + BATCH]
            loss = losses.mse([model.forward(xs[i])[0] for i in batch], [ys[i] for i in batch])
            opt.zero_grad()
            loss.backward()
            opt.step()
        history.append(full_loss())
        if epoch % 5 == 0:
            log(f"  epoch {epoch:2d}: loss {history[-1]:.4f}")
    return model, history


def run(out_dir: Path, log: Log = print) -> DemoResult:
    result = DemoResult("miniflow", "MiniFlow: Linear → Sigmoid → MSE, then training")
    cost, X, W, b, y = seed_network()
    cost.backward()
    log("MiniFlow's network: cost = MSE(y, sigmoid(X @ W + b))")
    log(f"  cost = {cost.data:.10f}")
    log(f"  dX = {[[v.grad for v in row] for row in X]}")
    log(f"  dW = {[v.grad for v in W]}, db = {b.grad}, dy = {[v.grad for v in y]}")
    result.check("cost", cost.data, EXPECTED_COST, abs=1e-10)
    for i, row in enumerate(X):
        for j, v in enumerate(row):
            result.check(f"dX[{i}][{j}]", v.grad, EXPECTED_DX[i][j], rel=1e-9)
    for j, v in enumerate(W):
        result.check(f"dW[{j}]", v.grad, EXPECTED_DW[j], rel=1e-9)
    result.check("db", b.grad, EXPECTED_DB, rel=1e-9)
    for i, v in enumerate(y):
        result.check(f"dy[{i}]", v.grad, EXPECTED_DY[i], rel=1e-9)
    save_circuit(
        result, cost, out_dir / "miniflow.svg",
        "MiniFlow's quiz network: each row of X @ W + b is one Σw·x+b gate, then σ, then "
        "the mean squared error; the tiny gradients come from σ'(−11) ≈ 1.7e−5.",
    )

    log(f"Training Linear -> Sigmoid -> Linear -> MSE ({HIDDEN} hidden) with SGD, "
        f"lr {LR}, batches of {BATCH}, {SAMPLES} points")
    model, history = train(log)
    drop = history[0] / history[-1]
    log(f"  loss {history[0]:.4f} -> {history[-1]:.4f}: down {drop:.0f}x")
    result.check_at_least("loss drop (times)", drop, 10.0)
    result.numbers = {
        "cost": f"{cost.data:.10f}",
        "dW": ", ".join(f"{v.grad:.9e}" for v in W),
        "training loss": f"{history[0]:.3f} → {history[-1]:.4f} ({drop:.0f}× lower)",
    }

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.semilogy(range(len(history)), history, marker=".")
    ax.set_xlabel("epoch")
    ax.set_ylabel("mean squared error (log scale)")
    ax.set_title("MiniFlow's two-layer network, mini-batch SGD")
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    curve = out_dir / "miniflow_loss.png"
    fig.savefig(curve, dpi=100)
    plt.close(fig)
    result.wrote(curve, f"Training loss per epoch: {history[0]:.3f} → {history[-1]:.4f}, "
                        f"{drop:.0f}× lower after {len(history) - 1} epochs.")

    xs, ys = regression_set()
    one = losses.mse(model.forward(xs[0]), [ys[0]])
    one.backward()
    save_circuit(
        result, one, out_dir / "miniflow_network.svg",
        "The trained network on one example, collapsed: each box is a hidden neuron "
        "(Σw·x+b then σ) with its value and gradient, feeding the output neuron and the "
        "squared error.",
        collapse=True,
    )

    log(f"Fitting a noisy sine with MLP(1, [{HIDDEN}, 1]), recorded for the training page")
    recorder, fit = fit_curve()
    log(f"  loss {fit[0]:.4f} -> {fit[-1]:.4f} in {len(fit)} steps")
    result.check_at_least("curve fit: loss drop (times)", fit[0] / fit[-1], 5.0)
    page = recorder.save(out_dir / "miniflow_training.html", "a curve from one input")
    result.wrote(page, "A one-input network fitting a sine, replayed step by step: the "
                       "prediction curve, the loss, and each neuron's value and gradient for "
                       "the point you click.")
    return result


def curve_set(n: int = CURVE_POINTS, seed: int = 0) -> tuple[list[list[float]], list[float]]:
    """n points of sin(x) on [-3, 3] with a little seeded noise."""
    rng = random.Random(seed)
    xs = [-3.0 + 6.0 * i / (n - 1) for i in range(n)]
    return [[x] for x in xs], [math.sin(x) + rng.gauss(0.0, 0.05) for x in xs]


def fit_curve(steps: int = CURVE_STEPS) -> tuple[viz.TrainingRecorder, list[float]]:
    """Full-batch SGD on the mean squared error, every step recorded."""
    X, y = curve_set()
    model = MLP(1, [HIDDEN, 1], activation="sigmoid", seed=1)
    opt = SGD(model.parameters(), lr=CURVE_LR, momentum=0.9)
    recorder = viz.TrainingRecorder(model, X, y)
    history = []
    for _ in range(steps):
        loss = losses.mse([model.forward(x)[0] for x in X], y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        recorder.record(loss)
        history.append(loss.data)
    return recorder, history


if __name__ == "__main__":
    raise SystemExit(main("miniflow", run))
