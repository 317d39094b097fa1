"""The replay plan: the traced graph as rows of two buffers and groups of like gates.

Every node gets a row. A node that varies from example to example (an input, or a gate
reading one) has a row of the *varying* buffer, one column per example; a node that does
not (a parameter, a constant, a gate reading only those) has a row of the *constant*
buffer, one number for the whole batch. Gates with the same op, the same depth, the same
number of inputs and the same kind of input in each place form a group: one call of the
op's vector rule computes the whole group for the whole batch. A gate's inputs are all
shallower than it, so groups run in order of depth.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

from ..errors import CompileError
from ..graph import reachable
from ..op import Op
from ..value import Value
from .trace import Trace

_depth = attrgetter("_depth")


@dataclass(frozen=True)
class Slot:
    """Input ``j`` of every gate of a group: the rows it reads, and in which buffer."""

    varying: bool
    rows: tuple[int, ...]  # one per gate of the group


@dataclass(frozen=True)
class Group:
    """Gates run by one call of ``op``'s vector rules."""

    op: Op
    varying: bool  # the outputs' buffer
    start: int  # the outputs' rows: start, start + 1, ... (one per gate)
    slots: tuple[Slot, ...]
    gates: tuple[Value, ...]

    @property
    def size(self) -> int:
        return len(self.gates)


@dataclass(frozen=True)
class Plan:
    inputs: int  # varying rows 0 .. inputs-1 are the inputs, in argument order
    leaves: tuple[Value, ...]  # constant rows 0 .. len-1, read from .data at each call
    parameters: int  # the first leaves are the parameters, the rest constants fn made
    varying_rows: int
    constant_rows: int
    groups: tuple[Group, ...]
    outputs: tuple[tuple[bool, int], ...]  # (varying, row) of each output
    rows: dict[Value, tuple[bool, int]]  # (varying, row) of every node


def plan(t: Trace) -> Plan:
    """Rows and groups for the graph ``t`` recorded; refuses an op with no vector rule."""
    nodes = reachable(*t.outputs)
    for node in nodes:
        op = node._op
        if op is not None and op.vforward is None:
            raise CompileError(
                f"compile: {t.name} uses op {op.name!r}, which has no vector rule, so it "
                f"cannot be replayed on a batch; give Op({op.name!r}, ...) a vforward= and "
                "a vlocal= (see scalargrad.Op)"
            )
    varying: dict[Value, bool] = dict.fromkeys(t.inputs, True)
    row: dict[Value, int] = {v: i for i, v in enumerate(t.inputs)}
    found = [v for v in nodes if not v._parents and v not in varying]
    params = [v for v in found if v not in t.constants]
    leaves = (*params, *(v for v in found if v in t.constants))
    row.update((v, i) for i, v in enumerate(leaves))
    for v in leaves:
        varying[v] = False
    gates = sorted((v for v in nodes if v._parents), key=_depth)  # stable: deterministic
    for g in gates:
        varying[g] = any(varying[p] for p in g._parents)
    counts = [len(t.inputs), len(leaves)]  # rows used so far: varying, constant
    grouped: dict[tuple[object, ...], list[Value]] = {}
    for g in gates:
        key = (g._depth, g._op, len(g._parents), varying[g], *(varying[p] for p in g._parents))
        grouped.setdefault(key, []).append(g)
    groups = []
    for members in grouped.values():  # dicts keep order: by depth, then first seen
        is_varying = varying[members[0]]
        start = counts[0] if is_varying else counts[1]
        for i, g in enumerate(members):
            row[g] = start + i
        counts[0 if is_varying else 1] += len(members)
        slots = tuple(
            Slot(varying[members[0]._parents[j]], tuple(row[g._parents[j]] for g in members))
            for j in range(len(members[0]._parents))
        )
        op = members[0]._op
        assert op is not None
        groups.append(Group(op, is_varying, start, slots, tuple(members)))
    return Plan(
        len(t.inputs), leaves, len(params), counts[0], counts[1], tuple(groups),
        tuple((varying[v], row[v]) for v in t.outputs),
        {v: (varying[v], row[v]) for v in row},
    )

