"""The circuit as plain data: ``Box``, ``Wire`` and ``Diagram``, and the boxes and wires
every view shares (an input, a constant, the ``out`` terminal and its wire).

Ids are generated, never user text or ``id()``: the Value at position i of the
topological order is box ``n{i}``, its fan-out point (when several gates read it) is
``n{i}f``, the output terminal is ``out``, and wires are ``w0, w1, ...`` in the order
they are made. A wire also says, as numbers, which Value's number it carries
(``source``, a topological position) and whether it runs into that Value's fan-out point
(``to_fork``), so no view parses ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from scalargrad import Value

from .numfmt import number

BoxKind = Literal["input", "constant", "gate", "fork", "output", "group"]
Route = Literal["", "win", "lose", "tie"]


class _Numbers:
    """The value and gradient of a box or a wire, as the picture writes them."""

    value: float
    grad: float | None

    @property
    def value_text(self) -> str:
        return number(self.value)

    @property
    def grad_text(self) -> str:
        return "" if self.grad is None else number(self.grad)


@dataclass(frozen=True)
class Box(_Numbers):
    """Something drawn: an input name, a constant, a gate, a fan-out point, the output
    terminal, or (collapsed view) a group of gates shown as one box."""

    id: str
    kind: BoxKind
    text: str  # raw user-facing text (a name, a symbol, a number): escape before markup
    value: float  # the forward value of the Value it stands for
    grad: float | None  # its gradient (sum of what it received); None before backward
    node: int | None  # its position in the topological order (None for the terminal)
    detail: str = ""  # group boxes: what they hold, e.g. "33 gates: 16 ×, 16 +, 1 relu"
    members: tuple[int, ...] = ()  # group boxes: topological positions inside


@dataclass(frozen=True)
class Wire(_Numbers):
    """A wire from box ``tail`` to box ``head``, with the numbers that travel on it."""

    id: str
    tail: str
    head: str
    value: float
    grad: float | None  # None before backward
    local: float | None  # d gate / d this input; None on trunk and output wires
    route: Route  # max/min inputs: "win", "lose", or "tie"; "" elsewhere
    gate: int | None  # topological position of the gate that sends this gradient back
    arg: int | None  # the argument position at that gate
    source: int  # topological position of the Value whose number the wire carries
    to_fork: bool = False  # the trunk into the source's fan-out point, before its branches

    @property
    def local_text(self) -> str:
        return "" if self.local is None else number(self.local)


@dataclass(frozen=True)
class Walk:
    """What one walk of the graph found, which each view (full, collapsed) draws from."""

    order: list[Value]  # every Value, in topological order
    pos: dict[Value, int]  # a Value's position in order
    uses: list[list[tuple[int, int]]]  # (gate, arg) pairs that read the Value at i
    sent: list[list[float]]  # sent[g][k]: the gradient gate g sent to its k-th input
    received: list[float]  # the gradient the Value at i received, in all
    show: bool  # gradients are drawn
    gates: int  # gates in the whole graph


@dataclass(frozen=True)
class Diagram:
    boxes: tuple[Box, ...]
    wires: tuple[Wire, ...]
    has_grad: bool  # gradients are on the wires
    collapsed: bool  # groups of gates drawn as single boxes (see ``note``)
    note: str  # what the picture leaves out, said on the picture; "" if nothing
    gates: int  # gates in the whole graph


def leaf_box(i: int, v: Value, grad: float | None) -> Box:
    if v.label:
        return Box(f"n{i}", "input", v.label, v.data, grad, i)
    return Box(f"n{i}", "constant", number(v.data), v.data, grad, i)


def output_box(order: list[Value], received: list[float], show: bool) -> Box:
    """The ``out`` terminal: the root's value and gradient."""
    return Box("out", "output", "out", order[-1].data, received[-1] if show else None, None)


def output_wire(order: list[Value], received: list[float], show: bool, n: int) -> Wire:
    """Wire number ``n``, from the root (last in topological order) to ``out``."""
    grad = received[-1] if show else None
    root = len(order) - 1
    return Wire(f"w{n}", f"n{root}", "out", order[-1].data, grad, None, "", None, None, root)
