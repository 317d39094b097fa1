"""viz: scalargrad's computational graphs drawn as circuit diagrams.

    >>> import viz
    >>> viz.save(f, "circuit.svg")       # .svg .png .pdf (need Graphviz's dot) or .dot
    >>> viz.draw(f)                       # a graphviz.Digraph; Jupyter shows it inline

Values ride above each wire in green, gradients below it in red (after a backward
pass); max routes the gradient to its winner, whose wire is heavy, the loser's dashed.
"""

from .draw import draw
from .errors import GraphvizFailedError, GraphvizNotFoundError
from .model import Box, Diagram, GraphTooLargeError, Wire, build
from .save import save

__all__ = [
    "Box",
    "Diagram",
    "GraphTooLargeError",
    "GraphvizFailedError",
    "GraphvizNotFoundError",
    "Wire",
    "build",
    "draw",
    "save",
]
