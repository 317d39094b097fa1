"""The arguments of a compiled call, checked and laid out as the inputs' rows.

Each argument is what the traced example was (a number, or a list of n numbers), or a
batch of them with a leading example axis: an array of shape (B,) or (B, n), or the same
as nested lists. Every batched argument must hold the same number of examples B; an
argument given without the batch axis is used for every example.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..reals import is_real
from ..value import Value
from .trace import Shape

Array = Any  # a NumPy array; this package types NumPy loosely, the engine has no NumPy


def layout(
    np: Any, name: str, shapes: tuple[Shape, ...], args: Sequence[object]
) -> tuple[Array, int | None]:
    """The inputs as a (number of inputs, B) array, and B (None: no argument batched)."""
    if len(args) != len(shapes):
        raise TypeError(
            f"compiled {name} takes {len(shapes)} argument{'s' if len(shapes) != 1 else ''} "
            f"(as traced), got {len(args)}"
        )
    arrays = [_array(np, name, i, a) for i, a in enumerate(args)]
    sizes: dict[int, list[int]] = {}
    for i, (a, shape) in enumerate(zip(arrays, shapes, strict=True)):
        one = 0 if shape is None else 1
        if a.ndim == one + 1:
            sizes.setdefault(a.shape[0], []).append(i)
        elif a.ndim != one:
            raise ValueError(f"compiled {name}: argument {i} {_wanted(shape)}, got shape {a.shape}")
        if shape is not None and a.shape[-1] != shape:
            raise ValueError(f"compiled {name}: argument {i} {_wanted(shape)}, got shape {a.shape}")
    if len(sizes) > 1:
        seen = "; ".join(
            f"argument{'s' if len(at) > 1 else ''} {', '.join(map(str, at))}: {b} examples"
            for b, at in sizes.items()
        )
        raise ValueError(
            f"compiled {name}: the batched arguments hold different numbers of examples "
            f"({seen}); every batched argument needs the same number"
        )
    batch = next(iter(sizes), None)
    if batch == 0:
        raise ValueError(f"compiled {name}: an empty batch (0 examples)")
    columns = batch or 1
    rows = sum(1 if s is None else s for s in shapes)
    out = np.empty((rows, columns))
    at = 0
    for a, shape in zip(arrays, shapes, strict=True):
        width = 1 if shape is None else shape
        batched = a.ndim == (0 if shape is None else 1) + 1
        # (B, n) -> (n, B); an argument without the batch axis is every example's
        out[at : at + width] = a.T if batched else a.reshape(width, 1)
        at += width
    return out, batch


def _array(np: Any, name: str, i: int, a: object) -> Array:
    if isinstance(a, np.ndarray):
        if a.dtype.kind not in "fiu":
            raise TypeError(
                f"compiled {name}: argument {i} must hold real numbers, got an array of {a.dtype}"
            )
        return a.astype(np.float64, copy=False)
    bad = _non_real(a)
    if bad:
        (item,) = bad
        hint = (
            "; pass numbers: a Value's graph would not change from call to call"
            if isinstance(item, Value) else ""
        )
        raise TypeError(
            f"compiled {name}: argument {i} must hold real numbers (int or float), found "
            f"{type(item).__name__} {item!r}{hint}"
        )
    try:
        return np.asarray(a, dtype=np.float64)
    except OverflowError:
        raise ValueError(
            f"compiled {name}: argument {i} holds an integer too large for a float64"
        ) from None
    except ValueError:
        raise ValueError(
            f"compiled {name}: argument {i} is ragged: its rows have different lengths; a "
            "batch needs one row of the same length per example"
        ) from None


def _non_real(a: object) -> list[object]:
    """The first element of ``a`` (nested lists, tuples or a number) that is not a real
    number, as a one-item list (None may be that element); empty if there is none."""
    if isinstance(a, (list, tuple)):
        for x in a:
            bad = _non_real(x)
            if bad:
                return bad
        return []
    kind = getattr(getattr(a, "dtype", None), "kind", None)
    if kind is not None and hasattr(a, "shape"):  # a NumPy array among the rows
        return [] if kind in "fiu" else [a]
    return [] if is_real(a) else [a]


def _wanted(shape: Shape) -> str:
    if shape is None:
        return "must be a number, or a batch of numbers of shape (B,)"
    return f"must be a list of {shape} numbers, or a batch of shape (B, {shape})"
