"""Value as a user meets it: construction, views, repr, operators, comparisons, identity."""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

import pytest

import scalargrad
from scalargrad import Value

# ---- construction ---------------------------------------------------------------------


def test_ints_become_floats() -> None:
    v = Value(3)
    assert v.data == 3.0
    assert type(v.data) is float


@pytest.mark.parametrize(
    ("given", "named"),
    [
        (True, "bool"),
        ("3", "str"),
        (1 + 2j, "complex"),
        (None, "NoneType"),
        (object(), "object"),
        ([1.0], "list"),
    ],
)
def test_non_real_numbers_are_refused_naming_what_was_given(given: object, named: str) -> None:
    with pytest.raises(TypeError, match=rf"got {named} ") as caught:
        Value(given)  # type: ignore[arg-type]
    assert repr(given) in str(caught.value)
    assert "int or float" in str(caught.value)


@pytest.mark.parametrize(
    ("make", "who"),
    [
        (lambda: Value(10**400), "Value()"),
        (lambda: Value(Fraction(10**400, 3)), "Value()"),
        (lambda: Value(1.0) + 10**5000, "Value()"),
        (lambda: setattr(Value(1.0), "data", -(10**400)), ".data"),
        (lambda: (Value(1.0) * 2).backward(10**400), "backward(gradient)"),
        (lambda: Value(1.0) < 10**400, "comparison with a Value"),
    ],
)
def test_an_int_too_large_for_a_float_is_named_not_a_bare_overflow(
    make: Callable[[], object], who: str
) -> None:
    with pytest.raises(scalargrad.ScalarOverflowError) as caught:
        make()
    message = str(caught.value)
    assert message.startswith(f"{who}: ")
    assert "too large for a float" in message
    assert "the largest float is 1.79769e+308" in message


def test_fractions_are_real_numbers() -> None:
    assert Value(Fraction(1, 4)).data == 0.25


def test_label_must_be_a_str() -> None:
    with pytest.raises(TypeError, match="label must be a str, got int 3"):
        Value(1.0, label=3)  # type: ignore[arg-type]


def test_views_of_a_fresh_leaf() -> None:
    v = Value(2.5, "w")
    assert (v.data, v.grad, v.label, v.op, v.parents) == (2.5, 0.0, "w", "", ())


# ---- repr -----------------------------------------------------------------------------


def test_repr_omits_what_is_empty() -> None:
    assert repr(Value(3)) == "Value(3.0)"
    assert repr(Value(-2.0, "x")) == "Value(-2.0, label='x')"
    x, y, z = Value(-2.0, "x"), Value(5.0, "y"), Value(-4.0, "z")
    f = (x + y) * z
    assert repr(f) == "Value(-12.0, op='*')"
    f.backward()
    assert repr(f) == "Value(-12.0, grad=1.0, op='*')"
    assert repr(x) == "Value(-2.0, grad=-4.0, label='x')"


def test_repr_of_a_labelled_gate_output() -> None:
    f = (Value(-2.0) * Value(6.0)).named("f")
    f.backward()
    assert repr(f) == "Value(-12.0, grad=1.0, op='*', label='f')"
    with pytest.raises(TypeError, match="label must be a str, got int 3"):
        f.named(3)  # type: ignore[arg-type]


# ---- read-only views, .data on leaves only -------------------------------------------


@pytest.mark.parametrize("name", ["op", "parents", "label", "gate", "local_grads"])
def test_views_are_read_only(name: str) -> None:
    v = Value(1.0) + 2
    with pytest.raises(AttributeError):
        setattr(v, name, getattr(v, name))


def test_data_is_settable_on_leaves() -> None:
    w = Value(1.0)
    w.data = 4  # ints are welcome, as in Value()
    assert w.data == 4.0
    assert type(w.data) is float
    with pytest.raises(TypeError, match=r"\.data .*got str"):
        w.data = "5"


def test_data_of_a_gate_output_cannot_be_set() -> None:
    out = Value(1.0) * 3
    with pytest.raises(AttributeError, match=r"gate's output \(op '\*'\).*only leaves"):
        out.data = 0.0
    assert out.data == 3.0


# ---- operators ------------------------------------------------------------------------

x0 = 3.0
CASES: list[tuple[str, Callable[[Value], Value], float, float]] = [
    # name, f, f(3), f'(3)
    ("v + 2", lambda v: v + 2, 5.0, 1.0),
    ("2 + v", lambda v: 2 + v, 5.0, 1.0),
    ("v - 2", lambda v: v - 2, 1.0, 1.0),
    ("2 - v", lambda v: 2 - v, -1.0, -1.0),
    ("v * 2", lambda v: v * 2, 6.0, 2.0),
    ("2 * v", lambda v: 2 * v, 6.0, 2.0),
    ("v / 2", lambda v: v / 2, 1.5, 0.5),
    ("2 / v", lambda v: 2 / v, 2 / 3, -2 / 9),
    ("v ** 2", lambda v: v**2, 9.0, 6.0),
    ("2 ** v", lambda v: 2**v, 8.0, 8.0 * math.log(2.0)),
    ("v ** v", lambda v: v**v, 27.0, 27.0 * (math.log(3.0) + 1.0)),
    ("v ** Value(2)", lambda v: v ** Value(2), 9.0, 6.0),
    ("v ** 0.5", lambda v: v**0.5, math.sqrt(3.0), 0.5 / math.sqrt(3.0)),
    ("-v", lambda v: -v, -3.0, -1.0),
    ("abs(-v)", lambda v: abs(-v), 3.0, 1.0),
    ("v.exp()", lambda v: v.exp(), math.exp(3.0), math.exp(3.0)),
    ("v.log()", lambda v: v.log(), math.log(3.0), 1 / 3),
    ("v.sqrt()", lambda v: v.sqrt(), math.sqrt(3.0), 0.5 / math.sqrt(3.0)),
    ("v.tanh()", lambda v: v.tanh(), math.tanh(3.0), 1 - math.tanh(3.0) ** 2),
    (
        "v.sigmoid()",
        lambda v: v.sigmoid(),
        1 / (1 + math.exp(-3.0)),
        math.exp(-3.0) / (1 + math.exp(-3.0)) ** 2,
    ),
    ("v.relu()", lambda v: v.relu(), 3.0, 1.0),
    ("(-v).relu()", lambda v: (-v).relu(), 0.0, 0.0),
    ("v.abs()", lambda v: v.abs(), 3.0, 1.0),
    ("v.max(1)", lambda v: v.max(1), 3.0, 1.0),
    ("v.max(5)", lambda v: v.max(5), 5.0, 0.0),
    ("v.min(1)", lambda v: v.min(1), 1.0, 0.0),
    ("v.min(5)", lambda v: v.min(5), 3.0, 1.0),
]


@pytest.mark.parametrize(("name", "f", "value", "slope"), CASES, ids=[c[0] for c in CASES])
def test_operator_values_and_gradients(
    name: str, f: Callable[[Value], Value], value: float, slope: float
) -> None:
    v = Value(x0)
    out = f(v)
    assert isinstance(out, Value)
    out.backward()
    assert out.data == pytest.approx(value, rel=1e-12)
    assert v.grad == pytest.approx(slope, rel=1e-12, abs=0.0)


@pytest.mark.parametrize(
    ("expr", "symbol"),
    [
        (lambda v: v + 1, "+"),
        (lambda v: 1 - v, "-"),
        (lambda v: v * 1, "*"),
        (lambda v: 1 / v, "/"),
        (lambda v: 2**v, "**"),
        (lambda v: -v, "neg"),
        (lambda v: abs(v), "abs"),
        (lambda v: v.exp(), "exp"),
        (lambda v: v.max(0), "max"),
    ],
)
def test_each_gate_records_its_symbol(expr: Callable[[Value], Value], symbol: str) -> None:
    assert expr(Value(2.0)).op == symbol


def test_reflected_operators_keep_argument_order() -> None:
    x = Value(3.0)
    out = 2 - x
    assert out.parents[1] is x
    assert (out.parents[0].data, out.parents[0].op) == (2.0, "")
    power = 2**x
    assert power.parents[1] is x
    assert power.parents[0].data == 2.0


def test_augmented_assignment_rebinds_to_a_new_node() -> None:
    x = Value(3.0)
    old = x
    x += 1
    assert x is not old
    assert (x.data, x.op) == (4.0, "+")
    assert x.parents[0] is old
    assert (old.data, old.op, old.parents) == (3.0, "", ())


def test_operators_refuse_what_is_not_a_real_number() -> None:
    with pytest.raises(TypeError, match="bool"):
        Value(1.0) + True
    with pytest.raises(TypeError, match="str"):
        Value(2.0) - "a"  # type: ignore[operator]


def test_parents_in_argument_order_with_duplicates() -> None:
    x, y = Value(2.0, "x"), Value(5.0, "y")
    square = x * x
    assert len(square.parents) == 2
    assert square.parents[0] is x and square.parents[1] is x
    diff = y - x
    assert diff.parents[0] is y and diff.parents[1] is x


# ---- comparisons, equality, hashing ---------------------------------------------------


def test_comparisons_look_at_data_and_return_bool() -> None:
    a, b = Value(1.0), Value(2.0)
    # A number on the left runs the Value's reflected comparison.
    results = [a < b, a <= b, b > a, b >= a, a < 2, 1 < b, a >= 1, 3 > b]  # noqa: SIM300
    assert results == [True] * 8
    assert all(type(r) is bool for r in results)
    assert (b < a, a > b, a > 1) == (False, False, False)


def test_sorted_and_builtin_max_work() -> None:
    vs = [Value(3.0), Value(-1.0), Value(2.0)]
    assert [v.data for v in sorted(vs)] == [-1.0, 2.0, 3.0]
    assert max(vs) is vs[0]
    assert min(vs) is vs[1]


def test_equality_and_hash_are_identity() -> None:
    a, b = Value(1.0), Value(1.0)
    assert (a == b) is False
    assert a != b
    assert a == a
    table = {a: "a", b: "b"}
    assert len(table) == 2
    assert table[a] == "a" and table[b] == "b"
    assert len({a, b, a}) == 2


# ---- module functions -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "x", "expected"),
    [
        ("exp", 2.0, math.exp(2.0)),
        ("log", 2.0, math.log(2.0)),
        ("sqrt", 2.0, math.sqrt(2.0)),
        ("tanh", 2.0, math.tanh(2.0)),
        ("sigmoid", 2.0, 1 / (1 + math.exp(-2.0))),
        ("relu", -2.0, 0.0),
        ("abs", -2, 2.0),
    ],
)
def test_module_functions_take_numbers_or_values(name: str, x: float, expected: float) -> None:
    fn = getattr(scalargrad, name)
    from_number = fn(x)
    assert isinstance(from_number, Value)
    assert from_number.data == pytest.approx(expected, rel=1e-15)
    leaf = Value(x)
    from_value = fn(leaf)
    assert from_value.parents == (leaf,)
    assert from_value.data == from_number.data


def test_module_max_and_min_of_many() -> None:
    xs: list[Value | int] = [Value(1.0), 7, Value(5.0), Value(-2.0)]
    biggest = scalargrad.max(*xs)
    smallest = scalargrad.min(*xs)
    assert (biggest.data, smallest.data) == (7.0, -2.0)
    (biggest + smallest).backward()
    assert [v.grad for v in xs if isinstance(v, Value)] == [0.0, 0.0, 1.0]


def test_module_max_of_one_is_a_gate_that_passes_its_gradient() -> None:
    v = Value(4.0)
    out = scalargrad.max(v)
    assert (out.op, out.parents, out.data) == ("max", (v,), 4.0)
    out.backward()
    assert v.grad == 1.0
    assert scalargrad.min(3).data == 3.0


@pytest.mark.parametrize("name", ["max", "min"])
def test_module_max_and_min_need_an_argument(name: str) -> None:
    with pytest.raises(TypeError, match=rf"^{name} takes at least one input, got none"):
        getattr(scalargrad, name)()


@pytest.mark.parametrize("name", ["max", "min"])
@pytest.mark.parametrize("other", ["a", None, True, [1.0]])
def test_max_and_min_refuse_a_non_number_instead_of_returning_notimplemented(
    name: str, other: object
) -> None:
    with pytest.raises(TypeError, match=rf"Value\.{name}\(\) takes a Value or a real number"):
        getattr(Value(1.0), name)(other)
    with pytest.raises(TypeError, match=rf"got {type(other).__name__} "):
        getattr(scalargrad, name)(1.0, other)
