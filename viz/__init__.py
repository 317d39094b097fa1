"""viz: scalargrad's computational graphs drawn as circuit diagrams.

    >>> import viz
    >>> viz.save(f, "circuit.svg")       # .svg .png .pdf (need Graphviz's dot) or .dot
    >>> viz.save(f, "circuit.html")      # a page that steps through backward gate by gate
    >>> viz.draw(f)                       # a graphviz.Digraph; Jupyter shows it inline

The ``.html`` page is one self-contained file (it fetches nothing): the same circuit as
the SVG, with Prev/Next, a slider, Play and the arrow keys; each step runs one gate
backward, shows the gradients it sends, and says in a caption what it did (``+=`` sums
spelled out where a Value is read several times). It too needs Graphviz's dot.

How the picture reads:

* Left to right, one circle per gate (``+ × − ÷ ^ max exp σ …``); a gate's inputs enter
  top to bottom in argument order. An input is drawn as its label; an unlabelled leaf
  (a constant such as the 2 in ``2 * x``) is drawn as its value, in grey.
* Every wire carries the forward value above it (green) and, after a backward pass,
  the gradient that flowed back along it below it (red); the ``out`` wire carries the
  output and its gradient (1 after ``f.backward()``). Gradients are shown when any
  Value in the graph has a non-zero ``.grad``; ``grad=True/False`` decides instead.
* A Value read by several gates (``x * x``) fans out at a dot: one wire per use, each
  with its own share, and the trunk with their sum, as backward's ``+=`` adds them.
* max/min: the winner's wire is heavy, the loser's dashed and grey with gradient 0;
  on a tie both are heavy and get half each. ``local=True`` adds each wire's local
  gradient d gate / d input (blue), so ``gradient = upstream × local`` can be read off.
* Numbers have at most 4 significant digits (``-12``, ``0.7311``, ``3.34e-5``).
* Large graphs (over 300 boxes and wires) are collapsed: each gate with the weighted
  sum that only it reads becomes one box (a neuron of an MLP), and the picture says
  so; past ``max_size`` (800) boxes and wires, or a tangle of long wires whose layout
  would be slow, a GraphTooLargeError comes at once instead of a layout that could take
  minutes.
* The same graph always gives the same DOT and SVG bytes: ids are ``n0, n1, …`` in
  ``scalargrad.topological_order``, never user text or ``id()``; all user text is
  escaped, so a label ``<IMG SRC=x>`` shows as those characters.
"""

from .diagram import Box, Diagram, Wire
from .draw import draw
from .errors import GraphvizFailedError, GraphvizNotFoundError
from .model import GraphTooLargeError, build
from .notebook import StepThrough, step_through
from .options import DrawOptions
from .recorder import TrainingRecorder
from .save import save
from .text import text

__all__ = [
    "Box",
    "Diagram",
    "DrawOptions",
    "GraphTooLargeError",
    "GraphvizFailedError",
    "GraphvizNotFoundError",
    "StepThrough",
    "TrainingRecorder",
    "Wire",
    "build",
    "draw",
    "save",
    "step_through",
    "text",
]
