"""A ``Diagram`` drawn with Graphviz: left to right, a circle per gate, numbers on wires.

Each wire is drawn as two edge segments meeting in a small table: the forward value
above the wire (green), the gradient below it (red), so the line runs through the
middle of its numbers as in hand-drawn circuit diagrams. All user text goes through
``escape.dot_markup`` into HTML-like labels; node names are the model's generated ids.
"""

from __future__ import annotations

import textwrap

import graphviz

from . import style
from .circuit import Circuit
from .diagram import Box, Diagram, Wire
from .escape import dot_markup


def to_digraph(diagram: Diagram, *, local: bool = False) -> graphviz.Digraph:
    """The Graphviz graph for ``diagram``; ``local=True`` adds each wire's local gradient."""
    g = Circuit(
        name="circuit",
        graph_attr={
            "rankdir": "LR",
            "ordering": "in",  # a gate's inputs enter top to bottom in argument order
            "nodesep": style.NODE_SEP,
            "ranksep": style.RANK_SEP_COLLAPSED if diagram.collapsed else style.RANK_SEP,
            "pad": style.PAD,
            "bgcolor": "white",
            "fontname": style.FONT,
            "labelloc": "t",
            "labeljust": "l",
            "label": _legend(diagram, local),
            # dot's own bounds on its slowest phases (network simplex, crossing
            # minimisation): a tangled graph then takes seconds, not minutes, and the
            # small circuits come out exactly as without them
            **style.LAYOUT_LIMITS,
        },
        node_attr={"fontname": style.FONT, "color": style.INK, "fontcolor": style.INK},
        edge_attr={"color": style.INK, "arrowsize": style.ARROW_SIZE, "penwidth": style.PENWIDTH},
    )
    for box in diagram.boxes:
        g.node(box.id, id=box.id, **_box_attrs(box, diagram.collapsed))
    for wire in diagram.wires:
        if diagram.collapsed and wire.head != "out":
            g.edge(
                wire.tail,
                wire.head,
                id=wire.id,
                color=style.MUTED,
                penwidth=style.GROUP_PENWIDTH,
                arrowsize=style.GROUP_ARROW_SIZE,
            )
        else:
            _draw_wire(g, wire, local)
    return g


def _font(text: str, color: str, size: int, bold: bool = False) -> str:
    inner = f"<B>{text}</B>" if bold else text
    return f'<FONT COLOR="{color}" POINT-SIZE="{size}">{inner}</FONT>'


def _rows(*cells: str) -> str:
    body = "".join(f"<TR><TD>{c}</TD></TR>" for c in cells if c)
    return _table(body)


def _table(rows: str) -> str:
    """An HTML-like label: the ``rows`` in a borderless table."""
    return (
        '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0"'
        f' CELLPADDING="{style.CELL_PADDING}">{rows}</TABLE>>'
    )


def _numbers(box: Box) -> list[str]:
    """A box's value and gradient side by side (collapsed view)."""
    text = _font(box.value_text, style.VALUE_COLOR, style.NUMBER_SIZE)
    if box.grad is not None:
        text += "   " + _font(box.grad_text, style.GRAD_COLOR, style.NUMBER_SIZE)
    return [text]


def _box_attrs(box: Box, collapsed: bool) -> dict[str, str]:
    text = dot_markup(box.text)
    if box.kind == "gate":
        size = style.gate_symbol_size(box.text)
        fixed = len(box.text) <= 4
        return {
            "shape": "circle",
            "label": f"<{text}>",
            "fontsize": str(size),
            "fixedsize": str(fixed).lower(),
            "width": style.GATE_WIDTH,
            "margin": style.LABEL_MARGIN,
        }
    if box.kind == "fork":
        return {"shape": "point", "width": style.FORK_WIDTH, "color": style.INK}
    if box.kind == "group":
        return {
            "shape": "box",
            "style": "rounded",
            "margin": style.GROUP_MARGIN,
            "label": _rows(
                _font(text, style.INK, style.GROUP_TITLE_SIZE, bold=True),
                _font(dot_markup(box.detail, 80), style.NOTE_COLOR, style.SMALL_SIZE),
                *_numbers(box),
            ),
        }
    if box.kind == "constant":
        name = _font(text, style.CONSTANT_COLOR, style.NAME_SIZE)
    else:  # input, output
        name = _font(text, style.INK, style.NAME_SIZE, bold=True)
    numbers = _numbers(box) if collapsed and box.kind != "output" else []
    return {"shape": "plaintext", "margin": style.LABEL_MARGIN, "label": _rows(name, *numbers)}


def _draw_wire(g: graphviz.Digraph, wire: Wire, local: bool) -> None:
    color = style.MUTED if wire.route == "lose" else style.INK
    dashed = wire.route == "lose"
    heavy = wire.route in ("win", "tie")
    pen = style.WIN_PENWIDTH if heavy else style.PENWIDTH
    # The middle row is the wire itself: an empty cell whose top border is the line.
    dash = ' STYLE="dashed"' if dashed else ""
    bar = (
        f'<TD PORT="bar" HEIGHT="{style.BAR_HEIGHT}" CELLPADDING="0"'
        f' BORDER="{style.WIN_BAR_BORDER if heavy else style.BAR_BORDER}" SIDES="T"'
        f' COLOR="{color}"{dash}></TD>'
    )
    cells = [_font(wire.value_text, style.VALUE_COLOR, style.NUMBER_SIZE), bar]
    if wire.grad is not None:
        cells.append(_font(wire.grad_text, style.GRAD_COLOR, style.NUMBER_SIZE))
    if local and wire.local is not None:
        cells.append(_font("local " + wire.local_text, style.LOCAL_COLOR, style.SMALL_SIZE))
    rows = "".join(f"<TR>{c}</TR>" if c is bar else f"<TR><TD>{c}</TD></TR>" for c in cells)
    label = _table(rows)
    g.node(wire.id, id=wire.id, shape="plaintext", margin="0", label=label)
    common = {"color": color, "penwidth": pen}
    if dashed:
        common["style"] = "dashed"
    g.edge(wire.tail, f"{wire.id}:bar:w", id=f"{wire.id}_from", arrowhead="none", **common)
    g.edge(
        f"{wire.id}:bar:e",
        wire.head,
        id=f"{wire.id}_to",
        arrowhead="none" if wire.to_fork else "normal",
        **common,
    )


def _legend(diagram: Diagram, local: bool) -> str:
    """The line above the picture saying what its colours mean, and its note if any."""
    # An en space: SVG drops a <text>'s leading plain space in a browser, and dot places
    # each run at a whole point, so a narrow no-break space can vanish between two runs.
    where = (
        ("\u2002in each box", "\u2002beside it")
        if diagram.collapsed
        else (
            "\u2002above each wire",
            "\u2002below",
        )
    )
    parts = [
        _font("value", style.VALUE_COLOR, style.LEGEND_SIZE)
        + _font(where[0], style.NOTE_COLOR, style.LEGEND_SIZE)
    ]
    if diagram.has_grad:
        parts.append(
            _font("gradient", style.GRAD_COLOR, style.LEGEND_SIZE)
            + _font(where[1], style.NOTE_COLOR, style.LEGEND_SIZE)
        )
    else:
        parts.append(
            _font("no backward pass yet: no gradients", style.NOTE_COLOR, style.LEGEND_SIZE)
        )
    if local and not diagram.collapsed:
        parts.append(
            _font("local gradient", style.LOCAL_COLOR, style.LEGEND_SIZE)
            + _font("\u2002(d gate / d input) under that", style.NOTE_COLOR, style.LEGEND_SIZE)
        )
    lines = ["   ·   ".join(parts)]
    for line in textwrap.wrap(diagram.note, style.NOTE_WIDTH):
        lines.append(_font(dot_markup(line, len(line)), style.NOTE_COLOR, style.LEGEND_SIZE))
    return "<" + '<BR ALIGN="LEFT"/>'.join(lines) + '<BR ALIGN="LEFT"/>>'
