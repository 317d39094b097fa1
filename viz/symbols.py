"""What a gate's circle says: its op row's symbol, made safe to show."""

from __future__ import annotations

from scalargrad import Value

from .escape import visible

SYMBOL_CHARS = 12  # a user's op with a longer symbol is shown cut to this many characters


def gate_symbol(v: Value) -> str:
    """The symbol drawn for gate ``v`` (``×`` for ``*``, a user op's own symbol)."""
    return visible(v.gate.symbol, SYMBOL_CHARS) if v.gate is not None else ""


def routes(v: Value) -> str:
    """``"larger"``/``"smaller"`` for a gate like max/min that routes the gradient to its
    winning input(s) (the drawing dashes the losers); ``""`` for any other node."""
    return v.gate.routes if v.gate is not None else ""
