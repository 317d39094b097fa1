"""Compare a float with a number written to a given number of digits (as in docs/seeds.md)."""

from __future__ import annotations

from decimal import Decimal


def matches_digits(actual: float, written: str) -> bool:
    """True if ``actual`` agrees with ``written`` to its last digit: closer than one unit
    of that digit (the seeds cut their numbers off, ``0.39322386648...`` is written
    ``0.3932238664``, so rounding and truncation both count)."""
    exponent = Decimal(written).as_tuple().exponent
    assert isinstance(exponent, int), f"{written!r} is not a finite number"
    return abs(Decimal(actual) - Decimal(written)) < Decimal(10) ** exponent
