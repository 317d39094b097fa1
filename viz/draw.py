"""``draw(root)``: the circuit of a Value as a ``graphviz.Digraph`` (Jupyter shows it)."""

from __future__ import annotations

import graphviz

from scalargrad import Value

from .model import Drawable, diagram_of, root_of
from .options import DEFAULT_MAX_SIZE, DrawOptions
from .render import to_digraph


def draw(
    root: Drawable,
    *,
    grad: bool | None = None,
    local: bool = False,
    collapse: bool | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
) -> graphviz.Digraph:
    """The circuit that computed ``root``, left to right, ending in an ``out`` wire.

    ``root`` may also be a ``scalargrad.Compiled``: its traced example is drawn. The
    options are ``viz.DrawOptions``' (grad, local, collapse, max_size)."""
    return digraph_of(root_of(root), DrawOptions(grad, local, collapse, max_size))


def digraph_of(root: Value, options: DrawOptions) -> graphviz.Digraph:
    """``draw`` with its options checked already."""
    return to_digraph(diagram_of(root, options), local=options.local)
