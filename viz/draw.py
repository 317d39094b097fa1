"""``draw(root)``: the circuit of a Value as a ``graphviz.Digraph`` (Jupyter shows it)."""

from __future__ import annotations

import graphviz

from scalargrad import Value

from .model import DEFAULT_MAX_SIZE, build
from .render import to_digraph


def draw(
    root: Value,
    *,
    grad: bool | None = None,
    local: bool = False,
    collapse: bool | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
) -> graphviz.Digraph:
    """The circuit that computed ``root``, left to right, ending in an ``out`` wire.

    grad:      show gradients under the wires; None (default) shows them when any
               Value in the graph has a non-zero ``.grad`` (i.e. after ``backward()``).
    local:     also show each wire's local gradient d gate / d input (in blue).
    collapse:  draw groups of gates as single boxes (each neuron of an MLP becomes one
               box); None (default) collapses a circuit of more than 300 boxes
               and wires.
    max_size:  refuse (GraphTooLargeError) to lay out more boxes and wires than this,
               or a tangle whose layout cost (long wires counted by the ranks they
               cross) passes 12.5 times this; raise it if you are ready to wait.
    """
    if not isinstance(local, bool):
        raise TypeError(f"local must be True or False, got {type(local).__name__} {local!r}")
    diagram = build(root, grad=grad, collapse=collapse, max_size=max_size)
    return to_digraph(diagram, local=local)
