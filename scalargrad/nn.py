"""Neural-network building blocks: ``Neuron``, ``Layer``, ``MLP``.

A neuron is one ``'neuron'`` gate (``sum_i w_i x_i + b``, its local gradients the inputs
and the weights) followed by its activation gate, so a 2-16-16-1 network is 33 neurons
per example instead of hundreds of two-input gates. Weights come from a seeded
``random.Random`` owned by the model: the same seed gives the same weights, and no
global random state is read or changed.

    >>> from scalargrad.nn import MLP
    >>> model = MLP(2, [16, 16, 1], seed=0)
    >>> score = model([0.5, -1.0])
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from .ops import NEURON
from .reals import is_int, is_list
from .value import Operand, Value, apply

ACTIVATIONS: dict[str, Callable[[Value], Value] | None] = {
    "linear": None,
    "relu": Value.relu,
    "tanh": Value.tanh,
    "sigmoid": Value.sigmoid,
}

Seed = int | random.Random


def _activation(name: object, what: str) -> Callable[[Value], Value] | None:
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise ValueError(
            f"{what} must be one of {', '.join(map(repr, ACTIVATIONS))}, got {name!r}"
        )
    return ACTIVATIONS[name]


def _rng(seed: object) -> random.Random:
    """A random source of the model's own: a new ``Random(seed)`` or the one given."""
    if isinstance(seed, random.Random):
        return seed
    if not is_int(seed):
        raise TypeError(
            f"seed must be an int or a random.Random, got {type(seed).__name__} {seed!r}"
        )
    return random.Random(seed)


def _size(n: object, what: str) -> int:
    if not is_int(n) or n < 1:
        raise ValueError(f"{what} must be an int >= 1, got {n!r}")
    return n


def _example(x: object, nin: int, who: str) -> None:
    """Refuse anything but one example: a list (or tuple) of ``nin`` numbers or Values."""
    if not is_list(x):
        raise TypeError(
            f"{who} takes one example as a list of {nin} numbers or Values, "
            f"got {type(x).__name__}"
        )


class Module:
    """Anything with trainable parameters."""

    def parameters(self) -> list[Value]:
        """The leaves an optimiser moves, in a fixed order."""
        return []

    def zero_grad(self) -> None:
        """Set every parameter's ``.grad`` to 0.0."""
        for p in self.parameters():
            p.zero_grad()


class Neuron(Module):
    """``activation(sum_i w_i x_i + b)``; weights uniform in [-1, 1], bias 0."""

    def __init__(
        self, nin: int, activation: str = "linear", seed: Seed = 0, name: str = ""
    ) -> None:
        self.nin = _size(nin, "Neuron: nin (the number of inputs)")
        self.activation = activation
        self._act = _activation(activation, "Neuron: activation")
        rng = _rng(seed)
        prefix = f"{name}." if name else ""
        self.w = [Value(rng.uniform(-1.0, 1.0), f"{prefix}w{i}") for i in range(self.nin)]
        self.b = Value(0.0, f"{prefix}b")

    def __call__(self, x: Sequence[Operand]) -> Value:
        _example(x, self.nin, "Neuron")
        if len(x) != self.nin:
            raise ValueError(f"Neuron takes {self.nin} inputs, got {len(x)}")
        return self._forward(x)

    def _forward(self, x: Sequence[Operand]) -> Value:
        # x already checked: one example of nin inputs.
        out = apply(NEURON, *self.w, *x, self.b)
        return out if self._act is None else self._act(out)

    def parameters(self) -> list[Value]:
        return [*self.w, self.b]

    def __repr__(self) -> str:
        return f"Neuron({self.nin}, activation={self.activation!r})"


class Layer(Module):
    """``nout`` neurons reading the same ``nin`` inputs."""

    def __init__(
        self, nin: int, nout: int, activation: str = "linear", seed: Seed = 0, name: str = ""
    ) -> None:
        _size(nin, "Layer: nin (the number of inputs)")
        _size(nout, "Layer: nout (the number of neurons)")
        _activation(activation, "Layer: activation")
        rng = _rng(seed)
        prefix = f"{name}." if name else ""
        self.neurons = [
            Neuron(nin, activation, rng, f"{prefix}n{j}") for j in range(nout)
        ]

    def __call__(self, x: Sequence[Operand]) -> list[Value]:
        nin = self.neurons[0].nin
        _example(x, nin, "Layer")
        if len(x) != nin:
            raise ValueError(f"Layer takes {nin} inputs, got {len(x)}")
        return self._forward(x)

    def _forward(self, x: Sequence[Operand]) -> list[Value]:
        # x already checked: one example of nin inputs.
        return [n._forward(x) for n in self.neurons]

    def parameters(self) -> list[Value]:
        return [p for n in self.neurons for p in n.parameters()]

    def __repr__(self) -> str:
        first = self.neurons[0]
        return f"Layer({first.nin}, {len(self.neurons)}, activation={first.activation!r})"


class MLP(Module):
    """A multi-layer perceptron: ``MLP(2, [16, 16, 1])`` has two hidden layers of 16.

    Hidden layers use ``activation``; the last layer uses ``output_activation``
    (``"linear"`` by default, so scores are unbounded). Calling it on one example gives a
    Value when the last layer has one neuron (as micrograd does), else a list;
    ``forward`` always gives the list.
    """

    def __init__(
        self,
        nin: int,
        nouts: Sequence[int],
        activation: str = "relu",
        output_activation: str = "linear",
        seed: Seed = 0,
    ) -> None:
        _size(nin, "MLP: nin (the number of inputs)")
        if not is_list(nouts) or not nouts:
            raise ValueError(
                f"MLP: nouts must be a non-empty list of layer sizes, got {nouts!r}"
            )
        for i, n in enumerate(nouts):
            _size(n, f"MLP: nouts[{i}] (the size of layer {i})")
        _activation(activation, "MLP: activation")
        _activation(output_activation, "MLP: output_activation")
        rng = _rng(seed)
        sizes = [nin, *nouts]
        last = len(nouts) - 1
        self.layers = [
            Layer(
                sizes[i],
                sizes[i + 1],
                output_activation if i == last else activation,
                rng,
                f"L{i}",
            )
            for i in range(len(nouts))
        ]

    def forward(self, x: Sequence[Operand]) -> list[Value]:
        """The last layer's outputs for one example ``x`` (a list of numbers or Values)."""
        _example(x, self.nin, "MLP")
        if len(x) != self.nin:
            raise ValueError(f"MLP takes {self.nin} inputs per example, got {len(x)}")
        out = self.layers[0]._forward(x)
        for layer in self.layers[1:]:  # each layer's nin is the size of the one before
            out = layer._forward(out)
        return out

    def __call__(self, x: Sequence[Operand]) -> Value | list[Value]:
        out = self.forward(x)
        return out[0] if len(out) == 1 else out

    @property
    def nin(self) -> int:
        """The number of inputs per example."""
        return self.layers[0].neurons[0].nin

    def parameters(self) -> list[Value]:
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self) -> str:
        return f"MLP({', '.join(map(repr, self.layers))})"
