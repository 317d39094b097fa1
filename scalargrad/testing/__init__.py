"""Property-based gradient tests for your own gates, losses and functions.

    >>> from scalargrad.testing import expressions, points, assert_gradients_match
    >>> from scalargrad.testing import gradient_property

* ``expressions(ops=None, variables=(1, 4), max_depth=3)``: a hypothesis strategy of
  random ``Expression`` trees over the op table (or the rows you name, your own ``Op``
  rows included);
* ``points(expression_or_function, low=-3, high=3)``: inputs where a central difference
  can be trusted (inside every domain, clear of kinks); ``cases()`` draws an expression
  and a point together;
* ``assert_gradients_match(f, *xs, order=1)``: the engine's gradient (``order=2``: its
  Hessian) at one point against central differences;
* ``gradient_property(f)``: all of it as one hypothesis test, ``test_f =
  gradient_property(f)``.

This module needs hypothesis: ``pip install 'scalargrad[testing]'``. See
``docs/testing.md``.
"""

try:
    import hypothesis  # noqa: F401
except ImportError as err:  # pragma: no cover - exercised by a test in a clean venv
    raise ImportError(
        "scalargrad.testing needs hypothesis, which is not installed: "
        "pip install 'scalargrad[testing]' (or pip install hypothesis)"
    ) from err

from .checks import around, assert_gradients_match, gradient_property
from .expression import Call, Const, Expression, Var
from .strategies import cases, expressions, points, usable

__all__ = [
    "Call",
    "Const",
    "Expression",
    "Var",
    "around",
    "assert_gradients_match",
    "cases",
    "expressions",
    "gradient_property",
    "points",
    "usable",
]
