"""Reading a rendered SVG the way a person reads the picture: which names and symbols
are drawn, which wires join them, and the coloured numbers on each wire.

Connectivity comes from the SVG's edge titles (``tail->head``); each wire is drawn as
two edges meeting in a node (``w3``) that holds its numbers. Nothing here looks at the
model the picture was made from.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

SVG = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Text:
    text: str
    fill: str
    y: float
    bold: bool


@dataclass(frozen=True)
class Edge:
    id: str
    tail: str
    head: str
    stroke: str
    width: float
    dashed: bool


class Picture:
    def __init__(self, path: Path) -> None:
        self.root = ET.parse(path).getroot()
        self.nodes: dict[str, list[Text]] = {}
        self.edges: list[Edge] = []
        self.bars: dict[str, ET.Element] = {}
        for g in self.root.iter(f"{SVG}g"):
            title = g.findtext(f"{SVG}title", "")
            if g.get("class") == "node":
                # blank runs (spacing between numbers) are nothing a reader sees
                texts = [_text(t) for t in g.iter(f"{SVG}text")]
                self.nodes[title] = [t for t in texts if t.text.strip()]
                bar = g.find(f"{SVG}polyline")
                if bar is not None:
                    self.bars[title] = bar
            elif g.get("class") == "edge":
                tail, head = (re.sub(r":.*", "", end) for end in title.split("->"))
                path = g.find(f"{SVG}path")
                assert path is not None
                self.edges.append(
                    Edge(
                        g.get("id", ""),
                        tail,
                        head,
                        path.get("stroke", ""),
                        float(path.get("stroke-width", "1")),
                        path.get("stroke-dasharray") is not None,
                    )
                )

    def all_texts(self) -> list[Text]:
        return [_text(t) for t in self.root.iter(f"{SVG}text")]

    def node_named(self, text: str) -> str:
        """The one node whose only text is ``text`` (an input name or a gate symbol)."""
        found = [n for n, ts in self.nodes.items() if [t.text for t in ts] == [text]]
        assert len(found) == 1, f"expected one node reading {text!r}, found {found}"
        return found[0]

    def nodes_named(self, text: str) -> list[str]:
        return [n for n, ts in self.nodes.items() if [t.text for t in ts] == [text]]

    def wires_between(self, tail: str, head: str) -> list[str]:
        """The wire nodes on the way from node ``tail`` to node ``head``."""
        outs = {e.head for e in self.edges if e.tail == tail}
        return sorted(w for w in outs if any(e.tail == w and e.head == head for e in self.edges))

    def wire(self, tail: str, head: str) -> str:
        wires = self.wires_between(tail, head)
        assert len(wires) == 1, f"expected one wire {tail} -> {head}, found {wires}"
        return wires[0]

    def wire_out_of(self, tail: str) -> str:
        outs = [e.head for e in self.edges if e.tail == tail]
        assert len(outs) == 1, f"expected one wire out of {tail}, found {outs}"
        return outs[0]

    def wires_into(self, head: str) -> list[str]:
        """The wire nodes ending at ``head``, top to bottom as the tails are listed."""
        return [e.tail for e in self.edges if e.head == head]

    def head_of(self, wire: str) -> str:
        (head,) = [e.head for e in self.edges if e.tail == wire]
        return head

    def numbers(self, wire: str) -> list[tuple[str, str]]:
        """The texts on a wire, top to bottom, with their fill colours."""
        return [(t.text, t.fill) for t in sorted(self.nodes[wire], key=lambda t: t.y)]

    def wire_edges(self, wire: str) -> list[Edge]:
        return [e for e in self.edges if wire in (e.tail, e.head)]

    def bar_y(self, wire: str) -> float:
        points = self.bars[wire].get("points", "").split()
        return float(points[0].split(",")[1])


def _text(t: ET.Element) -> Text:
    return Text(
        "".join(t.itertext()),
        t.get("fill", ""),
        float(t.get("y", "0")),
        t.get("font-weight") == "bold",
    )
