"""Running a plan on a batch with NumPy: forward, then backward, group by group.

Buffers: ``V`` (varying rows x B examples) and ``P`` (constant rows), and their gradients
``GV`` and ``GP``. A constant row's gradient is already summed over the batch (every
example reads the same number), so a parameter's gradient is the sum of the examples'.

The vector rules are trusted on finite numbers. Where a group's output or inputs hold
NaN or inf, those elements are computed again by the op's scalar rules: an error the
engine would raise (log of -1) is raised with the batch rows it happened in, and NaN and
inf come out as the engine makes them. A local derivative of exactly 0 sends nothing, as
in the engine: the fast backward pass multiplies without that test and, only if a
gradient comes out NaN or infinite, runs again with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..op import Op
from .plan import Group, Plan

Array = Any
Fetch = tuple[int, Any]  # how a slot's numbers are read: (kind, where)

# Slot kinds: a column of the group's constant inputs, one varying row shared by every
# gate of the group, a run of varying rows, or varying rows gathered by index.
COLUMN, SHARED, RUN, GATHER = range(4)


@dataclass(frozen=True)
class Step:
    """One group, with its index arrays made once."""

    group: Group
    fetch: tuple[Fetch, ...]
    columns: Array | None  # (k, constant slots) rows of P, or None
    columns_unique: bool
    gather_unique: tuple[bool, ...]  # per slot, for GATHER slots: no repeated row
    layer: tuple[int, int] | None  # (n, first row of X) when the op's vlayer applies


def steps(np: Any, p: Plan) -> tuple[Step, ...]:
    out = []
    for g in p.groups:
        fetch: list[Fetch] = []
        cols: list[tuple[int, ...]] = []
        unique: list[bool] = []
        for s in g.slots:
            rows = s.rows
            if not s.varying:
                fetch.append((COLUMN, len(cols)))
                cols.append(rows)
            elif g.size > 1 and len(set(rows)) == 1:
                fetch.append((SHARED, rows[0]))
            elif rows == tuple(range(rows[0], rows[0] + len(rows))):
                fetch.append((RUN, (rows[0], rows[0] + len(rows))))
            else:
                fetch.append((GATHER, np.asarray(rows, dtype=np.intp)))
            unique.append(len(set(rows)) == len(rows))
        columns = np.asarray(cols, dtype=np.intp).T.copy() if cols else None
        flat = [r for c in cols for r in c]
        out.append(
            Step(g, tuple(fetch), columns, len(set(flat)) == len(flat), tuple(unique), _layer(g))
        )
    return tuple(out)


def _layer(g: Group) -> tuple[int, int] | None:
    """(n, r) when group g is a layer its op's ``vlayer`` can run: inputs laid out
    (w_1..w_n, x_1..x_n, b), the weights and bias constant, and every gate reading the
    same varying rows r, r+1, ..., r+n-1 as its x."""
    slots = g.slots
    n = len(slots) >> 1
    if g.op.vlayer is None or not g.varying or len(slots) != 2 * n + 1 or n < 1:
        return None
    if any(s.varying for s in (*slots[:n], slots[-1])):
        return None
    first = slots[n].rows[0]
    for j, s in enumerate(slots[n : 2 * n]):
        if not s.varying or set(s.rows) != {first + j}:
            return None
    return n, first


class Replay:
    """The buffers of one call: forward fills V and P, backward fills GV and GP."""

    def __init__(self, np: Any, p: Plan, run: tuple[Step, ...], inputs: Array, leaves: Array,
                 batch: int | None) -> None:
        self.np = np
        self.plan = p
        self.run = run
        self.batch = batch
        self.width = inputs.shape[1]
        self.V = np.empty((p.varying_rows, self.width))
        self.V[: p.inputs] = inputs
        self.P = np.empty(p.constant_rows)
        self.P[: len(leaves)] = leaves
        # A NaN or inf somewhere: every group is tested, and backward is exact.
        self.tainted = not (np.isfinite(inputs).all() and np.isfinite(leaves).all())

    # ---- reading a group's inputs and outputs -----------------------------------------

    def inputs(self, step: Step) -> list[Array]:
        V = self.V
        cols = self.P[step.columns] if step.columns is not None else None
        xs = []
        for kind, where in step.fetch:
            if kind == COLUMN:
                xs.append(cols[:, where : where + 1])  # type: ignore[index]
            elif kind == SHARED:
                xs.append(V[where : where + 1])
            elif kind == RUN:
                xs.append(V[where[0] : where[1]])
            else:
                xs.append(V[where])
        return xs

    def _layer_inputs(self, step: Step) -> tuple[Array, Array, Array]:
        """A layer's weights (gates x n), shared inputs (n x examples) and biases."""
        n, first = step.layer  # type: ignore[misc]
        cols = self.P[step.columns]
        return cols[:, :n], self.V[first : first + n], cols[:, n:]

    def outputs(self, step: Step) -> Array:
        g = step.group
        if g.varying:
            return self.V[g.start : g.start + g.size]
        return self.P[g.start : g.start + g.size, None]

    # ---- forward ------------------------------------------------------------------------

    def forward(self) -> None:
        """Every group in turn. Optimistic first: if no NaN or inf appears anywhere (one
        test of each buffer at the end), nothing needed the scalar rules; else run again
        with every group tested, so each is repaired where it happens."""
        with self.np.errstate(all="ignore"):  # NaN and inf are found and handled here
            if not self.tainted:
                self._forward(careful=False)
                if self.np.isfinite(self.V).all() and self.np.isfinite(self.P).all():
                    return
            self.tainted = True
            self._forward(careful=True)

    def _forward(self, careful: bool) -> None:
        np = self.np
        for step in self.run:
            g = step.group
            if step.layer is not None and not careful:
                W, X, b = self._layer_inputs(step)
                out = g.op.vlayer[0](np, W, X, b)  # type: ignore[index]
                self.V[g.start : g.start + g.size] = out
                continue
            xs = self.inputs(step)
            out = g.op.vforward(np, *xs)  # type: ignore[misc]  # plan() checked it exists
            shape = (g.size, self.width if g.varying else 1)
            if not g.op.trusted:
                out = _checked_shape(np, g.op, out, shape, "vforward")
            if careful:
                bad = np.broadcast_to(_unfinished(np, out, xs), shape)
                if bad.any():
                    out = np.array(np.broadcast_to(out, shape))
                    # a constant group fails the same way for every example: no rows
                    self._scalar_forward(g.op, xs, out, bad, g.varying)
            if g.varying:
                self.V[g.start : g.start + g.size] = out
            else:
                self.P[g.start : g.start + g.size] = np.broadcast_to(out, shape)[:, 0]

    def _scalar_forward(
        self, op: Op, xs: list[Array], out: Array, bad: Array, varying: bool
    ) -> None:
        failures: dict[int, Exception] = {}
        for i, b in zip(*self.np.nonzero(bad), strict=True):
            args = [_at(x, i, b) for x in xs]
            try:
                out[i, b] = op.forward(*args)
            except Exception as err:  # the engine's error, raised below with its rows
                failures.setdefault(int(b), err)
        if failures:
            raise _in_rows(failures, self.batch if varying else None)

    # ---- backward -----------------------------------------------------------------------

    def backward(self, outputs: tuple[tuple[bool, int], ...], seed: float) -> tuple[Array, Array]:
        """d(sum of the outputs over the batch) / d every row: (GV, GP)."""
        with self.np.errstate(all="ignore"):
            return self._backward_checked(outputs, seed)

    def _backward_checked(
        self, outputs: tuple[tuple[bool, int], ...], seed: float
    ) -> tuple[Array, Array]:
        np = self.np
        grads = self._backward(outputs, seed, exact=self.tainted)
        if not self.tainted:
            # The fast pass is wrong only where a NaN or inf met an exact 0 (the mask) or a
            # summed constant row: then some gradient shows NaN or inf. A constant made
            # from a number (the 2 in x ** 2, d/d2 NaN for a negative base) is not looked at.
            GV, GP = grads
            if not (np.isfinite(GP[: self.plan.parameters]).all() and np.isfinite(GV).all()):
                grads = self._backward(outputs, seed, exact=True)
        return grads

    def _backward(
        self, outputs: tuple[tuple[bool, int], ...], seed: float, exact: bool
    ) -> tuple[Array, Array]:
        np = self.np
        GV = np.zeros_like(self.V)
        # Exact: a constant row's gradient is kept per example, as the engine computes it
        # (an infinite local derivative times one example's 0 is NaN, which a sum taken
        # first would hide); fast: summed over the batch from the start.
        GP = np.zeros((len(self.P), self.width)) if exact else np.zeros_like(self.P)
        for varying, row in outputs:
            if varying:
                GV[row] += seed
            else:
                GP[row] += seed if exact else seed * self.width
        for step in reversed(self.run):
            g = step.group
            if step.layer is not None and not exact:
                self._layer_backward(step, GV, GP)
                continue
            xs = self.inputs(step)
            out = self.outputs(step)
            rows = slice(g.start, g.start + g.size)
            up = GV[rows] if g.varying else GP[rows] if exact else GP[rows, None]
            ds = g.op.vlocal(np, out, *xs)  # type: ignore[misc]
            if not g.op.trusted:
                ds = _checked_local(np, g.op, ds, len(xs), up.shape, "vlocal")
            if exact:
                ds = self._scalar_local(g.op, xs, out, ds, up.shape)
            self._send(step, _products(np, up, ds, exact), GV, GP, exact)
        return GV, GP.sum(axis=1) if exact else GP

    def _layer_backward(self, step: Step, GV: Array, GP: Array) -> None:
        """The fast backward of a layer: two matrix products instead of one per input."""
        np = self.np
        g = step.group
        n, first = step.layer  # type: ignore[misc]
        W, X, b = self._layer_inputs(step)
        up = GV[g.start : g.start + g.size]
        to_w, to_x, to_b = g.op.vlayer[1](np, up, W, X, b)  # type: ignore[index]
        GV[first : first + n] += to_x
        to_columns = np.empty((g.size, n + 1))
        to_columns[:, :n] = to_w
        to_columns[:, n] = to_b.sum(axis=1)
        if step.columns_unique:
            GP[step.columns] += to_columns
        else:
            np.add.at(GP, step.columns, to_columns)

    def _send(self, step: Step, terms: Any, GV: Array, GP: Array, exact: bool) -> None:
        """Add each input's share of the gradient (``terms``, shaped like the group or
        like the input) into the input's rows, summed where gates or examples share one."""
        np = self.np
        g = step.group
        to_columns = None
        if step.columns is not None:
            k, m = step.columns.shape
            to_columns = np.zeros((k, m, self.width) if exact else (k, m))
        for j, (kind, where) in enumerate(step.fetch):
            c = terms[j]
            if c is None:
                continue
            if kind == COLUMN and exact:  # GP keeps each example's share
                to_columns[:, where] += np.broadcast_to(c, (g.size, self.width))  # type: ignore[index]
            elif kind == COLUMN:
                summed = c.sum(axis=1) if c.shape[1] > 1 else c[:, 0]
                to_columns[:, where] += summed  # type: ignore[index]
            elif kind == SHARED:
                GV[where] += c.sum(axis=0) if c.shape[0] > 1 else c[0]
            elif kind == RUN:
                GV[where[0] : where[1]] += c
            elif step.gather_unique[j]:
                GV[where] += c
            else:
                np.add.at(GV, where, np.broadcast_to(c, (g.size, self.width)))
        if to_columns is not None:
            if step.columns_unique:
                GP[step.columns] += to_columns
            else:
                np.add.at(GP, step.columns, to_columns)

    def _scalar_local(
        self, op: Op, xs: list[Array], out: Array, ds: Any, shape: tuple[int, int]
    ) -> list[Any]:
        """``ds`` with the elements at NaN or inf worked out by the op's scalar rule."""
        np = self.np
        bad = np.broadcast_to(_unfinished(np, out, xs), shape)
        if not bad.any():
            return list(ds)
        full = [np.array(np.broadcast_to(np.asarray(d, dtype=np.float64), shape)) for d in ds]
        for i, b in zip(*np.nonzero(bad), strict=True):
            local = op.local(_at(out, i, b), *[_at(x, i, b) for x in xs])
            for f, d in zip(full, local, strict=True):
                f[i, b] = d
        return full


def _products(np: Any, up: Array, ds: Any, exact: bool) -> list[Array | None]:
    """``up * d`` for each local derivative ``d``; None where ``d`` is a plain 0.0. With
    ``exact``, an element whose ``d`` is exactly 0 sends 0 even if ``up`` is NaN or inf."""
    terms: list[Array | None] = []
    for d in ds:
        if type(d) is float:
            terms.append(None if d == 0.0 else up if d == 1.0 else up * d)
        else:
            terms.append(np.where(d == 0.0, 0.0, up * d) if exact else up * d)
    return terms


def _unfinished(np: Any, out: Array, xs: list[Array]) -> Array:
    """Where the output or any input is NaN or infinite (broadcast over the group)."""
    bad = ~np.isfinite(out)
    for x in xs:
        bad = bad | ~np.isfinite(x)
    return bad


def _at(x: Array, i: int, b: int) -> float:
    """Element (gate i, example b) of an array that broadcasts to the group's shape."""
    return float(x[i if x.shape[0] > 1 else 0, b if x.shape[1] > 1 else 0])


def _in_rows(failures: dict[int, Exception], batch: int | None) -> Exception:
    """The first failure's error, its message naming every batch row that failed."""
    rows = sorted(failures)
    first = failures[rows[0]]
    if batch is None:
        return first
    shown = ", ".join(map(str, rows[:10]))
    if len(rows) > 10:
        shown += f" and {len(rows) - 10} more"
    message = f"{first} (batch row{'s' if len(rows) > 1 else ''} {shown})"
    try:
        return type(first)(message)
    except Exception:  # an error class that wants other arguments: keep it as it was
        return first


def _checked_shape(np: Any, op: Op, out: object, shape: tuple[int, int], rule: str) -> Array:
    try:
        arr = np.asarray(out, dtype=np.float64)
        np.broadcast_to(arr, shape)
    except (TypeError, ValueError):
        raise TypeError(
            f"op {op.name!r}: {rule} must return real numbers shaped like its inputs "
            f"(broadcasting to {shape}), got {type(out).__name__} "
            f"{getattr(out, 'shape', '')}"
        ) from None
    return arr


def _checked_local(
    np: Any, op: Op, ds: object, n: int, shape: tuple[int, int], rule: str
) -> list[Any]:
    if not isinstance(ds, (tuple, list)) or len(ds) != n:
        got = f"{len(ds)}" if isinstance(ds, (tuple, list)) else f"a {type(ds).__name__}"
        raise TypeError(
            f"op {op.name!r}: {rule} must return a tuple of {n} array"
            f"{'s' if n != 1 else ''} (one per input), got {got}"
        )
    return [d if type(d) is float else _checked_shape(np, op, d, shape, rule) for d in ds]

