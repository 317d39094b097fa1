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
from .grad_mode import grad_enabled, tracing
from .op import Op
from .reals import is_real, to_float

Number: TypeAlias = int | float
Operand: TypeAlias = "Value | int | float"


class Value:
    """A scalar in a computational graph: ``Value(3.0, label="x")``."""

    __slots__ = (
        "_data", "_grad", "_label", "_parents", "_op", "_local", "_depth", "_version", "_mark"
    )

    _data: float
    _grad: float
    _label: str
    _parents: tuple[Value, ...]
    _op: Op | None
    _local: tuple[float, ...]  # d self / d parent_i, evaluated when the gate ran
    _depth: int  # longest path from a leaf: parents are always shallower
    # A leaf: how many times .data was set. A gate: the sum of its inputs' _version when it
    # ran, so a gate whose input leaf moved since is found by comparing the two.
    _version: int
    # The token of the last gradient pass that found this node (gradients.py): a pass
    # marks what it has found without a visited set.
    _mark: object

    def __init__(self, data: Number, label: str = "") -> None:
        _fill(self, data if type(data) is float else to_float(data, "Value()"), (), None, (), 0, 0)
        if label != "":
            self.named(label)

    # ---- public views -----------------------------------------------------------------

    @property
    def data(self) -> float:
        """The number this node holds."""
        if tracing.get():
            _refuse_read("reads .data of a Value")
        return self._data

    @data.setter
    def data(self, value: Number) -> None:
        # Optimisers move parameters; a gate's output must stay what its inputs made it.
        if self._parents:
            raise AttributeError(
                f"cannot set .data of a gate's output (op {self.op!r}); only leaves change"
            )
        self._data = value if type(value) is float else to_float(value, ".data")
        self._version += 1

    @property
    def grad(self) -> float:
        """d(output)/d(this node) after ``output.backward()``; 0.0 before."""
        if tracing.get():
            _refuse_read("reads .grad of a Value")
        return self._grad

    @grad.setter
    def grad(self, value: Number) -> None:
        # micrograd's training loop sets p.grad = 0; any real number is accepted.
        if not is_real(value):
            raise TypeError(
                f".grad takes a real number (int or float), got {type(value).__name__} "
                f"{value!r}; to clear it write v.grad = 0.0 or call v.zero_grad()"
            )
        self._grad = to_float(value, ".grad")

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
        """The gate's name (``'+'``, ``'*'``, ``'exp'`` ...); ``""`` for a leaf."""
        return self._op.name if self._op is not None else ""

    @property
    def gate(self) -> Op | None:
        """The gate's ``Op`` row (its rules, symbol, routing); None for a leaf."""
        return self._op

    @property
    def local_grads(self) -> tuple[float, ...]:
        """d self / d parent_i for each parent, evaluated when the gate ran (``()`` for a
        leaf). ``backward`` sends ``local_grads[i] * self.grad`` to ``parents[i]``."""
        if tracing.get():
            _refuse_read("reads .local_grads of a Value")
        return self._local

    @property
    def parents(self) -> tuple[Value, ...]:
        """The gate's inputs in argument order, duplicates kept (``x*x`` has ``(x, x)``)."""
        return self._parents

    def item(self) -> float:
        """The number this node holds (``.data``), as ``torch.Tensor.item()``."""
        if tracing.get():
            _refuse_read("calls .item() on a Value")
        return self._data

    def detach(self) -> Value:
        """A new leaf holding the same number: nothing flows back through it."""
        if tracing.get():
            _refuse_read("detaches a Value (its number would be a constant in the replay)")
        return Value(self._data)

    def __repr__(self) -> str:
        # While compile traces, the number is one example's: not shown (as a JAX tracer),
        # so nothing can be decided from it.
        parts = ["<traced>" if tracing.get() else repr(self._data)]
        if self._grad != 0.0:
            parts.append(f"grad={self._grad!r}")
        if self._op is not None:
            parts.append(f"op={self._op.name!r}")
        if self._label:
            parts.append(f"label={self._label!r}")
        return f"Value({', '.join(parts)})"

    def __format__(self, spec: str) -> str:
        """``f"{v:.3f}"`` formats ``.data``; an empty spec gives the repr."""
        if spec and tracing.get():
            _refuse_read("formats a Value's number")
        return format(self._data, spec) if spec else repr(self)

    def __float__(self) -> float:
        # float(v), math.sin(v) and the like would drop the graph without a word.
        raise TypeError(
            "a Value is not a float: float(), math.* and other float-only functions would "
            "lose its gradient; use v.data or v.item() for the number, or the differentiable "
            "op, e.g. scalargrad.sin(v) for math.sin(v)"
        )

    def __bool__(self) -> bool:
        """``.data != 0``, as a one-element tensor."""
        if tracing.get():
            _refuse_read("tests the truth of a Value (if v:, bool(v), and, or, not)")
        return self._data != 0.0

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

    # ---- named gates: one line each, the rules live in ops.py -----------------------

    def exp(self) -> Value:
        """e ** self."""
        return _unary(ops.EXP, self)

    def expm1(self) -> Value:
        """e ** self - 1, exact for small self."""
        return _unary(ops.EXPM1, self)

    def log(self) -> Value:
        """Natural logarithm; self must be > 0."""
        return _unary(ops.LOG, self)

    def log1p(self) -> Value:
        """log(1 + self), exact for small self; self must be > -1."""
        return _unary(ops.LOG1P, self)

    def sqrt(self) -> Value:
        """Square root; self must be >= 0."""
        return _unary(ops.SQRT, self)

    def cbrt(self) -> Value:
        """Cube root, for any real self (``cbrt(-8) == -2``)."""
        return _unary(ops.CBRT, self)

    def sin(self) -> Value:
        """Sine."""
        return _unary(ops.SIN, self)

    def cos(self) -> Value:
        """Cosine."""
        return _unary(ops.COS, self)

    def tan(self) -> Value:
        """Tangent."""
        return _unary(ops.TAN, self)

    def asin(self) -> Value:
        """Inverse sine; self must be in [-1, 1]."""
        return _unary(ops.ASIN, self)

    def acos(self) -> Value:
        """Inverse cosine; self must be in [-1, 1]."""
        return _unary(ops.ACOS, self)

    def atan(self) -> Value:
        """Inverse tangent."""
        return _unary(ops.ATAN, self)

    def sinh(self) -> Value:
        """Hyperbolic sine."""
        return _unary(ops.SINH, self)

    def cosh(self) -> Value:
        """Hyperbolic cosine."""
        return _unary(ops.COSH, self)

    def tanh(self) -> Value:
        """Hyperbolic tangent."""
        return _unary(ops.TANH, self)

    def sigmoid(self) -> Value:
        """1 / (1 + e ** -self), computed without overflow."""
        return _unary(ops.SIGMOID, self)

    def softplus(self) -> Value:
        """log(1 + e ** self), computed without overflow."""
        return _unary(ops.SOFTPLUS, self)

    def erf(self) -> Value:
        """The error function."""
        return _unary(ops.ERF, self)

    def relu(self) -> Value:
        """max(self, 0); its derivative at 0 is 0."""
        return _unary(ops.RELU, self)

    def leaky_relu(self, slope: Operand = 0.01) -> Value:
        """self for self > 0, else slope * self; its derivative at 0 is slope."""
        return _method(ops.LEAKY_RELU, self, slope)

    def abs(self) -> Value:
        """|self|; its derivative at 0 is 0."""
        return _unary(ops.ABS, self)

    def clamp(self, lo: Operand, hi: Operand) -> Value:
        """self limited to [lo, hi]; the gradient passes inside (bounds included)."""
        return apply(ops.CLAMP, self, lo, hi)

    def max(self, other: Operand) -> Value:
        """The larger of self and other; a tie sends half the gradient to each."""
        return _method(ops.MAX, self, other)

    def min(self, other: Operand) -> Value:
        """The smaller of self and other; a tie sends half the gradient to each."""
        return _method(ops.MIN, self, other)

    # ---- comparisons look at .data; == and hash stay identity ---------------------

    def __lt__(self, other: Operand) -> bool:
        if tracing.get():
            _refuse_read("compares a Value (<)")
        return self._data < _number(other)

    def __le__(self, other: Operand) -> bool:
        if tracing.get():
            _refuse_read("compares a Value (<=)")
        return self._data <= _number(other)

    def __gt__(self, other: Operand) -> bool:
        if tracing.get():
            _refuse_read("compares a Value (>)")
        return self._data > _number(other)

    def __ge__(self, other: Operand) -> bool:
        if tracing.get():
            _refuse_read("compares a Value (>=)")
        return self._data >= _number(other)

    __hash__ = object.__hash__

    # ---- gradients ------------------------------------------------------------------

    def backward(self, gradient: Number = 1.0) -> None:
        """Backpropagate from this node: leaves accumulate ``d self / d leaf * gradient``."""
        from .gradients import backward  # gradients.py imports this module

        backward(self, gradient)

    def zero_grad(self) -> None:
        """Set ``.grad`` to 0.0 on this node and every node it was computed from."""
        from .graph import zero_grad  # graph.py imports this module

        zero_grad(self)


_new = object.__new__


def _fill(
    v: Value,
    data: float,
    parents: tuple[Value, ...],
    op: Op | None,
    local: tuple[float, ...],
    depth: int,
    version: int,
) -> Value:
    """Set every field of node ``v``: the one place a node, leaf or gate, is built."""
    v._data = data
    v._grad = 0.0
    v._label = ""
    v._parents = parents
    v._op = op
    v._local = local
    v._depth = depth
    v._version = version
    v._mark = None
    return v


def as_value(x: Operand) -> Value:
    """``x`` itself if it is a Value, else a new leaf holding it (a constant)."""
    return x if isinstance(x, Value) else _constant(Value(x))


def _constant(v: Value) -> Value:
    """A leaf made from a plain number: a trace notes it (not a parameter)."""
    state = tracing.get()
    if state is not None:
        state.constants.append(v)
    return v


def _refuse_read(what: str) -> None:
    """Raise the error that says ``scalargrad.compile`` cannot replay a decision."""
    from .compiled.trace import refuse_read  # only while tracing: compile is loaded

    refuse_read(what)


def _number(x: Operand) -> float:
    return x._data if isinstance(x, Value) else to_float(x, "comparison with a Value")


_get_data = attrgetter("_data")
_get_depth = attrgetter("_depth")
_get_version = attrgetter("_version")


def apply(op: Op, *inputs: Operand) -> Value:
    """Run gate ``op`` on its inputs (numbers become constant leaves); inputs left out at
    the end take the op's ``defaults``.

    The output records the inputs, the op and the local derivatives evaluated now; under
    ``no_grad`` it is a plain leaf holding the same number. A user's op (not ``trusted``)
    is checked here, before anything else changes: its forward must give one real number
    and its local rule one real number per input."""
    if len(inputs) != op.arity and (op.arity is not None or not inputs):
        inputs = _with_defaults(op, inputs)
    if set(map(type, inputs)) == {Value}:
        xs: tuple[Value, ...] = inputs  # type: ignore[assignment]
    else:
        xs = tuple(_input(op, i, x) for i, x in enumerate(inputs))
    data = [*map(_get_data, xs)]
    out = op.forward(*data)
    if not op.trusted:
        out = _checked_forward(op, out)
    if not grad_enabled.get():
        return _untracked(out)
    local = op.local(out, *data)
    if not op.trusted:
        local = checked_local(op, local, len(xs), numbers_only=True)
    depth = 1 + max(map(_get_depth, xs))
    return _fill(_new(Value), out, xs, op, local, depth, sum(map(_get_version, xs)))


def _untracked(out: float) -> Value:
    """A gate's output under ``no_grad``: a leaf (refused while ``compile`` traces: the
    replay would hold the traced example's number for every example)."""
    if tracing.get():
        _refuse_read("runs a gate under no_grad() (its output would be a constant)")
    return Value(out)


def _with_defaults(op: Op, inputs: tuple[Operand, ...]) -> tuple[Operand, ...]:
    """``inputs`` completed from the op's defaults, or a TypeError saying what it takes."""
    if op.arity is None:
        raise TypeError(f"{op.name} takes at least one input, got none")
    arity = op.arity
    missing = arity - len(inputs)
    if 0 < missing <= len(op.defaults):
        return (*inputs, *op.defaults[len(op.defaults) - missing :])
    wanted = f"{arity}" if op.fewest == arity else f"{op.fewest} to {arity}"
    raise TypeError(f"{op.name} takes {wanted} input{'s' if arity != 1 else ''}, got {len(inputs)}")


def _input(op: Op, i: int, x: object) -> Value:
    if isinstance(x, Value):
        return x
    if not is_real(x):
        raise TypeError(
            f"{op.name}: input {i} must be a Value or a real number (int or float), "
            f"got {type(x).__name__} {x!r}"
        )
    return _constant(Value(x))  # type: ignore[arg-type]  # a real number


def _checked_forward(op: Op, out: object) -> float:
    if type(out) is float:
        return out
    if not is_real(out):
        raise TypeError(
            f"op {op.name!r}: forward must return a real number, got {type(out).__name__} {out!r}"
        )
    return to_float(out, f"op {op.name!r}: forward")


def checked_local(op: Op, local: object, n: int, numbers_only: bool) -> tuple[float, ...]:
    """What op's local rule returned, checked: a tuple (or list) of one derivative per
    input, each a real number (or, with ``numbers_only`` False, a Value); else a TypeError
    naming the op."""
    if not isinstance(local, (tuple, list)) or len(local) != n:
        got = f"{len(local)}" if isinstance(local, (tuple, list)) else f"a {type(local).__name__}"
        raise TypeError(
            f"op {op.name!r}: its local rule must return a tuple of {n} derivative"
            f"{'s' if n != 1 else ''} (one per input), got {got}"
        )
    checked: list[float] = []  # or Values, where numbers_only is False
    for i, d in enumerate(local):
        if type(d) is float:
            checked.append(d)
        elif not numbers_only and isinstance(d, Value):
            checked.append(d)  # type: ignore[arg-type]
        elif is_real(d):
            checked.append(to_float(d, f"op {op.name!r}: local derivative {i}"))
        else:
            allowed = "a real number" if numbers_only else "a real number or a Value"
            raise TypeError(
                f"op {op.name!r}: local derivative {i} must be {allowed}"
                f"{' when the rule runs on numbers' if numbers_only else ''}, "
                f"got {type(d).__name__} {d!r}"
            )
    return tuple(checked)


# _unary and _binary are apply() unrolled for the built-in one- and two-input gates: the
# per-gate hot path.


def _unary(op: Op, x: Value) -> Value:
    xd = x._data
    out = op.forward(xd)
    if not grad_enabled.get():
        return _untracked(out)
    return _fill(_new(Value), out, (x,), op, op.local(out, xd), x._depth + 1, x._version)


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
        return _untracked(out)
    da = a._depth
    db = b._depth
    depth = (da if da > db else db) + 1
    return _fill(
        _new(Value), out, (a, b), op, op.local(out, ad, bd), depth, a._version + b._version
    )


def _method(op: Op, a: Value, b: Operand) -> Value:
    """``_binary`` for a named method: no operator fallback, so a bad ``b`` is an error."""
    out = _binary(op, a, b)
    if out is NotImplemented:
        raise TypeError(
            f"Value.{op.name}() takes a Value or a real number (int or float), "
            f"got {type(b).__name__} {b!r}"
        )
    return out


def _is_operand(x: object) -> bool:
    # reals.is_real inlined: this runs on every gate that mixes a Value and a number.
    return isinstance(x, Value) or (isinstance(x, numbers.Real) and not isinstance(x, bool))
