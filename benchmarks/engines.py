"""The engines compared: each as a Value class and a way to get a trainable 2-16-16-1 MLP."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .workloads import OpsMLP


@dataclass(frozen=True)
class Engine:
    name: str
    Value: type
    # () -> (model, parameters, zero_grad)
    mlp: Callable[[], tuple[Any, list[Any], Callable[[], None]]]


def micrograd() -> Engine:
    from micrograd.engine import Value
    from micrograd.nn import MLP

    def mlp() -> tuple[Any, list[Any], Callable[[], None]]:
        random.seed(1)  # micrograd initialises from the global random module
        model = MLP(2, [16, 16, 1])
        return model, model.parameters(), model.zero_grad

    return Engine("micrograd", Value, mlp)


def scalargrad_ops() -> Engine:
    """scalargrad with the MLP written from Value operators (no nn module)."""
    from scalargrad import Value

    def mlp() -> tuple[Any, list[Any], Callable[[], None]]:
        model = OpsMLP(Value)
        params = model.parameters()

        def zero() -> None:
            for p in params:
                p.zero_grad()

        return model, params, zero

    return Engine("scalargrad", Value, mlp)


def scalargrad_nn() -> Engine:
    """scalargrad with its own ``nn.MLP`` (one gate per neuron)."""
    from scalargrad import Value
    from scalargrad.nn import MLP

    def mlp() -> tuple[Any, list[Any], Callable[[], None]]:
        model = MLP(2, [16, 16, 1], seed=1)
        return model, model.parameters(), model.zero_grad

    return Engine("scalargrad", Value, mlp)
