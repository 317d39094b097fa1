"""Every colour and size of the picture, in one place (tests and the page read the colours
from here)."""

from __future__ import annotations

VALUE_COLOR = "#1a7f37"  # forward values: green, above the wire
# Gradients: red, below the wire. The step page (page.py) finds the gradient texts of the
# SVG by this colour, because Graphviz 2.43 drops the ids of table cells: keep it unique
# among the picture's text colours (LOCAL_COLOR is found the same way).
GRAD_COLOR = "#c62828"
LOCAL_COLOR = "#1f5fbf"  # local gradients (option ``local=True``): blue, under the gradient
INK = "#222222"  # wires, gates, names
MUTED = "#9e9e9e"  # a max/min input that lost: its wire is dashed and grey
CONSTANT_COLOR = "#555555"  # unlabelled leaves, drawn as their value
NOTE_COLOR = "#444444"

FONT = "Helvetica,Arial,sans-serif"
NUMBER_SIZE = 11  # points, numbers on wires
NAME_SIZE = 14  # points, input names
WIN_PENWIDTH = "2.4"  # a max/min input that won: a heavier wire
NOTE_WIDTH = 90  # characters per line of the note on a collapsed picture
SMALL_SIZE = 9  # points: a group's contents, local gradients
LEGEND_SIZE = 10  # points: the legend and note above the picture
GROUP_TITLE_SIZE = 14  # points: a collapsed group's symbol


def gate_symbol_size(symbol: str) -> int:
    """Points for a gate's symbol: large for one character, smaller for a name."""
    return 18 if len(symbol) == 1 else 12 if len(symbol) <= 4 else 10


# Graphviz lengths (inches) and line widths, as dot reads them.
NODE_SEP = "0.18"
RANK_SEP = "0.22"
RANK_SEP_COLLAPSED = "1.2"
PAD = "0.2"
ARROW_SIZE = "0.6"
PENWIDTH = "1.2"
GATE_WIDTH = "0.5"
FORK_WIDTH = "0.07"
LABEL_MARGIN = "0.02"
GROUP_MARGIN = "0.08,0.04"
GROUP_PENWIDTH = "0.8"  # collapsed view: thin grey wires between groups
GROUP_ARROW_SIZE = "0.5"
# A wire's numbers sit in a table round the wire: the line is the top border of its bar.
CELL_PADDING = 1  # points
BAR_HEIGHT = 2  # points
BAR_BORDER = 1  # points: the wire's line
WIN_BAR_BORDER = 2  # points: the wire of a max/min input that won

# Graphviz's limits on its own iterations (graph attributes): network simplex (nslimit,
# nslimit1), crossing minimisation (mclimit, a factor on its passes) and the simplex's
# search size. Measured on graphs of up to 800 boxes and wires: a leaf read by each gate
# of a 100-gate chain took over 60 s without them, 3.8 s with them; the seed circuits and
# a collapsed MLP come out byte for byte the same.
LAYOUT_LIMITS = {"nslimit": "2", "nslimit1": "2", "mclimit": "0.5", "searchsize": "30"}
