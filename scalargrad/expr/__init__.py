"""``expr``: a Value graph from an expression typed by a user.

    >>> from scalargrad import expr
    >>> out, inputs = expr("(x + y) * z", x=-2, y=5, z=-4)
    >>> out.backward()
    >>> out.data, {name: v.grad for name, v in inputs.items()}
    (-12.0, {'x': -4.0, 'y': -4.0, 'z': 3.0})

The text is parsed with ``ast`` and checked against a whitelist (see ``parse.py``);
nothing is ever passed to ``eval``. Numbers in the text become float constants, so
``9**9**9`` overflows at once with the engine's ``ScalarOverflowError`` instead of
computing a huge integer. Errors in the *numbers* (log of -1, division by zero, ...)
are the engine's own errors, raised unchanged.
"""

from __future__ import annotations

import ast
import math
import sys
import unicodedata

from ..errors import ScalarOverflowError
from ..ops import NEG, OPS
from ..reals import is_real
from ..value import Value
from .error import ExprError
from .parse import BINARY, FUNCTIONS, Parsed, parse

__all__ = ["ExprError", "expr"]


def expr(text: str, /, **values: Value | float) -> tuple[Value, dict[str, Value]]:
    """Build the graph of ``text`` with its variables set to ``values``.

    Returns ``(out, inputs)``: the output Value, and each variable's leaf by name, in
    order of first appearance in the text. A number given becomes a leaf labelled with
    the variable's name; a Value given is used as it is (so its ``.grad`` is the one
    that accumulates). Every variable needs a value, and every value given must be
    used: a name given a value but absent from the text is an error (it is usually a
    typo). Raises ``ExprError`` (a ``ValueError``) saying what is wrong and where.
    """
    parsed = parse(text)
    inputs = _leaves(parsed, _normalized(values))
    return _evaluate(parsed, inputs), inputs


def _normalized(values: dict[str, Value | float]) -> dict[str, Value | float]:
    """``values`` by NFKC-normalised name, as Python normalises the names in the text
    (``µ``, the micro sign, is read as ``μ``, the Greek letter)."""
    out: dict[str, Value | float] = {}
    for name, value in values.items():
        key = unicodedata.normalize("NFKC", name)
        if key in out:
            raise ExprError(f"two values were given for {key!r} (as {name!r} and another)")
        out[key] = value
    return out


def _leaves(parsed: Parsed, values: dict[str, Value | float]) -> dict[str, Value]:
    names = list(parsed.variables)
    listed = ", ".join(names) if names else "(none)"
    for name, offset in parsed.variables.items():
        if name not in values:
            raise ExprError(
                f"variable {name!r} has no value",
                parsed.text,
                offset,
                f"give every variable a value; the variables are {listed}",
            )
    for name in values:
        if name not in parsed.variables:
            raise ExprError(
                f"a value was given for {name!r}, which the expression does not use",
                hint=f"the variables are {listed}",
            )
    return {name: _leaf(name, values[name]) for name in names}


def _leaf(name: str, value: object) -> Value:
    if isinstance(value, Value):
        return value
    if not is_real(value):
        raise ExprError(
            f"the value of {name!r} is not a number: {type(value).__name__} {value!r}",
            hint="give an int, a float or a Value",
        )
    try:
        return Value(value, name)  # type: ignore[arg-type]  # any real number
    except ScalarOverflowError:
        raise ExprError(
            f"the value of {name!r} is too large for a float", hint="the largest is about 1.8e308"
        ) from None


def _evaluate(parsed: Parsed, inputs: dict[str, Value]) -> Value:
    """Post-order walk with an explicit stack: a tree of any depth is fine.

    Arithmetic on constants alone that overflows (``1e308*10``) is refused as ``10**309``
    is, with a ``ScalarOverflowError`` naming the operands: floats would turn it into inf
    without a word."""
    results: list[tuple[Value, bool]] = []  # each Value, and whether it is a constant
    stack: list[tuple[ast.expr, bool]] = [(parsed.body, False)]
    while stack:
        node, operands_done = stack.pop()
        if node in parsed.numbers:
            results.append((Value(parsed.numbers[node]), True))
        elif isinstance(node, ast.Name):
            results.append((inputs[node.id], False))
        elif not operands_done:
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(_operands(node)))
        else:
            count = len(_operands(node))
            args = results[len(results) - count :]
            del results[len(results) - count :]
            out = _gate(node, [v for v, _ in args])
            constant = all(c for _, c in args)
            if constant and _overflows(out):
                raise _too_large(out)
            results.append((out, constant))
    ((out, _),) = results
    return out


def _overflows(v: Value) -> bool:
    return not math.isfinite(v.data) and all(math.isfinite(p.data) for p in v.parents)


def _too_large(v: Value) -> ScalarOverflowError:
    args = [repr(p.data) for p in v.parents]
    gate = v.gate
    written = (
        f" {v.op} ".join(args) if gate is not None and gate.infix else f"{v.op}({', '.join(args)})"
    )
    return ScalarOverflowError(
        f"result too large in {v.op!r}: {written} exceeds the largest float "
        f"({sys.float_info.max:.6g})"
    )


def _operands(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp):
        return [node.operand]
    if isinstance(node, ast.Call):
        return list(node.args)
    raise AssertionError(f"unchecked node {ast.dump(node)}")  # parse() refused it


def _gate(node: ast.expr, args: list[Value]) -> Value:
    """The op-table gate ``node`` names, run on ``args`` (operators by their symbol)."""
    if isinstance(node, ast.BinOp):
        return OPS[BINARY[type(node.op)]](*args)
    if isinstance(node, ast.UnaryOp):
        return NEG(*args) if isinstance(node.op, ast.USub) else args[0]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        try:
            return FUNCTIONS[node.func.id](*args)
        except TypeError as err:  # a gate that refuses this many inputs (a neuron's 2n+1)
            raise ExprError(str(err)) from None
    raise AssertionError(f"unchecked node {ast.dump(node)}")  # parse() refused it
