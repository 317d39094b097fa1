"""What a gate's circle says: the engine's op symbol as a reader writes it."""

from __future__ import annotations

from .escape import visible

GATE_SYMBOLS: dict[str, str] = {
    "+": "+",
    "-": "−",
    "*": "×",
    "/": "÷",
    "**": "^",
    "neg": "−",
    "exp": "exp",
    "log": "log",
    "sqrt": "√",
    "tanh": "tanh",
    "sigmoid": "σ",
    "relu": "relu",
    "abs": "abs",
    "max": "max",
    "min": "min",
    "sum": "Σ",
    "neuron": "Σw·x+b",
}

# Gates that send the whole gradient to one input: the picture marks winner and loser.
ROUTING_GATES = frozenset({"max", "min"})


def gate_symbol(op: str) -> str:
    """The symbol drawn for ``op``; an op this table does not know shows its own name."""
    return GATE_SYMBOLS.get(op, visible(op, 12))
