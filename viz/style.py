"""Colours and sizes of the picture, in one place (tests read the colours from here)."""

from __future__ import annotations

VALUE_COLOR = "#1a7f37"  # forward values: green, above the wire
GRAD_COLOR = "#c62828"  # gradients: red, below the wire
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

# Graphviz's limits on its own iterations (graph attributes): network simplex (nslimit,
# nslimit1), crossing minimisation (mclimit, a factor on its passes) and the simplex's
# search size. Measured on graphs of up to 800 boxes and wires: a leaf read by each gate
# of a 100-gate chain took over 60 s without them, 3.8 s with them; the seed circuits and
# a collapsed MLP come out byte for byte the same.
LAYOUT_LIMITS = {"nslimit": "2", "nslimit1": "2", "mclimit": "0.5", "searchsize": "30"}
