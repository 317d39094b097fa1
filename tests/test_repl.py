"""The REPL habits that used to bite: p.grad = 0, math.sin(v), f-strings, item, detach, bool."""

from __future__ import annotations

import math

import pytest

import scalargrad as sg
from scalargrad import Value


def test_grad_can_be_set_to_a_real_number() -> None:
    p = Value(1.0)
    (p * 3).backward()
    p.grad = 0  # micrograd's training loop
    assert p.grad == 0.0 and type(p.grad) is float
    p.grad = 2.5
    assert p.grad == 2.5


@pytest.mark.parametrize("bad", ["a", None, True, [0.0], Value(0.0)])
def test_grad_refuses_anything_but_a_real_number(bad: object) -> None:
    p = Value(1.0)
    with pytest.raises(
        TypeError, match=rf"^\.grad takes a real number .*got {type(bad).__name__}.*v\.grad = 0\.0"
    ):
        p.grad = bad  # type: ignore[assignment]
    assert p.grad == 0.0


@pytest.mark.parametrize("call", [float, math.sin, math.exp, math.sqrt, math.isfinite])
def test_float_only_functions_refuse_a_value_and_say_what_to_use(call: object) -> None:
    assert callable(call)
    with pytest.raises(TypeError, match=r"v\.data or v\.item\(\).*scalargrad\.sin\(v\)"):
        call(Value(0.5))


def test_format_uses_the_number() -> None:
    v = Value(2.0 / 3.0) * 1.0
    assert f"{v:.3f}" == "0.667"
    assert format(v, "e") == "6.666667e-01"
    assert f"{v}" == repr(v)


def test_item_and_detach() -> None:
    x = Value(3.0, "x")
    y = x * x
    assert y.item() == 9.0
    d = y.detach()
    assert (d.data, d.parents, d.op) == (9.0, (), "")
    (d * x).backward()
    assert x.grad == 9.0  # nothing flowed back through the detached copy


def test_bool_follows_data_like_a_one_element_tensor() -> None:
    assert bool(Value(2.0)) and not bool(Value(0.0)) and not bool(Value(-0.0))
    assert bool(Value(math.nan))
    x = Value(-1.0)
    assert bool(sg.relu(x)) is False
