"""``Op``: one row of the op table, everything anyone needs to know about one gate.

The engine, the expression parser, the command line, the drawings, the step captions
and the random-tree tests all read these fields; none of them lists ops by name.
A user's own gate is an ``Op`` too (see the README, "Your own gates"):

    >>> import math
    >>> from scalargrad import Op, Value
    >>> cube = Op("cube", "$f(x) = x^3$", lambda x: x**3, lambda out, x: (3 * x * x,))
    >>> y = cube(Value(2.0))
    >>> y.backward()
    >>> y.data, y.local_grads
    (8.0, (12.0,))
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .value import Operand, Value

# A local rule sees floats or Values; it only uses operators and gates both understand.
Scalar = Any

ROUTES = ("", "larger", "smaller")


@dataclass(frozen=True, slots=True)
class Op:
    """A gate.

    * ``name``: how expressions, the command line and ``Value.op`` call it (``"+"``,
      ``"sin"``); operators use their Python spelling.
    * ``doc``: one line of maths.
    * ``forward(*xs) -> float``: the output from the inputs' floats; raises a clear error
      (``errors.py``) where the real result does not exist.
    * ``local(out, *xs) -> tuple``: d out / d x_i for each input, in input order. Written
      with operators, comparisons and other gates only, the same rule runs on floats (every
      backward pass) and on Values (a backward pass that is itself a graph), which gives
      higher derivatives. A derivative that is exactly 0.0 (a relu below 0, the loser of a
      max) sends exactly 0, whatever gradient arrives.
    * ``arity``: the number of inputs; None for one or more. Left out, it is the number
      of ``forward``'s parameters (None if it takes ``*xs``).
    * ``defaults``: values for the last inputs when a call leaves them out
      (``leaky_relu(x)`` is ``leaky_relu(x, 0.01)``).
    * ``symbol``: what a drawing writes in the gate's circle (the name if left empty).
    * ``routes``: ``"larger"`` or ``"smaller"`` for a gate that sends the gradient to its
      winning input(s) only, like max and min; the drawing dashes the losers.
    * ``infix``: how tightly the op binds when written between its two inputs (``+`` 1,
      ``*`` 2, ``**`` 3); 0 for an op written as a call.
    * ``folds``: part of a weighted sum (``+ - * neg sum neuron``): the collapsed drawing
      folds it into the gate that reads it.
    * ``piece``: for a gate with kinks, which smooth piece its inputs are on (two points
      with the same piece have no kink between them); None for a smooth gate.
    * ``trusted``: ``apply`` skips checking what ``forward`` and ``local`` return; the
      built-in rows are trusted, a user's own op is checked unless it says otherwise.
    * ``vforward(xp, *xs)`` and ``vlocal(xp, out, *xs)``: the same two rules on whole
      arrays, for ``scalargrad.compile``'s replay; ``xp`` is NumPy and the arrays are
      float64 ones that broadcast against each other. A local derivative may be a plain
      float (``1.0`` for an add). They must agree with ``forward`` and ``local`` on finite
      numbers, kinks and ties included; an element whose inputs or output are NaN or
      infinite is computed again by the scalar rules, so NaN, inf and the errors stay the
      engine's. Where the op is undefined, ``vforward`` gives NaN or inf (``forward``
      then names the error). None: the op cannot be compiled.
    * ``vlayer = (forward, send)``: optional, for a gate with inputs laid out
      ``(w_1..w_n, x_1..x_n, b)`` (the neuron): a whole layer as matrix products, used
      when every gate of a group has its own constant weights ``W`` (gates x n) and bias
      ``b`` (gates x 1) and all read the same varying inputs ``X`` (n x examples).
      ``forward(xp, W, X, b)`` is the outputs (gates x examples); ``send(xp, up, W, X, b)``
      is what goes back to ``W`` (summed over the examples), to ``X`` (summed over the
      gates) and to ``b`` (per example), from the gradient ``up`` of the outputs.
    """

    name: str
    doc: str
    forward: Callable[..., float]
    local: Callable[..., tuple[Scalar, ...]]
    arity: int | None = -1  # -1: count forward's parameters
    defaults: tuple[float, ...] = ()
    symbol: str = ""
    routes: str = ""
    infix: int = 0
    folds: bool = False
    piece: Callable[..., object] | None = None
    trusted: bool = False
    vforward: Callable[..., Any] | None = None
    vlocal: Callable[..., tuple[Any, ...]] | None = None
    vlayer: tuple[Callable[..., Any], Callable[..., tuple[Any, Any, Any]]] | None = None

    def __post_init__(self) -> None:
        if type(self.name) is not str or not self.name:
            raise TypeError(f"Op: name must be a non-empty str, got {self.name!r}")
        for field in ("forward", "local"):
            if not callable(getattr(self, field)):
                raise TypeError(f"Op {self.name!r}: {field} must be callable")
        for field in ("vforward", "vlocal"):
            if getattr(self, field) is not None and not callable(getattr(self, field)):
                raise TypeError(f"Op {self.name!r}: {field} must be callable or None")
        if (self.vforward is None) != (self.vlocal is None):
            raise TypeError(f"Op {self.name!r}: give both vforward and vlocal, or neither")
        if self.vlayer is not None and (
            self.vlocal is None or len(self.vlayer) != 2 or not all(map(callable, self.vlayer))
        ):
            raise TypeError(
                f"Op {self.name!r}: vlayer is a pair of functions (forward, send), and needs "
                "vforward and vlocal too"
            )
        if self.arity == -1:
            object.__setattr__(self, "arity", _parameters(self.name, self.forward))
        arity = self.arity
        if arity is not None and (type(arity) is not int or arity < 1):
            raise TypeError(f"Op {self.name!r}: arity must be an int >= 1 or None, got {arity!r}")
        if len(self.defaults) > (arity or 0):
            raise TypeError(f"Op {self.name!r}: more defaults than inputs")
        if self.routes not in ROUTES:
            raise TypeError(
                f"Op {self.name!r}: routes must be one of {ROUTES}, got {self.routes!r}"
            )
        if not self.symbol:
            object.__setattr__(self, "symbol", self.name)

    def __call__(self, *inputs: Operand) -> Value:
        """Run the gate on numbers or Values: ``SIN(x)`` is ``apply(SIN, x)``."""
        from .value import apply  # value.py imports this module; Value is defined by now

        return apply(self, *inputs)

    def at(self, *xs: Scalar) -> Scalar:
        """The op inside a local rule: a float for floats (the forward rule), for Values a
        new gate (so the rule can be differentiated again). ``sg.cos.at(x)`` in sin's rule
        works for both kinds of ``x``."""
        for x in xs:
            if type(x) is not float:
                return self(*xs)
        return self.forward(*xs)

    @property
    def call(self) -> bool:
        """Whether an expression may call the op by name: its name is an identifier
        (``sin``, ``neg``); operators are written ``+ - * / **`` instead."""
        return self.name.isidentifier()

    @property
    def fewest(self) -> int:
        """The fewest inputs a call may give (the rest come from ``defaults``)."""
        return 1 if self.arity is None else self.arity - len(self.defaults)

    def __repr__(self) -> str:
        return f"Op({self.name!r})"


def _parameters(name: str, forward: Callable[..., float]) -> int | None:
    """How many inputs ``forward`` takes: its positional parameters, None for ``*xs``."""
    try:
        params = inspect.signature(forward).parameters.values()
    except (TypeError, ValueError):
        raise TypeError(
            f"Op {name!r}: cannot tell how many inputs forward takes; give arity="
        ) from None
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        return None
    return sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)


def number(x: Scalar) -> float:
    """The number inside ``x``, a float or a Value (for branching on kinks)."""
    return x if type(x) is float else x._data
