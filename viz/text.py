"""``text(root)``: the backward pass in a terminal, gate by gate, with the step page's own
captions (``steps.py`` schedules them, ``captions.py`` words them, the same for both).

    >>> import scalargrad as sg, viz
    >>> x, y, z = sg.Value(-2.0, "x"), sg.Value(5.0, "y"), sg.Value(-4.0, "z")
    >>> f = (x + y) * z
    >>> f.backward()
    >>> print(viz.text(f, color=False))
    Backward through 2 gates, from the output to the inputs:
    <BLANKLINE>
    step 1/2  ×
      Backward starts at the output: out gets gradient 1 (d out / d out = 1).
      × sends 1 × -4 = -4 to x + y and 1 × 3 = 3 to z (each input gets the upstream
      gradient times the other input).
    <BLANKLINE>
    step 2/2  +
      + sends -4 unchanged to each input (x and y): its local gradients are 1.

Plain text, lines of at most 80 columns; colour (bold step headers) only when asked or,
by default, when standard output is a terminal.
"""

from __future__ import annotations

import sys
import textwrap

from .diagram import Diagram
from .model import Drawable, diagram_of, root_of
from .options import DrawOptions
from .steps import Step, backward_steps

WIDTH = 80
INDENT = "  "
BOLD, RESET = "\x1b[1m", "\x1b[0m"


def text(root: Drawable, *, color: bool | None = None, width: int = WIDTH) -> str:
    """``root``'s backward pass as text: one paragraph per gate (or per group of gates in
    the collapsed view of a large graph), in the order backward runs them."""
    if color is not None and not isinstance(color, bool):
        raise TypeError(f"color must be True, False or None, got {color!r}")
    if isinstance(width, bool) or not isinstance(width, int) or width < 20:
        raise ValueError(f"width must be an int >= 20 (columns), got {width!r}")
    if color is None:
        color = sys.stdout.isatty()
    root = root_of(root)
    diagram = diagram_of(root, DrawOptions())
    steps = backward_steps(root, diagram)
    return "\n".join(_lines(steps, diagram, color, width))


def _lines(steps: list[Step], diagram: Diagram, color: bool, width: int) -> list[str]:
    wrap = textwrap.TextWrapper(width=width, initial_indent=INDENT, subsequent_indent=INDENT)
    if len(steps) == 1:  # no backward pass yet, or nothing to step through
        return [line for caption in steps[0].caption for line in textwrap.wrap(caption, width)]
    shown = {b.id: b.text for b in diagram.boxes}
    runs = steps[1:]  # step 0 is the forward pass: the page shows it, the text starts here
    unit = "groups of gates" if diagram.collapsed else "gates"
    lines = [f"Backward through {len(runs)} {unit}, from the output to the inputs:"]
    for k, step in enumerate(runs, start=1):
        header = f"step {k}/{len(runs)}  {shown.get(step.gate, '')}".rstrip()
        lines += ["", f"{BOLD}{header}{RESET}" if color else header]
        for caption in step.caption:
            lines += wrap.wrap(caption)
    return lines
