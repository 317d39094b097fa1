"""``Value``: a float that remembers the gate that made it.

A Value holds its number, its gradient, and for a gate's output the inputs (``parents``,
in argument order, duplicates kept) and the ``Op`` whose local-derivative rule
``backward`` applies. It stores no closure of its own, so a graph holds no reference
cycle and is freed by reference counting as soon as the last name for it goes.
"""

from __future__ import annotations

import numbers
from operator import attrgetter
from typing import TypeAlias

from . import ops
from .grad_mode import grad_enabled
from .ops import Op
from .reals import to_float

Number: TypeAlias = int | float
Operand: TypeAlias = "Value | int | float"


class Value:
    """A scalar in a computational graph: ``Value(3.0, label="x")``."""

    __slots__ = ("_data", "_grad", "_label", "_parents", "_op", "_local", "_depth")

    _data: float
    _grad: float
    _label: str
    _parents: tuple[Value, ...]
    _op: Op | None
    _local: tuple[float, ...]  # d self / d parent_i, evaluated when the gate ran
    _depth: int  # longest path from a leaf: parents are always shallower

    def __init__(self, data: Number, label: str = "") -> None:
        if type(label) is not str:
            raise TypeError(f"label must be a str, got {type(label).__name__} {label!r}")
        self._data = data if type(data) is float else to_float(data, "Value()")
        self._grad = 0.0
        self._label = label
        self._parents = ()
        self._op = None
        self._local = ()
        self._depth = 0

    # ---- public, read-only views -------------------------------------------------

    @property
    def data(self) -> float:
        """The number this node holds."""
        return self._data

    @data.setter
    def data(self, value: Number) -> None:
        # Optimisers move parameters; a gate's output must stay what its inputs made it.
        if self._parents:
            raise AttributeError(
                f"cannot set .data of a gate's output (op {self.op!r}); only leaves change"
            )
        self._data = value if type(value) is float else to_float(value, ".data")

    @property
    def grad(self) -> float:
        """d(output)/d(this node) after ``output.backward()``; 0.0 before."""
        return self._grad

    @property
    def label(self) -> str:
        """The name given at creation, ``""`` if none."""
        return self._label

    def named(self, label: str) -> Value:
        """Give this node a label (for repr and drawings) and return it:
        ``f = ((x + y) * z).named("f")``."""
        if type(label) is not str:
            raise TypeError(f"label must be a str, got {type(label).__name__} {label!r}")
        self._label = label
        return self

    @property
    def op(self) -> str:
        """The gate's symbol (``'+'``, ``'*'``, ``'exp'`` ...); ``""`` for a leaf."""
        return self._op.symbol if self._op is not None else ""

    @property
    def gate(self) -> Op | None:
        """The gate's ``Op`` (forward and local-derivative rules); None for a leaf."""
        return self._op

    @property
    def local_grads(self) -> tuple[float, ...]:
        """d self / d parent_i for each parent, evaluated when the gate ran (``()`` for a
        leaf). ``backward`` sends ``local_grads[i] * self.grad`` to ``parents[i]``."""
        return self._local

    @property
    def parents(self) -> tuple[Value, ...]:
        """The gate's inputs in argument order, duplicates kept (``x*x`` has ``(x, x)``)."""
        return self._parents

    def __repr__(self) -> str:
        parts = [repr(self._data)]
        if self._grad != 0.0:
            parts.append(f"grad={self._grad!r}")
        if self._op is not None:
            parts.append(f"op={self._op.symbol!r}")
        if self._label:
            parts.append(f"label={self._label!r}")
        return f"Value({', '.join(parts)})"

    def __float__(self) -> float:
        return self._data

    # ---- arithmetic: every operator goes through _unary or _binary ------------------

    def __add__(self, other: Operand) -> Value:
        return _binary(ops.ADD, self, other)

    def __radd__(self, other: Operand) -> Value:
        return _binary(ops.ADD, other, self)

    def __sub__(self, other: Operand) -> Value:
        return _binary(ops.SUB, self, other)

    def __rsub__(self, other: Operand) -> Value:
        return _binary(ops.SUB, other, self)

    def __mul__(self, other: Operand) -> Value:
        return _binary(ops.MUL, self, other)

    def __rmul__(self, other: Operand) -> Value:
        return _binary(ops.MUL, other, self)

    def __truediv__(self, other: Operand) -> Value:
        return _binary(ops.DIV, self, other)

    def __rtruediv__(self, other: Operand) -> Value:
        return _binary(ops.DIV, other, self)

    def __pow__(self, other: Operand) -> Value:
        return _binary(ops.POW, self, other)

    def __rpow__(self, other: Operand) -> Value:
        return _binary(ops.POW, other, self)

    def __neg__(self) -> Value:
        return _unary(ops.NEG, self)

    def __pos__(self) -> Value:
        return self

    def __abs__(self) -> Value:
        return _unary(ops.ABS, self)

    def exp(self) -> Value:
        """e ** self."""
        return _unary(ops.EXP, self)

    def log(self) -> Value:
        """Natural logarithm; self must be > 0."""
        return _unary(ops.LOG, self)

    def sqrt(self) -> Value:
        """Square root; self must be >= 0."""
        return _unary(ops.SQRT, self)

    def tanh(self) -> Value:
        """Hyperbolic tangent."""
        return _unary(ops.TANH, self)

    def sigmoid(self) -> Value:
        """1 / (1 + e ** -self), computed without overflow."""
        return _unary(ops.SIGMOID, self)

    def relu(self) -> Value:
        """max(self, 0); its derivative at 0 is 0."""
        return _unary(ops.RELU, self)

    def abs(self) -> Value:
        """|self|; its derivative at 0 is 0."""
        return _unary(ops.ABS, self)

    def max(self, other: Operand) -> Value:
        """The larger of self and other; a tie sends half the gradient to each."""
        return _method(ops.MAX, self, other)

    def min(self, other: Operand) -> Value:
        """The smaller of self and other; a tie sends half the gradient to each."""
        return _method(ops.MIN, self, other)

    # ---- comparisons look at .data; == and hash stay identity ---------------------

    def __lt__(self, other: Operand) -> bool:
        return self._data < _number(other)

    def __le__(self, other: Operand) -> bool:
        return self._data <= _number(other)

    def __gt__(self, other: Operand) -> bool:
        return self._data > _number(other)

    def __ge__(self, other: Operand) -> bool:
        return self._data >= _number(other)

    __hash__ = object.__hash__

    # ---- gradients ------------------------------------------------------------------

    def backward(self, gradient: Number = 1.0) -> None:
        """Backpropagate from this node: leaves accumulate ``d self / d leaf * gradient``."""
        from .graph import backward

        backward(self, gradient)

    def zero_grad(self) -> None:
        """Set ``.grad`` to 0.0 on this node and every node it was computed from."""
        from .graph import zero_grad

        zero_grad(self)


_new = object.__new__


def as_value(x: Operand) -> Value:
    """``x`` itself if it is a Value, else a new leaf holding it (a constant)."""
    return x if isinstance(x, Value) else Value(x)


def _number(x: Operand) -> float:
    return x._data if isinstance(x, Value) else to_float(x, "comparison with a Value")


_get_data = attrgetter("_data")
_get_depth = attrgetter("_depth")


def apply(op: Op, *inputs: Operand) -> Value:
    """Run gate ``op`` on any number of inputs (numbers become constant leaves).

    Its output records the inputs, the op and the local derivatives evaluated now; under
    ``no_grad`` it is a plain leaf (``Value(out)``) holding the same number."""
    xs = inputs if set(map(type, inputs)) == {Value} else tuple(map(as_value, inputs))
    data = [*map(_get_data, xs)]
    out = op.forward(*data)
    if not grad_enabled.get():
        return Value(out)
    v: Value = _new(Value)
    v._data = out
    v._grad = 0.0
    v._label = ""
    v._parents = xs  # type: ignore[assignment]
    v._op = op
    v._local = op.local(out, *data)
    v._depth = 1 + max(map(_get_depth, xs))
    return v


# _unary and _binary are apply() unrolled for one and two inputs: the per-gate hot path.


def _unary(op: Op, x: Value) -> Value:
    xd = x._data
    out = op.forward(xd)
    if not grad_enabled.get():
        return Value(out)
    v: Value = _new(Value)
    v._data = out
    v._grad = 0.0
    v._label = ""
    v._parents = (x,)
    v._op = op
    v._local = op.local(out, xd)
    v._depth = x._depth + 1
    return v


def _binary(op: Op, a: Operand, b: Operand) -> Value:
    # One of a, b is the Value whose operator was called; the other may be a number.
    if type(a) is not Value or type(b) is not Value:
        if not (_is_operand(a) and _is_operand(b)):
            return NotImplemented  # type: ignore[no-any-return]
        a, b = as_value(a), as_value(b)
    ad = a._data
    bd = b._data
    out = op.forward(ad, bd)
    if not grad_enabled.get():
        return Value(out)
    v: Value = _new(Value)
    v._data = out
    v._grad = 0.0
    v._label = ""
    v._parents = (a, b)
    v._op = op
    v._local = op.local(out, ad, bd)
    da = a._depth
    db = b._depth
    v._depth = (da if da > db else db) + 1
    return v


def _method(op: Op, a: Value, b: Operand) -> Value:
    """``_binary`` for a named method: no operator fallback, so a bad ``b`` is an error."""
    out = _binary(op, a, b)
    if out is NotImplemented:
        raise TypeError(
            f"Value.{op.symbol}() takes a Value or a real number (int or float), "
            f"got {type(b).__name__} {b!r}"
        )
    return out


def _is_operand(x: object) -> bool:
    # reals.is_real inlined: this runs on every gate that mixes a Value and a number.
    return isinstance(x, Value) or (isinstance(x, numbers.Real) and not isinstance(x, bool))
