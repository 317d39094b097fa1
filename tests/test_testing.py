"""scalargrad.testing finds wrong gates, passes right ones, and says what is wrong."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, Phase, given, settings

import scalargrad as sg
from scalargrad import OPS, Op, Value
from scalargrad.testing import (
    Call,
    Const,
    Expression,
    Var,
    assert_gradients_match,
    expressions,
    gradient_property,
    points,
    usable,
)


def _sin_local(out: float, x: float) -> tuple[float]:
    return (sg.cos.at(x),)


MY_SIN = Op("my_sin", "sine", math.sin, _sin_local)

# Three seeded bugs: a wrong sign, a missing factor, and a second derivative lost while
# the first is right (the rule takes the number out of a Value, so create_graph sees a
# constant).
WRONG_SIGN = Op("my_sin", "sine", math.sin, lambda out, x: (-sg.cos.at(x),))
MISSING_FACTOR = Op(
    "my_sigmoid", "sigmoid", lambda x: 1 / (1 + math.exp(-x)), lambda out, x: (1 - out,)
)
WRONG_SECOND = Op(
    "my_sin",
    "sine",
    math.sin,
    lambda out, x: (math.cos(x if type(x) is float else x.data),),
)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (WRONG_SIGN, r"^my_sin\(.*\): d/dx0 at \(x0=.*\): the engine gives .*central difference"),
        (MISSING_FACTOR, r"^my_sigmoid\(.*\): d/dx0 at \(x0=.*\): the engine gives"),
        (WRONG_SECOND, r"^my_sin\(.*\): d²/dx0dx0 at \(x0=.*\): the engine gives"),
    ],
)
def test_a_seeded_bug_fails_within_the_default_budget(bad: Op, message: str) -> None:
    test = gradient_property(bad)  # the default: 100 examples, orders 1 and 2
    with pytest.raises(AssertionError, match=message):
        test()


def test_the_right_gate_passes_a_thousand_examples() -> None:
    gradient_property(MY_SIN, max_examples=1000)()


def test_a_function_of_values_is_checked_at_points_of_its_domain() -> None:
    def softplus_loss(z: Value, t: Value) -> Value:
        return sg.softplus(z) - z * t

    gradient_property(softplus_loss, max_examples=50)()

    def wrong(x: Value) -> Value:
        return sg.log(x) * MISSING_FACTOR(x)

    with pytest.raises(AssertionError, match=r"^wrong: d(/dx|²/dxdx) at \(x="):
        gradient_property(wrong, max_examples=50)()


def test_the_strategies_reach_every_op_and_a_users_op() -> None:
    table = [*OPS, MY_SIN]
    drawn: set[str] = set()

    @settings(max_examples=2000, phases=[Phase.generate], database=None, derandomize=True)
    @given(expressions(ops=table))
    def run(e: Expression) -> None:
        drawn.update(e.ops())

    run()
    assert {*OPS, "my_sin"} - drawn == set()


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    expressions(ops=["log", "sqrt", "+", "*"], variables=2).flatmap(
        lambda e: points(e, low=-2, high=2).map(lambda p: (e, p))
    )
)
def test_points_keep_inside_domains(case: tuple[Expression, tuple[float, ...]]) -> None:
    e, point = case
    assert all(-2 <= x <= 2 for x in point)
    assert usable(e, point)
    e.evaluate(*point)  # no DomainError


def test_points_reject_kinks_and_edges_within_one_step() -> None:
    relu = Expression(Call(sg.relu, (Var(0),)), 1)
    assert not usable(relu, [0.0]) and not usable(relu, [4e-7]) and usable(relu, [0.1])
    sqrt = Expression(Call(sg.sqrt, (Var(0),)), 1)
    assert not usable(sqrt, [0.0]) and not usable(sqrt, [-1.0]) and usable(sqrt, [1.0])
    cusp = Expression(Call(sg.cbrt, (Call(sg.abs, (Var(0),)),)), 1)
    assert not usable(cusp, [1e-9]) and usable(cusp, [0.5])


def test_expression_text_build_and_evaluate_agree() -> None:
    x = Var(0)
    tree = Call(sg.clamp, (Call(sg.neg, (x,)), Const(-1.0), x))
    e = Expression(tree, 1)
    assert e.text == "clamp((-x0), (-1.0), x0)"
    assert repr(e) == e.text and e.variables == ("x0",)
    out, _ = sg.expr(e.text, x0=0.5)
    assert out.data == e.evaluate(0.5) == e.build(Value(0.5)).data == -0.5


def test_assert_gradients_match_names_the_input_and_both_numbers() -> None:
    def f(x: Value, y: Value) -> Value:
        return WRONG_SIGN(x) * y

    with pytest.raises(
        AssertionError,
        match=r"^f: d/dx at \(x=0\.5, y=2\.0\): the engine gives -1\.755165.*central "
        r"difference \(eps=1e-06\) 1\.755165",
    ):
        assert_gradients_match(f, 0.5, 2.0)
    assert_gradients_match(lambda x, y: MY_SIN(x) * y, 0.5, 2.0, order=2)


def test_errors_inside_f_are_not_swallowed() -> None:
    def f(x: Value) -> Value:
        raise KeyError("mine")

    with pytest.raises(KeyError, match="mine"):
        assert_gradients_match(f, 1.0)
    with pytest.raises(sg.DomainError):
        assert_gradients_match(sg.log, -1.0)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: expressions(ops=["nope"]),
            ValueError,
            r"ops\[0\] is 'nope', not an op of the table",
        ),
        (lambda: expressions(ops="sin"), TypeError, r"ops must be a non-empty list"),
        (lambda: expressions(variables=0), ValueError, r"variables must be at least 1"),
        (lambda: expressions(variables=(3, 1)), ValueError, r"variables must be at least 1"),
        (lambda: expressions(max_depth=0), ValueError, r"max_depth must be an int >= 1"),
        (
            lambda: assert_gradients_match(sg.sin, 1.0, eps=0),
            ValueError,
            r"^eps must be a finite number > 0",
        ),
        (lambda: assert_gradients_match(sg.sin, 1.0, eps=-1e-6), ValueError, r"^eps must be"),
        (lambda: assert_gradients_match(sg.sin, 1.0, rtol=-1), ValueError, r"^rtol must be"),
        (lambda: assert_gradients_match(sg.sin, 1.0, order=3), ValueError, r"order must be 1 or 2"),
        (
            lambda: assert_gradients_match(sg.sin, 1.0, 2.0),
            TypeError,
            r"f takes 1 input\(s\), got 2",
        ),
        (lambda: assert_gradients_match(sg.sin, "a"), TypeError, r"input 0 must be a real number"),
        (lambda: assert_gradients_match(3, 1.0), TypeError, r"f must be an Expression or callable"),
        (lambda: gradient_property(3), TypeError, r"^gradient_property: f must be an Op"),
        (lambda: gradient_property(sg.sin, eps=0), ValueError, r"^eps must be"),
        (lambda: gradient_property(sg.sin, orders=(3,)), ValueError, r"orders must be 1 and/or 2"),
        (lambda: points(sg.sin, low=1, high=0), ValueError, r"low must be below high"),
        (lambda: points(sg.max), TypeError, r"takes any number of inputs; give an Expression"),
    ],
)
def test_bad_arguments_are_named(call: object, error: type[Exception], message: str) -> None:
    assert callable(call)
    with pytest.raises(error, match=message):
        call()


def test_importing_without_hypothesis_says_how_to_install() -> None:
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "try:\n    import scalargrad.testing\n"
        "except ImportError as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pip install 'scalargrad[testing]'" in out.stdout
    # the engine itself never needs hypothesis
    code = "import sys; sys.modules['hypothesis'] = None\nimport scalargrad; print('ok')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"
