"""What counts as a number here, and turning one into a float with a clear error.

A number is any ``numbers.Real`` (int, float, ``Fraction``, a numpy float ...) except
``bool``: ``True`` is almost always a mistake where a number was meant.
"""

from __future__ import annotations

import numbers
import sys
from collections.abc import Sequence
from typing import Any, TypeGuard

from .errors import ScalarOverflowError


def is_real(x: object) -> bool:
    """True for a real number that is not a bool."""
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def is_int(x: object) -> TypeGuard[int]:
    """True for an int that is not a bool (``True`` where a count was meant is a mistake)."""
    return isinstance(x, int) and not isinstance(x, bool)


def is_list(x: object) -> TypeGuard[Sequence[Any]]:
    """True for a list, tuple or other sequence that is not a string (nor bytes)."""
    return isinstance(x, Sequence) and not isinstance(x, (str, bytes))


def to_float(x: object, what: str) -> float:
    """``x`` as a float, or an error naming ``what`` took it, what was given and what is
    allowed: a TypeError for a non-number, a ``ScalarOverflowError`` (an OverflowError)
    for an int or Fraction too large for a float."""
    if not is_real(x):
        raise TypeError(
            f"{what} takes a real number (int or float), got {type(x).__name__} {x!r}"
        )
    try:
        return float(x)  # type: ignore[arg-type]  # a numbers.Real has __float__
    except OverflowError:
        raise ScalarOverflowError(
            f"{what}: {type(x).__name__} too large for a float (about {_digits(x)} "
            f"digits); the largest float is {sys.float_info.max:.6g}"
        ) from None


def _digits(x: object) -> int:
    # Not len(str(x)): str() of an int over 4300 digits itself raises.
    bits = abs(int(x)).bit_length()  # type: ignore[call-overload]
    return int(bits * 0.30103) + 1
