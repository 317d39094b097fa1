"""The captions' wording: what the step page and the terminal say at each step of backward.

Nothing here decides which step comes when (``steps.py`` does); each function turns
the engine's numbers for one step into a sentence. Numbers are shown by
``numfmt.number``, names of Values by ``name`` (a label, a constant, or a short formula).
"""

from __future__ import annotations

from collections.abc import Sequence

from scalargrad import Value
from scalargrad.ops import DIV, MUL, POW, SUB

from .escape import visible
from .numfmt import number
from .symbols import gate_symbol, routes

NAME_DEPTH = 3  # a gate's output is named by a formula at most this many gates deep ...
NAME_CHARS = 32  # ... and this long; past either, by its gate ("the output of ×")
MAX_LISTED = 4  # a collapsed box names at most this many of the boxes it sends to

FORWARD = "Forward pass: each wire shows the value (green) that flows along it."
NEXT = "Next: backward runs the gates from the output back to the inputs, one per step."
NO_BACKWARD = (
    "No backward pass has run on this graph, so there is nothing to step through: call "
    ".backward() on the output (or leave out --no-grad) and save the page again."
)


def start(root: Value) -> str:
    g = number(root.grad)
    why = "d out / d out = 1" if root.grad == 1.0 else "the gradient backward was given"
    return f"Backward starts at the output: out gets gradient {g} ({why})."


def name(v: Value) -> str:
    """What a caption calls ``v``: its label, its value if a constant, else a short
    formula of what computed it (``x×y + max(z, w)``), or its gate if that is long."""
    if not v.parents:
        return visible(v.label) if v.label else f"the constant {number(v.data)}"
    formula = _formula(v, NAME_DEPTH)
    if "…" in formula or len(formula) > NAME_CHARS:
        return f"the output of {gate_symbol(v)}"
    return formula


def _formula(v: Value, depth: int) -> str:
    """``v`` as a formula of its inputs, ``…`` below ``depth`` gates (depth stays small)."""
    if not v.parents:
        return visible(v.label) if v.label else number(v.data)
    if depth == 0:
        return "…"
    args = [_formula(p, depth - 1) for p in v.parents]
    sym = gate_symbol(v)
    if _infix(v) and len(args) == 2:
        wrapped = [
            f"({a})" if _needs_parens(p, v, k) else a
            for k, (a, p) in enumerate(zip(args, v.parents, strict=True))
        ]
        gap = " " if _infix(v) == 1 else ""
        return f"{wrapped[0]}{gap}{sym}{gap}{wrapped[1]}"
    return f"{sym}({', '.join(args)})"


def _infix(v: Value) -> int:
    """How tightly ``v``'s gate binds when written between its inputs; 0: written as a call."""
    return v.gate.infix if v.gate is not None else 0


def _needs_parens(inner: Value, outer: Value, arg: int) -> bool:
    """Whether input ``arg`` of gate ``outer``, made by gate ``inner``, needs parentheses."""
    if not _infix(inner):
        return False
    if _infix(inner) != _infix(outer):
        return _infix(inner) < _infix(outer)
    # same precedence: a - (b - c), a / (b * c) and powers on either side keep theirs
    return outer.gate is POW or (arg == 1 and outer.gate in (SUB, DIV))


def gate_line(v: Value, names: list[str]) -> str:
    """One gate's backward in words: upstream × local = what each input gets."""
    sym = gate_symbol(v)
    u = number(v.grad)
    locals_ = [float(d) for d in v.local_grads]
    sent = [number(d * v.grad) for d in locals_]
    if routes(v):
        word = routes(v)
        got = [k for k, d in enumerate(locals_) if d != 0.0]
        if len(got) > 1 and all(locals_[k] == 1.0 for k in got):  # a NaN: no input loses
            return f"{sym} has NaN among its inputs, so it sends {u} to each of {_and(names)}."
        losers = [names[k] for k, d in enumerate(locals_) if d == 0.0]
        rest = f"; {_and(losers)} {'gets' if len(losers) == 1 else 'get'} 0" if losers else ""
        if len(got) == 1:
            (k,) = got
            return f"{sym} sends {u} to {names[k]} (the {word} input){rest}."
        shares = ", ".join(f"{sent[k]} to {names[k]}" for k in got)
        return f"{sym} has a tie for the {word} input, so it splits {u}: {shares}{rest}."
    if all(d == 1.0 for d in locals_):
        each = "each input" if len(names) > 1 else "its input"
        return f"{sym} sends {u} unchanged to {each} ({_and(names)}): its local gradients are 1."
    parts = [
        f"{u} × {number(d)} = {s} to {n}" for d, s, n in zip(locals_, sent, names, strict=True)
    ]
    why = (
        " (each input gets the upstream gradient times the other input)"
        if v.gate is MUL
        else " (upstream gradient × local gradient)"
    )
    return f"{sym} sends {_and(parts)}{why}."


def sum_line(name: str, got: list[float], total: str, n: int) -> str:
    """The ``+=`` line for a Value read ``n`` times that has received ``got`` so far."""
    shown = [number(a) for a in got]
    sums = f"{' + '.join(shown)} = {total}" if len(shown) > 1 else shown[0]
    if len(got) == n:
        return f"{name} has all {n} of its gradients: {sums} (backward's +=)."
    return f"{name} is read {n} times: {sums} so far; {n - len(got)} more to add (+=)."


def group_line(
    symbol: str, detail: str, grad: float, gates: int, sent: list[tuple[str, float]]
) -> str:
    """A collapsed box's step: what it got, how many gates it ran, what it sent where."""
    listed = [f"{number(a)} to {name}" for name, a in sent[:MAX_LISTED]]
    if len(sent) > MAX_LISTED:
        listed.append(f"{len(sent) - MAX_LISTED} more")
    line = (
        f"The {symbol} box ({detail}) gets gradient {number(grad)} and runs backward "
        f"through its {gates} gate{'s' if gates != 1 else ''}"
    )
    return line + (f"; it sends {_and(listed)}." if listed else ".")


def box_name(v: Value, kind: str) -> str:
    if kind == "group":
        return f"the {gate_symbol(v)} box"
    return name(v)


def _and(items: Sequence[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
