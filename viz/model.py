"""``build(root)``: the boxes and wires to draw for a graph, and the numbers on them.

It walks the graph once, in ``scalargrad.topological_order``, and returns a ``Diagram``
(``diagram.py``): the full circuit here, or the collapsed view (``collapse.py``) for a
large graph; it refuses (``GraphTooLargeError``) what Graphviz could not lay out in
seconds. Nothing here knows Graphviz: the SVG/PNG renderer and any other view (an HTML
page that steps through backward) read the same boxes and wires. Wires are numbered gate
by gate in topological order, inputs in argument order.

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

from typing import TypeAlias

from scalargrad import Compiled, Value, topological_order

from .collapse import collapsed_view
from .diagram import Box, Diagram, Route, Walk, Wire, leaf_box, output_box, output_wire
from .options import DEFAULT_MAX_SIZE, DrawOptions
from .symbols import gate_symbol, routes

# A picture's size is its boxes plus its wires: what Graphviz has to place. Past
# AUTO_COLLAPSE a full circuit is too dense to read, so it is collapsed by default
# (see collapse.py); past DEFAULT_MAX_SIZE no layout is attempted (a tangled graph of
# that size takes dot several seconds, and the time grows much faster than the size).
AUTO_COLLAPSE = 300
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


def build(
    root: Value,
    *,
    grad: bool | None = None,
    collapse: bool | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
) -> Diagram:
    """The diagram of everything ``root`` was computed from (see the module docstring);
    the options are ``DrawOptions``'."""
    return diagram_of(root, DrawOptions(grad=grad, collapse=collapse, max_size=max_size))


Drawable: TypeAlias = "Value | Compiled"


def root_of(what: object) -> Value:
    """The Value a picture is drawn from: ``what`` itself, or a compiled function's graph
    at its traced example, with the parameters as they are now (``Compiled.graph``)."""
    if isinstance(what, Compiled):
        return what.graph()
    if not isinstance(what, Value):
        raise TypeError(
            f"viz draws a scalargrad.Value or a scalargrad.Compiled, got "
            f"{type(what).__name__} {what!r}"
        )
    return what


def diagram_of(root: Value, options: DrawOptions) -> Diagram:
    """``build`` with its options checked already."""
    root = root_of(root)
    grad, collapse, max_size = options.grad, options.collapse, options.max_size
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
    walk = Walk(order, pos, uses, sent, received, show, gates)
    diagram = collapsed_view(walk) if collapse else _full(walk)
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


def _sent(order: list[Value], pos: dict[Value, int], show: bool) -> list[list[float]]:
    """``sent[g][k]``: the gradient gate ``g`` sent to its k-th input, as backward does."""
    if not show:
        return [[0.0] * len(v.parents) for v in order]
    return [[float(d) * v.grad for d in v.local_grads] for v in order]


def _route(v: Value, local: float) -> Route:
    if not routes(v):
        return ""
    return "win" if local == 1.0 else "lose" if local == 0.0 else "tie"


def _full(walk: Walk) -> Diagram:
    order, pos, uses, sent, received = walk.order, walk.pos, walk.uses, walk.sent, walk.received
    show, gates = walk.show, walk.gates
    boxes: list[Box] = []
    wires: list[Wire] = []

    def wire(
        tail: str,
        head: str,
        source: int,
        grad: float,
        local: float | None,
        route: Route = "",
        gate: int | None = None,
        arg: int | None = None,
        to_fork: bool = False,
    ) -> None:
        shown = grad if show else None
        number = order[source].data
        fields = (local, route, gate, arg, source, to_fork)
        wires.append(Wire(f"w{len(wires)}", tail, head, number, shown, *fields))

    for i, v in enumerate(order):
        g = received[i] if show else None
        if v.parents:
            boxes.append(Box(f"n{i}", "gate", gate_symbol(v), v.data, g, i))
            for k, p in enumerate(v.parents):
                j = pos[p]
                tail = f"n{j}f" if len(uses[j]) > 1 else f"n{j}"
                local = float(v.local_grads[k])
                wire(tail, f"n{i}", j, sent[i][k], local, _route(v, local), i, k)
        else:
            boxes.append(leaf_box(i, v, g))
        if len(uses[i]) > 1:
            boxes.append(Box(f"n{i}f", "fork", "", v.data, g, i))
            wire(f"n{i}", f"n{i}f", i, received[i], None, to_fork=True)
    boxes.append(output_box(order, received, show))
    wires.append(output_wire(order, received, show, len(wires)))
    return Diagram(tuple(boxes), tuple(wires), show, False, "", gates)
