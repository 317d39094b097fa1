"""Random expression trees over the whole op table: backward against central differences.

Trees and points come from ``scalargrad.testing`` (the module users get): every row of
``scalargrad.OPS``, 1-4 variables, inputs in [-3, 3] kept clear of domain edges and
kinks. ``assert_gradients_match`` compares ``backward`` with central differences of the
tree on floats. The forward rules themselves are checked against ``math`` in
``test_forward_rules.py``.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from scalargrad import OPS, Value, expr
from scalargrad.testing import (
    Call,
    Const,
    Expression,
    Var,
    assert_gradients_match,
    cases,
    expressions,
    usable,
)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(cases())
def test_gradients_match_central_differences(case: tuple[Expression, tuple[float, ...]]) -> None:
    e, point = case
    out = e.build(*[Value(x) for x in point])
    assert out.data == pytest.approx(e.evaluate(*point), rel=1e-12, abs=1e-300)
    assert_gradients_match(e, *point)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(cases())
def test_text_parses_back_to_the_same_tree(case: tuple[Expression, tuple[float, ...]]) -> None:
    e, point = case
    values = dict(zip(e.variables, point, strict=True))
    parsed, _ = expr(e.text, **values)
    assert _shape(parsed) == _tree_shape(e.tree)
    assert parsed.data == e.evaluate(*point)


def _shape(v: Value) -> object:
    if not v.parents:
        return v.label or v.data  # a variable by name, a constant by value
    return (v.op, *(_shape(p) for p in v.parents))


def _tree_shape(tree: object) -> object:
    if isinstance(tree, Var):
        return f"x{tree.index}"
    if isinstance(tree, Const):
        return tree.value
    assert isinstance(tree, Call)
    return (tree.op.name, *(_tree_shape(a) for a in tree.args))


def test_every_op_of_the_table_is_drawn_and_checked() -> None:
    # Drawn is not enough: each op must also appear in trees at usable points, or the
    # property above would never test it. A row added to the table is found here.
    drawn: set[str] = set()
    checked: set[str] = set()

    @settings(
        max_examples=3000, phases=[Phase.generate], database=None, deadline=None, derandomize=True
    )
    @given(expressions(), st.lists(st.floats(-3.0, 3.0), min_size=4, max_size=4))
    def run(e: Expression, xs: list[float]) -> None:
        drawn.update(e.ops())
        if usable(e, xs[: e.n_vars]):
            checked.update(e.ops())

    run()
    assert set(OPS) - drawn == set()
    assert set(OPS) - checked == set()

