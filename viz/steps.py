"""Backward, one gate at a time: the steps the HTML page plays.

Step 0 is the forward pass (values only). Step k processes the k-th gate in
``scalargrad.reverse_topological_order``: the gradient that reached its output (its
upstream gradient, final by then, since every gate reading it came earlier), its local
gradients ``gate.local_grads``, and what it sends to each input, ``local * upstream``.
A Value read by several gates collects its gradient over several steps (backward's
``+=``): the wire before its fan-out point shows the running sum, and the caption spells
the sum out. In the collapsed view (groups of gates drawn as one box) a step processes
one group, and the numbers are those of its box.

Every number on the page after step k is known from the engine's public views alone;
the final step shows exactly what the static picture shows. A ``Step`` names the ids of
the drawing (``n3``, ``w5``, see ``diagram.py``) whose texts change; ``captions.py``
words them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from scalargrad import Value, reverse_topological_order, topological_order

from . import captions
from .diagram import Diagram, Wire
from .numfmt import number


@dataclass(frozen=True)
class Step:
    """What changes on the picture when one gate (or one group of gates) runs backward."""

    gate: str  # box id of the gate processed; "" for step 0
    upstream: str  # id of the wire or box whose gradient text is the gate's upstream gradient
    sends: tuple[str, ...]  # ids of the wires the gate sends gradient along
    grads: dict[str, str] = field(default_factory=dict)  # id -> gradient text shown from now
    caption: tuple[str, ...] = ()


@dataclass
class _Holder:
    """A gradient text on the picture (a wire's or a collapsed box's) and what fills it."""

    name: str  # what the caption calls the Value whose gradient it shows
    final: float  # the number the static picture shows
    parts: list[tuple[int, float]] = field(default_factory=list)  # (step, amount) received


def backward_steps(root: Value, diagram: Diagram) -> list[Step]:
    """The steps of ``root``'s backward pass on ``diagram`` (made by ``viz.build(root)``)."""
    if not diagram.has_grad:
        return [Step("", "", (), caption=(captions.FORWARD, captions.NO_BACKWARD))]
    order = topological_order(root)
    pos = {v: i for i, v in enumerate(order)}
    if not root.parents:  # a bare input: backward only seeds its gradient
        out = next(w for w in diagram.wires if w.head == "out")
        return [
            _forward_step(),
            Step("", out.id, (), {out.id: out.grad_text}, (captions.start(root),)),
        ]
    if diagram.collapsed:
        return _collapsed_steps(root, diagram, order, pos)
    return _full_steps(root, diagram, order, pos)


def _forward_step() -> Step:
    return Step("", "", (), caption=(captions.FORWARD, captions.NEXT))


def _full_steps(
    root: Value, diagram: Diagram, order: list[Value], pos: dict[Value, int]
) -> list[Step]:
    gates = [v for v in reverse_topological_order(root) if v.parents]
    by_arg = {(w.gate, w.arg): w for w in diagram.wires if w.gate is not None}
    leaving = {w.tail: w for w in diagram.wires}  # the one wire out of a box (or its trunk)
    # a wire's gradient is that of the Value whose number it carries
    holders = {w.id: _Holder(captions.name(order[w.source]), _final(w)) for w in diagram.wires}
    trunks = {w.source: w.id for w in diagram.wires if w.to_fork}  # Value -> its trunk
    out_wire = next(w for w in diagram.wires if w.head == "out")
    holders[out_wire.id].parts.append((1, root.grad))
    plans: list[tuple[Value, int, list[Wire]]] = []
    for step, v in enumerate(gates, start=1):
        i = pos[v]
        sent_along = [by_arg[(i, k)] for k in range(len(v.parents))]
        for k, (p, w) in enumerate(zip(v.parents, sent_along, strict=True)):
            amount = float(v.local_grads[k]) * v.grad
            holders[w.id].parts.append((step, amount))
            trunk = trunks.get(pos[p])
            if trunk is not None:
                holders[trunk].parts.append((step, amount))
        plans.append((v, i, sent_along))
    steps = [_forward_step()]
    for step, (v, i, sent_along) in enumerate(plans, start=1):
        upstream = leaving[f"n{i}"].id
        changed = [upstream] if step == 1 else []
        for w in sent_along:
            changed.append(w.id)
            trunk = trunks.get(w.source)
            if trunk is not None:
                changed.append(trunk)
        grads = {h: _text_after(holders[h], step) for h in dict.fromkeys(changed)}
        caption = [captions.start(root)] if step == 1 else []
        caption.append(captions.gate_line(v, [captions.name(p) for p in v.parents]))
        caption += _sum_lines(holders, list(dict.fromkeys(changed)), step)
        steps.append(
            Step(f"n{i}", upstream, tuple(w.id for w in sent_along), grads, tuple(caption))
        )
    return steps


def _final(w: Wire) -> float:
    assert w.grad is not None, "a diagram with gradients has one on every wire"
    return w.grad


def _text_after(holder: _Holder, step: int) -> str:
    """The gradient text after ``step``: the running sum, the picture's own once complete."""
    got = [a for s, a in holder.parts if s <= step]
    if len(got) == len(holder.parts):
        return number(holder.final)
    return number(sum(got))


def _sum_lines(holders: dict[str, _Holder], ids: Sequence[str], step: int) -> list[str]:
    """The caption's ``+=`` lines for Values that receive from several gates."""
    lines = []
    for h in ids:
        holder = holders[h]
        if len(holder.parts) < 2 or not any(s == step for s, _ in holder.parts):
            continue
        got = [a for s, a in holder.parts if s <= step]
        total = _text_after(holder, step)
        lines.append(captions.sum_line(holder.name, got, total, len(holder.parts)))
    return lines


def _collapsed_steps(
    root: Value, diagram: Diagram, order: list[Value], pos: dict[Value, int]
) -> list[Step]:
    members = {
        m: b.id for b in diagram.boxes for m in (b.members or (b.node,)) if b.node is not None
    }
    out_wire = next(w for w in diagram.wires if w.head == "out")
    holders: dict[str, _Holder] = {out_wire.id: _Holder("out", _final(out_wire))}
    for b in diagram.boxes:
        if b.kind in ("group", "input", "constant") and b.grad is not None and b.node is not None:
            holders[b.id] = _Holder(captions.box_name(order[b.node], b.kind), b.grad)
    groups = sorted((b for b in diagram.boxes if b.kind == "group"), key=lambda b: -(b.node or 0))
    holders[out_wire.id].parts.append((1, root.grad))
    holders[f"n{pos[root]}"].parts.append((1, root.grad))
    into_by_group: list[dict[str, float]] = []
    for step, box in enumerate(groups, start=1):
        into: dict[str, float] = {}
        for m in box.members:
            v = order[m]
            for k, p in enumerate(v.parents):
                target = members[pos[p]]
                if target != box.id:
                    into[target] = into.get(target, 0.0) + float(v.local_grads[k]) * v.grad
        for target, amount in into.items():
            holders[target].parts.append((step, amount))
        into_by_group.append(into)
    steps = [_forward_step()]
    for step, (box, into) in enumerate(zip(groups, into_by_group, strict=True), start=1):
        changed = [out_wire.id, box.id] if step == 1 else []
        changed += list(into)
        grads = {h: _text_after(holders[h], step) for h in dict.fromkeys(changed)}
        gates_in = sum(1 for m in box.members if order[m].parents)
        sent = [(holders[t].name, a) for t, a in into.items()]
        line = captions.group_line(box.text, box.detail, holders[box.id].final, gates_in, sent)
        caption = [captions.start(root)] if step == 1 else []
        caption.append(line)
        caption += _sum_lines(holders, list(into), step)
        sends = tuple(w.id for w in diagram.wires if w.head == box.id)
        steps.append(Step(box.id, box.id, sends, grads, tuple(caption)))
    return steps
