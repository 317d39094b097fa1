"""``scalargrad.compile``: trace a scalar function once, replay it on whole batches.

    >>> import numpy as np
    >>> from scalargrad import Value, compile
    >>> w = Value(2.0, "w")
    >>> f = compile(lambda x: (w * x).tanh(), 0.5)       # traced once, on x = 0.5
    >>> f(np.array([0.0, 0.5, 1.0])).round(6)            # three examples at once
    array([0.      , 0.761594, 0.964028])
    >>> round(f.backward(np.array([0.0, 0.5, 1.0]), reduce="sum"), 6)
    1.725622
    >>> round(w.grad, 6)                                 # d(sum of the outputs)/dw
    0.490073

The function's example arguments (numbers, or lists of numbers) become its inputs; every
Value it reads without being given it (a model's weights) is a parameter whose current
``.data`` is read at every call, so an optimiser moving ``p.data`` keeps working.
Numbers the function writes (the 2 in ``x ** 2``) are constants. The arithmetic runs in
NumPy (``pip install 'scalargrad-circuits[fast]'``); the engine itself needs nothing
beyond the standard library.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from typing import Any

from ..errors import CompileError
from ..value import Value
from .plan import Plan, plan
from .trace import Trace, trace

__all__ = ["CompileError", "Compiled", "compile"]

REDUCTIONS = ("mean", "sum")


def _versions(p: Plan) -> int:
    """How many times the parameters' .data has been set, in all."""
    return sum(v._version for v in p.leaves[: p.parameters])


def _numpy() -> Any:
    try:
        import numpy
    except ImportError:
        raise ImportError(
            "scalargrad.compile needs NumPy: pip install 'scalargrad-circuits[fast]' "
            "(or pip install numpy)"
        ) from None
    return numpy


def compile(fn: Callable[..., Any], *example_args: object) -> Compiled:
    """Trace ``fn(*example_args)`` once and return a ``Compiled`` that replays it.

    Refuses (``CompileError``) a function that decides something from a Value's number
    while traced (``if x > 0:``, ``bool(v)``, ``sorted``, ``.data``), naming the line, and
    one that uses an op with no vector rule, naming the op."""
    np = _numpy()
    began = time.perf_counter()
    t = trace(fn, example_args)
    p = plan(t)
    compiled = Compiled(np, t, p, time.perf_counter() - began)
    compiled._again = lambda: trace(fn, example_args)
    return compiled


class Compiled:
    """A traced function, replayed on numbers or batches of them.

    * ``compiled(*args)``: the output for one example (a float, or a list of floats when
      ``fn`` returned a list), or for a batch (arrays with a leading example axis) an array
      of B outputs (B x outputs for a list).
    * ``compiled.backward(*args, reduce="mean")``: forward and backward over the batch;
      adds the mean (or sum) of the examples' parameter gradients into each parameter's
      ``.grad`` and returns the mean (or sum) of the output.
    * ``root`` (the traced graph, for ``viz``), ``inputs``, ``parameters``, ``outputs``.
    """

    def __init__(self, np: Any, t: Trace, p: Plan, seconds: float) -> None:
        from .replay import steps  # NumPy is there by now

        self._np = np
        self._trace = t
        self._plan = p
        self._again: Callable[[], Trace] | None = None  # traces fn on the example again
        self._versions = _versions(p)
        self._steps = steps(np, p)
        # the last backward's buffers, divisor (B for a mean, else 1) and loss
        self._last: tuple[Any, Any, float, float] | None = None
        self._backwards = 0
        self.compile_seconds = seconds

    # ---- what was traced ------------------------------------------------------------

    @property
    def name(self) -> str:
        return self._trace.name

    @property
    def root(self) -> Value:
        """The traced output (the graph of the example), for drawing: ``viz.save(c, ...)``
        draws it."""
        if len(self._trace.outputs) != 1:
            raise ValueError(
                f"compiled {self.name} has {len(self._trace.outputs)} outputs; pick one of "
                ".outputs"
            )
        return self._trace.outputs[0]

    def graph(self) -> Value:
        """The function's graph at the traced example with the parameters' current numbers,
        for drawing (``viz.save(c, ...)`` draws it): ``root`` itself until a parameter
        moves, then the function traced again on the same example."""
        root = self.root
        if self._again is None or _versions(self._plan) == self._versions:
            return root
        (fresh,) = self._again().outputs
        return fresh

    @property
    def outputs(self) -> tuple[Value, ...]:
        return self._trace.outputs

    @property
    def inputs(self) -> tuple[Value, ...]:
        """The leaves made from the example arguments, one per number."""
        return self._trace.inputs

    @property
    def parameters(self) -> tuple[Value, ...]:
        """The Values the function read without being given them (a model's weights):
        their ``.data`` is read at each call, and ``backward`` adds into their ``.grad``.
        Constants made from numbers inside the function are not among them."""
        return self._plan.leaves[: self._plan.parameters]

    @property
    def gates(self) -> int:
        """How many gates one example runs."""
        return sum(g.size for g in self._plan.groups)

    @property
    def groups(self) -> int:
        """How many vector-rule calls one forward pass makes."""
        return len(self._plan.groups)

    def __repr__(self) -> str:
        return (
            f"<compiled {self.name}: {len(self.inputs)} inputs, {len(self.parameters)} "
            f"parameters, {self.gates} gates in {self.groups} groups>"
        )

    # ---- replay ---------------------------------------------------------------------

    def __call__(self, *args: object) -> Any:
        replay = self._replay(args)
        replay.forward()
        values = [
            replay.V[row] if varying else self._np.full(replay.width, replay.P[row])
            for varying, row in self._plan.outputs
        ]
        if replay.batch is None:
            floats = [float(v[0]) for v in values]
            return floats[0] if self._trace.single else floats
        if self._trace.single:
            return values[0].copy()
        return self._np.stack(values, axis=1)

    def backward(self, *args: object, reduce: str = "mean") -> float:
        """Forward and backward over the batch in ``args``: returns the mean (or sum) of
        the output and adds the mean (or sum) of the parameters' gradients into their
        ``.grad``, so ``opt.zero_grad(); loss = c.backward(X, Y); opt.step()`` trains."""
        if reduce not in REDUCTIONS:
            raise ValueError(f"compiled backward: reduce must be 'mean' or 'sum', got {reduce!r}")
        if not self._trace.single:
            raise ValueError(
                f"compiled backward: {self.name} returned {len(self._trace.outputs)} outputs; "
                "backward needs one (a loss)"
            )
        self._last = None  # per_example must not answer for a backward that failed
        replay = self._replay(args)
        replay.forward()
        ((varying, row),) = self._plan.outputs
        with self._np.errstate(all="ignore"):  # inf + -inf is NaN, as a sum in the engine
            total = float(replay.V[row].sum()) if varying else float(replay.P[row]) * replay.width
        GV, GP = replay.backward(self._plan.outputs, 1.0)
        # a mean divides by B (not times 1/B): exactly the sum / B, subnormals included
        divisor = float(replay.width) if reduce == "mean" else 1.0
        self._last = (replay, GV, divisor, total / divisor)
        self._backwards += 1
        leaves = self.parameters
        grads = GP[: len(leaves)]
        if divisor != 1.0:
            grads = grads / divisor
        for p, g in zip(leaves, grads.tolist(), strict=True):
            p._grad += g
        return total / divisor

    @property
    def backward_count(self) -> int:
        """How many ``backward`` calls have completed (to tell one step from the next)."""
        return self._backwards

    @property
    def last_loss(self) -> float:
        """What the last ``backward`` returned (NaN before any)."""
        return math.nan if self._last is None else self._last[3]

    def per_example(self, node: Value) -> tuple[Any, Any]:
        """After ``backward``: the traced ``node``'s value and gradient (d reduced loss /
        d node) for each example of that batch, as two arrays. The buffers of the last
        backward are kept for this (about 2 x nodes x batch floats) until the next one."""
        if self._last is None:
            raise ValueError(
                f"compiled {self.name}: per_example reads the last backward's numbers; "
                "call backward(...) first"
            )
        where = self._plan.rows.get(node)
        if where is None:
            raise ValueError(f"compiled {self.name}: that Value is not in the traced graph")
        replay, GV, divisor, _ = self._last
        varying, row = where
        if not varying:
            raise ValueError(
                f"compiled {self.name}: that Value is the same for every example (it reads "
                "no input), so it has one gradient for the whole batch, not one per example"
            )
        return replay.V[row].copy(), GV[row] / divisor

    def _replay(self, args: Sequence[object]) -> Any:
        from .batch import layout
        from .replay import Replay

        np = self._np
        inputs, batch = layout(np, self.name, self._trace.shapes, args)
        leaves = np.fromiter((v._data for v in self._plan.leaves), float, len(self._plan.leaves))
        return Replay(np, self._plan, self._steps, inputs, leaves, batch)
