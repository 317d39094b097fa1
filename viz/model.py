"""The circuit as plain data: which boxes and wires to draw, and the numbers on them.

``build(root)`` walks the graph once, in ``scalargrad.topological_order``, and returns a
``Diagram``. Nothing here knows Graphviz: the SVG/PNG renderer and any other view (an
HTML page that steps through backward) read the same boxes and wires.

Ids are generated, never user text or ``id()``: the Value at position i of the
topological order is box ``n{i}``, its fan-out point (when several gates read it) is
``n{i}f``, the output terminal is ``out``, and wires are ``w0, w1, ...`` in the order
they are made (gate by gate in topological order, inputs in argument order).

The numbers on a wire are those the engine moved along it:

* value: the forward value of the box the wire leaves;
* gradient: what the gate at the wire's end sent back along it in the last backward
  pass, ``local * gate.grad`` with ``local = gate.local_grads[arg]``. A Value read by
  several gates gets a fan-out point: its trunk wire carries the sum of the branches
  (the ``+=`` of backward), each branch its own share. The output wire carries
  ``root.grad`` (1 after ``root.backward()``).

Gradients are shown only after a backward pass: ``grad=None`` (the default) means
"if any Value in the graph has a non-zero ``.grad``"; pass ``grad=True`` or ``False`` to
decide yourself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from scalargrad import Value, topological_order

from .collapse import group_roots, summary
from .numfmt import number
from .symbols import gate_symbol, routes

BoxKind = Literal["input", "constant", "gate", "fork", "output", "group"]
Route = Literal["", "win", "lose", "tie"]

# A picture's size is its boxes plus its wires: what Graphviz has to place. Past
# AUTO_COLLAPSE a full circuit is too dense to read, so it is collapsed by default
# (see collapse.py); past DEFAULT_MAX_SIZE no layout is attempted (a tangled graph of
# that size takes dot several seconds, and the time grows much faster than the size).
AUTO_COLLAPSE = 300
DEFAULT_MAX_SIZE = 800
# What dot's time follows is its layout cost: boxes and wires, plus the ranks each long
# wire crosses (dot routes it through one hidden node per rank). A value read by gates
# far apart (a leaf read by every gate of a chain) costs more than its size says.
# Measured with style.LAYOUT_LIMITS on this project's 2-core machine: a cost of 10,400
# took 3.8 s, 13,900 3.7 s, 22,200 9 s, 40,800 58 s. Past MAX_LAYOUT_COST (scaled by
# max_size / DEFAULT_MAX_SIZE) a picture is refused at once, whatever its size.
MAX_LAYOUT_COST = 10_000
# Past this many Values no picture is attempted, not even collapsed: the walk that
# counts them stops here, so refusing a graph of a million Values takes milliseconds.
MAX_VALUES = 100_000


class GraphTooLargeError(ValueError):
    """The picture would have more boxes and wires than ``max_size``."""


@dataclass(frozen=True)
class Box:
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

    @property
    def value_text(self) -> str:
        return number(self.value)

    @property
    def grad_text(self) -> str:
        return "" if self.grad is None else number(self.grad)


@dataclass(frozen=True)
class Wire:
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

    @property
    def value_text(self) -> str:
        return number(self.value)

    @property
    def grad_text(self) -> str:
        return "" if self.grad is None else number(self.grad)

    @property
    def local_text(self) -> str:
        return "" if self.local is None else number(self.local)


@dataclass(frozen=True)
class Diagram:
    boxes: tuple[Box, ...]
    wires: tuple[Wire, ...]
    has_grad: bool  # gradients are on the wires
    collapsed: bool  # groups of gates drawn as single boxes (see ``note``)
    note: str  # what the picture leaves out, said on the picture; "" if nothing
    gates: int  # gates in the whole graph


def build(
    root: Value,
    *,
    grad: bool | None = None,
    collapse: bool | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
) -> Diagram:
    """The diagram of everything ``root`` was computed from (see the module docstring)."""
    _check_options(root, grad, collapse, max_size)
    _count_values(root)
    order = topological_order(root)
    assert order[-1] is root, "topological_order must end with its root"
    pos = {v: i for i, v in enumerate(order)}
    uses: list[list[tuple[int, int]]] = [[] for _ in order]  # (gate, arg) reading node i
    for i, v in enumerate(order):
        for k, p in enumerate(v.parents):
            uses[pos[p]].append((i, k))
    show = any(v.grad != 0.0 for v in order) if grad is None else grad
    sent = _sent(order, pos, show)
    received = [sum(sent[g][k] for g, k in uses[i]) for i in range(len(order))]
    received[-1] = root.grad  # the output wire: root is last in topological order
    forks = sum(1 for u in uses if len(u) > 1)
    full_size = (len(order) + forks + 1) + (sum(len(u) for u in uses) + forks + 1)
    gates = sum(1 for v in order if v.parents)
    if collapse is None:
        collapse = full_size > AUTO_COLLAPSE
    if not collapse and full_size > max_size:  # refuse before building the boxes
        raise _too_large(full_size, len(order), gates, max_size, collapsed=False)
    if collapse:
        diagram = _collapsed(order, pos, uses, sent, received, show, gates)
    else:
        diagram = _full(order, pos, uses, sent, received, show, gates)
    size = len(diagram.boxes) + len(diagram.wires)
    if size > max_size:
        raise _too_large(size, len(order), gates, max_size, collapsed=True)
    cost = layout_cost(diagram)
    budget = MAX_LAYOUT_COST * max_size // DEFAULT_MAX_SIZE  # a larger max_size: more time
    if cost > budget:
        raise GraphTooLargeError(
            f"graph too tangled to draw: {size} boxes and wires, but its long wires cross "
            f"{cost - size} ranks in all (a layout cost of {cost}, past {budget}), for "
            "which Graphviz's layout can take minutes; draw a smaller part of the graph, "
            "or raise max_size if you are ready to wait"
        )
    return diagram


def layout_cost(diagram: Diagram) -> int:
    """Boxes and wires plus the ranks that long wires cross: what dot's time follows.

    Ranks are longest paths from the inputs (dot's own ranking can only shorten wires).
    """
    rank: dict[str, int] = {}
    into: dict[str, list[str]] = {}
    for w in diagram.wires:
        into.setdefault(w.head, []).append(w.tail)
    for box in diagram.boxes:  # in topological order: every tail before its heads
        rank[box.id] = 1 + max((rank[t] for t in into.get(box.id, ())), default=-1)
    crossed = sum(rank[w.head] - rank[w.tail] - 1 for w in diagram.wires)
    return len(diagram.boxes) + len(diagram.wires) + crossed


def _count_values(root: Value) -> None:
    """Refuse a graph of more than MAX_VALUES Values, counting no further than that."""
    seen = {root}
    stack = [root]
    while stack:
        for p in stack.pop().parents:
            if p not in seen:
                seen.add(p)
                if len(seen) > MAX_VALUES:
                    raise GraphTooLargeError(
                        f"graph too large to draw: more than {MAX_VALUES:,} Values, even "
                        "collapsed; draw a smaller part of the graph (the Value of a "
                        "sub-expression)"
                    )
                stack.append(p)


def _too_large(size: int, values: int, gates: int, max_size: int, collapsed: bool) -> Exception:
    hint = (
        "draw a smaller part of the graph (the Value of a sub-expression)"
        if collapsed
        else "pass collapse=True to draw groups of gates as single boxes, or draw a "
        "smaller part of the graph"
    )
    return GraphTooLargeError(
        f"graph too large to draw: {size} boxes and wires ({values} Values, {gates} gates"
        f"{', collapsed' if collapsed else ''}) exceed max_size={max_size}, past which "
        f"Graphviz's layout can take minutes; {hint}, or raise max_size if you are ready "
        "to wait"
    )


def _check_options(root: object, grad: object, collapse: object, max_size: object) -> None:
    if not isinstance(root, Value):
        raise TypeError(f"viz draws a scalargrad.Value, got {type(root).__name__} {root!r}")
    for name, option in (("grad", grad), ("collapse", collapse)):
        if option is not None and not isinstance(option, bool):
            raise TypeError(
                f"{name} must be True, False or None (decide automatically), "
                f"got {type(option).__name__} {option!r}"
            )
    if isinstance(max_size, bool) or not isinstance(max_size, int) or max_size < 1:
        raise ValueError(f"max_size must be a positive int, got {max_size!r}")


def _sent(order: list[Value], pos: dict[Value, int], show: bool) -> list[list[float]]:
    """``sent[g][k]``: the gradient gate ``g`` sent to its k-th input, as backward does."""
    if not show:
        return [[0.0] * len(v.parents) for v in order]
    return [[float(d) * v.grad for d in v.local_grads] for v in order]


def _route(v: Value, local: float) -> Route:
    if not routes(v):
        return ""
    return "win" if local == 1.0 else "lose" if local == 0.0 else "tie"


def _leaf_box(i: int, v: Value, grad: float | None) -> Box:
    if v.label:
        return Box(f"n{i}", "input", v.label, v.data, grad, i)
    return Box(f"n{i}", "constant", number(v.data), v.data, grad, i)


def _output_box(order: list[Value], received: list[float], show: bool) -> Box:
    """The ``out`` terminal: the root's value and gradient."""
    return Box("out", "output", "out", order[-1].data, received[-1] if show else None, None)


def _output_wire(order: list[Value], received: list[float], show: bool, n: int) -> Wire:
    """Wire number ``n``, from the root (last in topological order) to ``out``."""
    grad = received[-1] if show else None
    return Wire(f"w{n}", f"n{len(order) - 1}", "out", order[-1].data, grad, None, "", None, None)


def _full(
    order: list[Value],
    pos: dict[Value, int],
    uses: list[list[tuple[int, int]]],
    sent: list[list[float]],
    received: list[float],
    show: bool,
    gates: int,
) -> Diagram:
    boxes: list[Box] = []
    wires: list[Wire] = []

    def wire(
        tail: str,
        head: str,
        value: float,
        grad: float,
        local: float | None,
        route: Route = "",
        gate: int | None = None,
        arg: int | None = None,
    ) -> None:
        wires.append(
            Wire(
                f"w{len(wires)}", tail, head, value, grad if show else None, local, route, gate, arg
            )
        )

    for i, v in enumerate(order):
        g = received[i] if show else None
        if v.parents:
            boxes.append(Box(f"n{i}", "gate", gate_symbol(v), v.data, g, i))
            for k, p in enumerate(v.parents):
                j = pos[p]
                tail = f"n{j}f" if len(uses[j]) > 1 else f"n{j}"
                local = float(v.local_grads[k])
                wire(tail, f"n{i}", p.data, sent[i][k], local, _route(v, local), i, k)
        else:
            boxes.append(_leaf_box(i, v, g))
        if len(uses[i]) > 1:
            boxes.append(Box(f"n{i}f", "fork", "", v.data, g, i))
            wire(f"n{i}", f"n{i}f", v.data, received[i], None)
    boxes.append(_output_box(order, received, show))
    wires.append(_output_wire(order, received, show, len(wires)))
    return Diagram(tuple(boxes), tuple(wires), show, False, "", gates)


def _collapsed(
    order: list[Value],
    pos: dict[Value, int],
    uses: list[list[tuple[int, int]]],
    sent: list[list[float]],
    received: list[float],
    show: bool,
    gates: int,
) -> Diagram:
    rep = group_roots(order, uses)
    members: dict[int, list[int]] = {}
    for i in range(len(order)):
        members.setdefault(rep[i], []).append(i)
    boxes: list[Box] = []
    wires: list[Wire] = []
    for r, inside in sorted(members.items()):
        v = order[r]
        g = received[r] if show else None
        if not v.parents:
            boxes.append(_leaf_box(r, v, g))
            continue
        symbol = gate_symbol(v)
        boxes.append(
            Box(f"n{r}", "group", symbol, v.data, g, r, summary(order, inside), tuple(inside))
        )
        # One wire per outside box feeding the group, carrying the sum of what it sent.
        into: dict[int, float] = {}
        for m in inside:
            for k, p in enumerate(order[m].parents):
                j = pos[p]
                if rep[j] != r:
                    into[j] = into.get(j, 0.0) + sent[m][k]
        for j, total in into.items():
            grad = total if show else None
            wires.append(
                Wire(f"w{len(wires)}", f"n{j}", f"n{r}", order[j].data, grad, None, "", r, None)
            )
    boxes.append(_output_box(order, received, show))
    wires.append(_output_wire(order, received, show, len(wires)))
    note = (
        f"Collapsed view: {gates} gates drawn as {len(members)} boxes. Each box is a gate "
        "together with the weighted sum that only it reads (a neuron: its w·x products, "
        "sums, weights and bias). Numbers in a box are its output's value"
        + (" and gradient" if show else "")
        + "; wires between boxes carry no numbers."
    )
    return Diagram(tuple(boxes), tuple(wires), show, True, note, gates)
