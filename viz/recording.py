"""What a training run recorded, and how an MLP's units are found in a graph.

A unit is one of an example's inputs or one neuron's output (its activation, or its
weighted sum for a linear neuron). ``units_of`` walks one example from the model's output
down, neuron by neuron (never the whole graph); neurons are recognised by their first
weight, which a neuron gate reads first.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

from scalargrad import Value, nn
from scalargrad.ops import NEURON

Units = list[Value]  # one example's inputs, then its neurons' outputs, layer by layer


@dataclass(frozen=True)
class Recording:
    """Everything the page shows, as recorded (see ``TrainingRecorder``)."""

    task: str  # "classification" (2 inputs, labels ±1 or 0/1) or "regression" (1 input)
    X: list[list[float]]
    y: list[float]
    units: list[str]  # "x[0]", "n[0][3]" ...: the inputs, then every neuron
    params: list[str]  # "w[0][3][1]", "b[1][0]" ...: the model's parameter order
    losses: list[float]
    scores: list[list[float]]  # per step, per example: the network's output
    values: array[float]  # float32, steps x examples x units
    grads: array[float]  # float32, the same shape
    snapshots: list[array[float]]  # float64 parameters: before step 0, then after each step
    model: nn.MLP

    @property
    def threshold(self) -> float:
        """The output above which a classifier says "positive": 0.5 after a sigmoid (a
        probability), else 0 (a score)."""
        return 0.5 if self.model.layers[-1].neurons[0].activation == "sigmoid" else 0.0


def unit_names(model: nn.MLP) -> list[str]:
    names = [f"x[{i}]" for i in range(model.nin)]
    for li, layer in enumerate(model.layers):
        names += [f"n[{li}][{k}]" for k in range(len(layer.neurons))]
    return names


def param_names(model: nn.MLP) -> list[str]:
    """``w[layer][neuron][input]`` and ``b[layer][neuron]``, 0-based, in parameters() order."""
    names = []
    for li, layer in enumerate(model.layers):
        for k, neuron in enumerate(layer.neurons):
            names += [f"w[{li}][{k}][{i}]" for i in range(len(neuron.w))]
            names.append(f"b[{li}][{k}]")
    return names


def neurons_by_weight(model: nn.MLP) -> dict[Value, tuple[int, int]]:
    """Each neuron's first weight -> (layer, neuron): a neuron gate reads it first."""
    return {
        neuron.w[0]: (li, k)
        for li, layer in enumerate(model.layers)
        for k, neuron in enumerate(layer.neurons)
    }


def _gate_of(node: Value, weights: dict[Value, tuple[int, int]]) -> tuple[Value, int, int] | None:
    """The neuron gate whose output ``node`` is (the gate itself, or its activation), with
    its (layer, neuron); None if ``node`` is no neuron's output."""
    gate = node
    if node._op is not NEURON:
        if node._op is None or len(node._parents) != 1 or node._parents[0]._op is not NEURON:
            return None
        gate = node._parents[0]
    where = weights.get(gate._parents[0])
    if where is None:
        return None
    return gate, where[0], where[1]


def outputs_of(loss: Value, model: nn.MLP) -> list[Value]:
    """The model's output node of each example the loss reads, in argument order."""
    weights = neurons_by_weight(model)
    last = len(model.layers) - 1
    found: list[Value] = []
    seen: set[Value] = set()
    stack = [loss]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        hit = _gate_of(node, weights)
        if hit is not None:
            if hit[1] == last:
                found.append(node)
            continue  # an example's inside is read by _units
        stack.extend(reversed(node._parents))
    return found


def units_of(out: Value, model: nn.MLP, weights: dict[Value, tuple[int, int]]) -> Units:
    """One example's inputs and neuron outputs, from its output node down."""
    layers: list[list[Value]] = [[] for _ in model.layers]
    layers[-1] = [out]
    inputs: list[Value] = []
    for li in range(len(model.layers) - 1, -1, -1):
        for k, node in enumerate(layers[li]):
            hit = _gate_of(node, weights)
            if hit is None or hit[1:] != (li, k):
                raise ValueError(
                    f"TrainingRecorder.record: expected neuron n[{li}][{k}] of the model in "
                    "the loss's graph; build the loss from model(x) as trained"
                )
            gate = hit[0]
            n = len(gate._parents) >> 1
            below = list(gate._parents[n : 2 * n])
            if k == 0:
                if li > 0:
                    layers[li - 1] = below
                else:
                    inputs = below
    return [*inputs, *(u for layer in layers for u in layer)]


def input_grads(units: Units, model: nn.MLP) -> list[float]:
    """d loss / d input i of one example. The first layer's neurons may each hold a leaf
    of their own for the same number (``model(x)`` on floats makes one per neuron), so
    the gradients of the distinct leaves at place i are added."""
    nin = model.nin
    first = units[nin : nin + len(model.layers[0].neurons)]
    gates = [u if u._op is NEURON else u._parents[0] for u in first]
    grads = []
    for i in range(nin):
        leaves = {g._parents[nin + i]: None for g in gates}  # distinct, in order
        grads.append(sum((leaf._grad for leaf in leaves), 0.0))
    return grads
