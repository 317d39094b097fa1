"""``Expression``: a random expression tree over op-table rows, printable and runnable.

A tree is made of ``Var`` (an input), ``Const`` (a number) and ``Call`` (an ``Op`` row
applied to subtrees). ``Expression`` wraps one with its variables; it runs three ways:

* ``build(*leaves)`` through the engine, the ways users reach gates (operators, methods,
  the op called as a function), equal subtrees sharing one node;
* ``evaluate(*floats)`` on plain floats with each row's forward rule, no Value made;
* ``text``, which ``scalargrad.expr`` parses back to the same tree (for the table's own
  ops; a user's op prints the same way but ``expr`` does not know it).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass

from ..op import Op
from ..ops import NEG
from ..value import Value


@dataclass(frozen=True)
class Var:
    """The ``index``-th input variable, written ``x<index>``."""

    index: int


@dataclass(frozen=True)
class Const:
    """A number, passed to the engine as a plain float."""

    value: float


@dataclass(frozen=True)
class Call:
    """Gate ``op`` applied to ``args``."""

    op: Op
    args: tuple[Tree, ...]


Tree = Var | Const | Call

# Python's syntax for the operators: build() also runs Value's (reflected) dunders.
SYNTAX: dict[str, Callable[..., object]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "**": operator.pow,
    "neg": operator.neg,
}


@dataclass(frozen=True)
class Expression:
    """A tree over the variables ``x0 .. x<n-1>``, each used at least once."""

    tree: Tree
    n_vars: int

    @property
    def variables(self) -> tuple[str, ...]:
        """The names of the inputs, in the order ``build`` and ``evaluate`` take them."""
        return tuple(f"x{i}" for i in range(self.n_vars))

    @property
    def text(self) -> str:
        """The expression as ``scalargrad.expr`` reads it, e.g. ``sin((x0 * 2.0))``."""
        return _text(self.tree)

    def __repr__(self) -> str:
        return self.text

    def ops(self) -> set[str]:
        """The names of the ops the tree uses."""
        return {node.op.name for node in _calls(self.tree)}

    def build(self, *leaves: Value) -> Value:
        """The tree through the engine over ``leaves`` (one per variable)."""
        self._arity(leaves, "build")
        out = _build(self.tree, leaves, {})
        return out if isinstance(out, Value) else Value(out)

    __call__ = build

    def evaluate(self, *xs: float) -> float:
        """The tree on floats with each row's forward rule: no Value is made."""
        self._arity(xs, "evaluate")
        return evaluate(self.tree, xs, [])

    def _arity(self, given: tuple[object, ...], who: str) -> None:
        if len(given) != self.n_vars:
            raise TypeError(
                f"{self.text}: {who} takes {self.n_vars} input(s) "
                f"({', '.join(self.variables)}), got {len(given)}"
            )


def evaluate(
    tree: Tree,
    xs: tuple[float, ...] | list[float],
    pieces: list[object],
    slopes: list[object] | None = None,
) -> float:
    """``tree`` at ``xs`` in floats; appends the smooth piece (``Op.piece``) of every gate
    with kinks to ``pieces``, and with ``slopes`` every gate's local derivatives. A forward
    rule's error (a ``DomainError`` ...) propagates."""
    if isinstance(tree, Var):
        return xs[tree.index]
    if isinstance(tree, Const):
        return tree.value
    args = [evaluate(a, xs, pieces, slopes) for a in tree.args]
    out = tree.op.forward(*args)
    if tree.op.piece is not None:
        pieces.append(tree.op.piece(*args))
    if slopes is not None:
        slopes.extend(tree.op.local(out, *args))
    return out


def _build(tree: Tree, leaves: tuple[Value, ...], seen: dict[Tree, Value | float]) -> Value | float:
    if isinstance(tree, Var):
        return leaves[tree.index]
    if isinstance(tree, Const):
        return tree.value
    if tree not in seen:
        args = [_build(a, leaves, seen) for a in tree.args]
        seen[tree] = _gate(tree.op, args, len(seen))
    return seen[tree]


def _gate(op: Op, args: list[Value | float], turn: int) -> Value:
    """Run ``op`` by its operator, its Value method or the row itself, in turn."""
    if op.name in SYNTAX and any(isinstance(a, Value) for a in args):
        out = SYNTAX[op.name](*args)
        assert isinstance(out, Value)
        return out
    method = getattr(Value, op.name, None)
    first = args[0]
    fits = op.arity is not None or len(args) == 2  # a max/min method takes one other
    if turn % 2 and method is not None and isinstance(first, Value) and fits:
        result: Value = method(first, *args[1:])
        return result
    return op(*args)


def _calls(tree: Tree) -> list[Call]:
    if not isinstance(tree, Call):
        return []
    return [tree, *(c for a in tree.args for c in _calls(a))]


def _text(tree: Tree) -> str:
    if isinstance(tree, Var):
        return f"x{tree.index}"
    if isinstance(tree, Const):
        return repr(tree.value) if tree.value >= 0.0 else f"({tree.value!r})"
    args = [_text(a) for a in tree.args]
    if tree.op.infix:
        return f"({args[0]} {tree.op.name} {args[1]})"
    if tree.op is NEG and not isinstance(tree.args[0], Const):  # -(1.5) would be a number
        return f"(-{args[0]})"
    return f"{tree.op.name}({', '.join(args)})"
