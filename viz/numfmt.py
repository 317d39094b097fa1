"""Numbers as a reader wants them on a wire: short, at most 4 significant digits.

>>> [number(x) for x in (-12.0, 0.7310585786, 715.0000000000001, 3.34e-05, 0.0, -0.0)]
['-12', '0.7311', '715', '3.34e-5', '0', '0']
"""

from __future__ import annotations

import math


def number(x: float) -> str:
    """``x`` with up to 4 significant digits, no trailing zeros, a short exponent."""
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0.0:
        return "0"  # -0.0 too: a sign on zero only puzzles a reader
    text = f"{x:.4g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text
