"""Two moons: micrograd's demo, on scalargrad.

A seeded two-moons set of 100 points (made here, no download), ``MLP(2, [16, 16, 1])``
with relu hidden layers, the SVM's hinge loss plus an L2 penalty, and SGD whose rate
decays from 1.0 to 0.1 over the run, as in micrograd's ``demo.ipynb``. The page shows
the loss curve and the decision boundary.
"""

from __future__ import annotations

import argparse
import math
import random
from dataclasses import dataclass
from pathlib import Path

import viz
from scalargrad import Value, losses, no_grad
from scalargrad.nn import MLP
from scalargrad.optim import SGD

from .pictures import pyplot, save_circuit
from .report import DemoResult, Log, out_dir, report

STEPS = 100
ALPHA = 1e-4  # the L2 penalty's weight
Point = tuple[list[float], int]


def make_moons(n: int = 100, noise: float = 0.1, seed: int = 0) -> list[Point]:
    """Two interleaving half circles with Gaussian noise, labels +1 (upper) and -1
    (lower), shuffled: the shape of scikit-learn's ``make_moons``."""
    if n < 4:
        raise ValueError(f"make_moons: n must be at least 4, got {n}")
    rng = random.Random(seed)
    upper, lower = n // 2, n - n // 2
    points: list[Point] = []
    for i in range(upper):
        t = math.pi * i / (upper - 1)
        points.append(([math.cos(t), math.sin(t)], 1))
    for i in range(lower):
        t = math.pi * i / (lower - 1)
        points.append(([1.0 - math.cos(t), 0.5 - math.sin(t)], -1))
    noisy = [([x + rng.gauss(0.0, noise), y + rng.gauss(0.0, noise)], c) for (x, y), c in points]
    rng.shuffle(noisy)
    return noisy


def accuracy(scores: list[float], labels: list[int]) -> float:
    """The fraction of points whose score has the label's sign."""
    return sum((s > 0.0) == (c > 0) for s, c in zip(scores, labels, strict=True)) / len(labels)


def score(model: MLP, x: list[float]) -> Value:
    return model.forward(x)[0]


@dataclass
class Training:
    model: MLP
    losses: list[float]
    accuracies: list[float]  # before each step, as micrograd prints them
    final_accuracy: float  # after the last step
    first_perfect: int | None  # the first step (1-based) after which accuracy is 100 %
    recorder: viz.TrainingRecorder | None = None  # every step, for the training page


def loss_of(model: MLP, xs: list[list[float]], labels: list[int]) -> tuple[Value, list[Value]]:
    """micrograd's loss: the SVM's hinge over every point, plus an L2 penalty; and the
    scores it read."""
    scores = [score(model, x) for x in xs]
    return losses.hinge(scores, labels) + losses.l2_penalty(model.parameters(), ALPHA), scores


def train(
    data: list[Point], steps: int = STEPS, seed: int = 0, log: Log = print, record: bool = False
) -> Training:
    """micrograd's loop: loss = hinge + L2, backward, SGD with lr = 1 - 0.9 k / steps;
    with ``record``, a ``viz.TrainingRecorder`` records every step."""
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise ValueError(f"moons: steps must be an int >= 1, got {steps!r}")
    xs = [x for x, _ in data]
    labels = [c for _, c in data]
    model = MLP(2, [16, 16, 1], seed=seed)
    params = model.parameters()
    opt = SGD(params, lr=1.0)
    recorder = viz.TrainingRecorder(model, xs, labels) if record else None
    history, accs = [], []
    first: int | None = None
    for k in range(steps):
        loss, scores = loss_of(model, xs, labels)
        acc = accuracy([s.data for s in scores], labels)
        if acc == 1.0 and first is None and k > 0:
            first = k
        history.append(loss.data)
        accs.append(acc)
        opt.zero_grad()
        loss.backward()
        opt.lr = 1.0 - 0.9 * k / steps
        opt.step()
        if recorder is not None:
            recorder.record(loss)
        if k % 10 == 0 or k == steps - 1:
            log(f"  step {k:3d}  loss {loss.data:.4f}  accuracy {acc:.0%}  lr {opt.lr:.3f}")
    with no_grad():
        final = accuracy([score(model, x).data for x in xs], labels)
    if final == 1.0 and first is None:
        first = steps
    return Training(model, history, accs, final, first, recorder)


def plot_loss(training: Training, path: Path) -> None:
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(training.losses, color="tab:red", label="hinge + L2 loss")
    ax.set_xlabel("step")
    ax.set_ylabel("loss", color="tab:red")
    right = ax.twinx()
    right.plot([100 * a for a in training.accuracies], color="tab:blue", label="accuracy")
    right.set_ylabel("training accuracy (%)", color="tab:blue")
    right.set_ylim(40, 101)
    ax.set_title("Two moons: MLP(2, [16, 16, 1]), SGD")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def plot_boundary(training: Training, data: list[Point], path: Path, h: float = 0.1) -> None:
    """The sign of the score over a grid (evaluated under no_grad), with the points."""
    xs = [p[0][0] for p in data]
    ys = [p[0][1] for p in data]
    x0, x1 = min(xs) - 0.5, max(xs) + 0.5
    y0, y1 = min(ys) - 0.5, max(ys) + 0.5
    gx = [x0 + h * i for i in range(int((x1 - x0) / h) + 1)]
    gy = [y0 + h * j for j in range(int((y1 - y0) / h) + 1)]
    with no_grad():
        z = [[score(training.model, [x, y]).data for x in gx] for y in gy]
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(6, 4.5))
    lo, hi = min(map(min, z)), max(map(max, z))
    ax.contourf(gx, gy, z, levels=[min(lo, 0.0) - 1.0, 0.0, max(hi, 0.0) + 1.0],
                colors=["#f4c7c3", "#c6dbef"])
    ax.contour(gx, gy, z, levels=[0.0], colors="k", linewidths=1)
    for label, color, marker in ((1, "tab:blue", "o"), (-1, "tab:red", "s")):
        pts = [p[0] for p in data if p[1] == label]
        ax.scatter([p[0] for p in pts], [p[1] for p in pts], c=color, marker=marker,
                   edgecolors="k", s=30, label=f"label {label:+d}")
    ax.set_title(f"Decision boundary, training accuracy {training.final_accuracy:.0%}")
    ax.legend(loc="upper right")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def run(out_dir: Path, log: Log = print, steps: int = STEPS) -> DemoResult:
    result = DemoResult("moons", "Two moons: MLP(2, [16, 16, 1]), hinge loss, SGD")
    data = make_moons(100, noise=0.1, seed=0)
    log(f"Training MLP(2, [16, 16, 1]) on 100 two-moons points for {steps} steps")
    training = train(data, steps, log=log, record=True)
    first = training.first_perfect
    log(f"  final training accuracy {training.final_accuracy:.0%}; "
        + ("never at 100 %" if first is None else f"first at 100 % after {first} steps"))
    result.check_at_least("final training accuracy", training.final_accuracy,
                          1.0 if steps >= STEPS else 0.95)
    result.numbers = {
        "accuracy": f"{training.final_accuracy:.0%} after {steps} steps",
        "first at 100 %": "never" if training.first_perfect is None
        else f"after {training.first_perfect} steps",
        "loss": f"{training.losses[0]:.3f} → {training.losses[-1]:.4f}",
    }
    curve = out_dir / "moons_loss.png"
    plot_loss(training, curve)
    result.wrote(curve, "Loss (red) and training accuracy (blue) at each SGD step; the "
                        "rate decays from 1.0 to 0.1.")
    boundary = out_dir / "moons_boundary.png"
    plot_boundary(training, data, boundary)
    result.wrote(boundary, "Where the trained network says +1 (blue) or −1 (red): the "
                           "boundary bends between the two moons.")
    assert training.recorder is not None
    page = training.recorder.save(out_dir / "moons_training.html", "two moons")
    result.numbers["training page"] = f"{page.stat().st_size / 1e6:.2f} MB"
    result.wrote(page, "The training run replayed: pick a step (slider, Play, arrow keys) and "
                       "click a point to see its values and gradients in every neuron.")
    one = score(training.model, data[0][0])
    one.backward()
    save_circuit(
        result, one, out_dir / "moons_network.svg",
        "The trained network on one point, collapsed: one box per neuron (Σw·x+b then "
        "relu) with its value and gradient; 337 weights behind 33 boxes.",
        collapse=True,
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demos.moons")
    parser.add_argument("--out", default="out", help="folder for pictures (default: out/)")
    parser.add_argument("--steps", type=int, default=STEPS, help="SGD steps (default: 100)")
    args = parser.parse_args(argv)
    return report("moons", run(out_dir(args.out), print, args.steps))


if __name__ == "__main__":
    raise SystemExit(main())
