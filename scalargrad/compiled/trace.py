"""Tracing: run the function once on Values and keep the graph it builds.

While a function is traced (``grad_mode.tracing``), a Value refuses to give up its
number to Python code (a comparison, ``bool``, ``.data``, ``.item()``, a format spec):
whatever Python decided from it would be frozen into the replay for every example, so
``compile`` says where instead, as JAX does for its tracers.
"""

from __future__ import annotations

import inspect
import linecache
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..errors import CompileError
from ..grad_mode import Tracing, grad_enabled, tracing
from ..reals import is_list, is_real, to_float
from ..value import Value

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

Shape = int | None  # an argument: None for one number, n for a list of n numbers


@dataclass(frozen=True)
class Trace:
    """What one run of ``fn`` on Values left behind."""

    name: str  # fn's name, for messages
    shapes: tuple[Shape, ...]  # one per argument
    inputs: tuple[Value, ...]  # one leaf per number in the arguments, in order
    outputs: tuple[Value, ...]  # what fn returned
    single: bool  # fn returned one Value, not a list
    constants: frozenset[Value]  # leaves fn made from plain numbers while traced


def trace(fn: Callable[..., object], args: Sequence[object]) -> Trace:
    """Run ``fn`` on leaves made from the example ``args`` (numbers or lists of numbers),
    with decisions on Values refused."""
    if not callable(fn):
        raise TypeError(f"compile: fn must be callable, got {type(fn).__name__}")
    name = getattr(fn, "__name__", type(fn).__name__)
    names = _parameter_names(fn, len(args))
    shapes: list[Shape] = []
    leaves: list[Value] = []
    made: list[object] = []
    for i, arg in enumerate(args):
        tolist = getattr(arg, "tolist", None)
        if callable(tolist) and not isinstance(arg, Value):  # a NumPy row or number
            arg = tolist()
        if is_real(arg):
            shapes.append(None)
            leaf = Value(to_float(arg, f"compile: argument {i}"), names[i])
            leaves.append(leaf)
            made.append(leaf)
        elif is_list(arg) and arg and all(is_real(x) for x in arg):
            shapes.append(len(arg))
            row = [
                Value(to_float(x, f"compile: argument {i}[{j}]"), f"{names[i]}[{j}]")
                for j, x in enumerate(arg)
            ]
            leaves.extend(row)
            made.append(row)
        else:
            raise TypeError(
                f"compile: example argument {i} must be a number or a non-empty list of "
                f"numbers, got {_describe(arg)}; the Values fn reads (a model's "
                "parameters) are found by themselves and need not be passed"
            )
    grad_token = grad_enabled.set(True)
    state = Tracing()
    trace_token = tracing.set(state)
    try:
        result = fn(*made)
    finally:
        tracing.reset(trace_token)
        grad_enabled.reset(grad_token)
    outputs, single = _outputs(name, result)
    return Trace(name, tuple(shapes), tuple(leaves), outputs, single, frozenset(state.constants))


def _parameter_names(fn: Callable[..., object], n: int) -> list[str]:
    """fn's own parameter names for the inputs' labels (x, x[3]), else x0, x1, ..."""
    try:
        params = [
            p.name
            for p in inspect.signature(fn).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
    except (TypeError, ValueError):
        params = []
    return [params[i] if i < len(params) else f"x{i}" for i in range(n)]


def _outputs(name: str, result: object) -> tuple[tuple[Value, ...], bool]:
    if isinstance(result, Value):
        return (result,), True
    if is_list(result) and result and all(isinstance(v, Value) for v in result):
        return tuple(result), False
    raise TypeError(
        f"compile: {name} must return a Value or a non-empty list of Values, got "
        f"{_describe(result)}"
    )


def _describe(x: object) -> str:
    if isinstance(x, Value):
        return "a Value"
    if is_list(x):
        kinds = sorted({type(v).__name__ for v in x})
        return f"a {type(x).__name__} of {', '.join(kinds) or 'nothing'}"
    return f"{type(x).__name__} {x!r}"


def refuse_read(what: str) -> None:
    """Raise ``CompileError`` naming the line of the traced function that ``what``."""
    where, line = _caller()
    raise CompileError(
        f"compile: the traced function {what} at {where}{f': `{line}`' if line else ''}. "
        "A compiled function replays the same gates for every example, so it cannot "
        "follow a decision made from one example's number. Write the choice as a gate "
        "(scalargrad.max, min, relu, abs, clamp: they route the gradient as the engine "
        "does), or make the decision outside the compiled function."
    )


def _caller() -> tuple[str, str]:
    """File and line of the innermost frame outside scalargrad's own code (the line in
    the user's function that asked), and that line's text."""
    frame = sys._getframe(1)
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(
        _PACKAGE + os.sep
    ):
        frame = frame.f_back  # type: ignore[assignment]
    if frame is None:
        return "an unknown line", ""
    filename, lineno = frame.f_code.co_filename, frame.f_lineno
    return f"{filename}, line {lineno}", linecache.getline(filename, lineno).strip()
