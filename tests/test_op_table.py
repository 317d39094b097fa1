"""The op table is the one list of ops, and users' own gates are first-class rows."""

from __future__ import annotations

import math

import pytest

import scalargrad as sg
import viz
from scalargrad import OPS, Op, Value, grad, gradcheck
from scalargrad.expr.parse import FUNCTIONS
from viz.cli import EPILOG, main
from viz.steps import backward_steps

# ---- every row reaches every place that lists ops -------------------------------------


@pytest.mark.parametrize("name", [n for n, op in OPS.items() if op.call])
def test_every_callable_op_is_a_function_a_method_an_expression_and_on_the_cli(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    op = OPS[name]
    assert getattr(sg, name) is op
    assert name in FUNCTIONS and name in EPILOG
    text = f"{name}({', '.join(['x', '0', '1'][: op.fewest])})"  # clamp(x, 0, 1): lo <= hi
    out, _ = sg.expr(text, x=0.5)
    assert out.op == name
    assert main(["grad", text, "x=0.5"]) == 0
    assert "value:" in capsys.readouterr().out
    if op.arity is not None and name != "neg":  # -v; the variadic gates are functions only
        assert callable(getattr(Value, name))


def test_ops_without_a_call_are_the_operators() -> None:
    assert {n for n, op in OPS.items() if not op.call} == {"+", "-", "*", "/", "**"}


def test_a_neuron_in_an_expression_needs_2n_plus_1_inputs() -> None:
    out, _ = sg.expr("neuron(w, x, b)", w=2, x=3, b=1)
    assert (out.op, out.data) == ("neuron", 7.0)
    with pytest.raises(sg.ExprError, match=r"'neuron' takes 2n\+1 inputs .*got 2"):
        sg.expr("neuron(w, x)", w=2, x=3)


def test_op_rows_are_read_only_and_so_is_the_table() -> None:
    with pytest.raises(AttributeError):
        sg.sin.name = "cos"  # type: ignore[misc]
    with pytest.raises(TypeError):
        OPS["sin"] = sg.cos  # type: ignore[index]


# ---- users' own gates --------------------------------------------------------------------


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


SIGMOID_GATE = Op(
    "my_sigmoid", "$1 / (1 + e^{-x})$", _sigmoid, lambda out, x: (out * (1 - out),), symbol="S"
)


def test_a_users_sigmoid_gate_checks_draws_and_captions() -> None:
    assert SIGMOID_GATE.arity == 1  # counted from forward's parameters
    assert gradcheck(lambda x: SIGMOID_GATE(x * 2.0), 0.3)
    x = Value(0.3, "x")
    out = SIGMOID_GATE(x)
    out.backward()
    dot = viz.draw(out).source
    assert "n1 [label=<S>" in dot
    caption = " ".join(" ".join(s.caption) for s in backward_steps(out, viz.build(out)))
    assert "S sends" in caption


def _wrong_count(out: float, x: float) -> tuple[float, float]:
    return (1.0, 2.0)


@pytest.mark.parametrize(
    ("local", "message"),
    [
        (
            _wrong_count,
            r"op 'bad': its local rule must return a tuple of 1 derivative \(one per input\), "
            "got 2",
        ),
        (lambda out, x: 1.0, r"op 'bad': .*got a float"),
        (
            lambda out, x: ("a",),
            r"op 'bad': local derivative 0 must be a real number .*got str 'a'",
        ),
        (
            lambda out, x: (Value(1.0),),
            r"op 'bad': local derivative 0 must be a real number when the rule runs on numbers, "
            "got Value",
        ),
        (lambda out, x: (True,), r"op 'bad': local derivative 0 must be a real number .*got bool"),
    ],
)
def test_a_bad_local_rule_is_refused_before_anything_changes(local: object, message: str) -> None:
    bad = Op("bad", "", lambda x: 2.0 * x, local)  # type: ignore[arg-type]
    x, y = Value(1.0, "x"), Value(2.0, "y")
    before = x * y
    before.backward()
    with pytest.raises(TypeError, match=message):
        bad(x) + before
    assert (x.grad, y.grad) == (2.0, 1.0)  # nothing was half-done


def test_a_forward_that_returns_no_number_is_refused() -> None:
    bad = Op("bad", "", lambda x: "two", lambda out, x: (1.0,))
    with pytest.raises(TypeError, match=r"op 'bad': forward must return a real number, got str"):
        bad(1.0)


def test_a_local_rule_that_goes_wrong_on_values_is_named_by_create_graph() -> None:
    bad = Op("bad", "", lambda x: x * x, lambda out, x: (2 * x,) if type(x) is float else (1, 2))
    x = Value(3.0)
    with pytest.raises(TypeError, match=r"op 'bad': its local rule must return a tuple of 1"):
        grad(bad(x), x, create_graph=True)
    assert x.grad == 0.0


def test_int_derivatives_become_floats() -> None:
    double = Op("double", "", lambda x: 2 * x, lambda out, x: (2,))
    x = Value(1.0)
    out = double(x)
    assert out.local_grads == (2.0,) and type(out.data) is float
    out.backward()
    assert type(x.grad) is float


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": ""}, "name must be a non-empty str"),
        ({"forward": 3}, "forward must be callable"),
        ({"arity": 0}, "arity must be an int >= 1 or None"),
        ({"routes": "up"}, "routes must be one of"),
    ],
)
def test_op_rows_check_their_fields(kwargs: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {
        "name": "f",
        "doc": "",
        "forward": lambda x: x,
        "local": lambda out, x: (1.0,),
        **kwargs,
    }
    with pytest.raises(TypeError, match=message):
        Op(**fields)  # type: ignore[arg-type]


def test_wrong_number_of_inputs_is_named() -> None:
    with pytest.raises(TypeError, match=r"^clamp takes 3 inputs, got 2"):
        sg.clamp(1.0, 2.0)
    with pytest.raises(TypeError, match=r"^leaky_relu takes 1 to 2 inputs, got 3"):
        sg.leaky_relu(1.0, 2.0, 3.0)
