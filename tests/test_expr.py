"""expr(): typed expressions parsed with ast and a whitelist, with clear errors."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scalargrad
from scalargrad import (
    DomainError,
    ExprError,
    ScalarGradError,
    ScalarOverflowError,
    ScalarZeroDivisionError,
    Value,
    expr,
)
from scalargrad.expr.parse import MAX_LENGTH, MAX_NESTING, MAX_OPERATORS

# ---- building graphs ---------------------------------------------------------------


def grads(text: str, **values: float) -> tuple[float, dict[str, float]]:
    out, inputs = expr(text, **values)
    out.backward()
    return out.data, {name: leaf.grad for name, leaf in inputs.items()}


def test_cs231n_circuit() -> None:
    assert grads("(x+y)*z", x=-2, y=5, z=-4) == (-12.0, {"x": -4.0, "y": -4.0, "z": 3.0})


def test_cs231n_routing_through_max() -> None:
    value, g = grads("2*(x*y + max(z, w))", x=3, y=-4, z=2, w=-1)
    assert value == -20.0
    assert g == {"x": -8.0, "y": 6.0, "z": 2.0, "w": 0.0}


def test_cs231n_neuron() -> None:
    value, g = grads("sigmoid(w0*x0 + w1*x1 + w2)", w0=2, x0=-1, w1=-3, x1=-2, w2=-3)
    assert value == pytest.approx(0.7310585786, abs=1e-10)
    expected = {
        "w0": -0.1966119332,
        "x0": 0.3932238664,
        "w1": -0.3932238664,
        "x1": -0.5898357997,
        "w2": 0.1966119332,
    }
    assert g == pytest.approx(expected, abs=1e-10)


def test_apples_and_oranges() -> None:
    value, g = grads("(apple*n_a + orange*n_o)*tax", apple=100, n_a=2, orange=150, n_o=3, tax=1.1)
    assert value == 715.0000000000001
    assert g == pytest.approx({"apple": 2.2, "n_a": 110, "orange": 3.3, "n_o": 165, "tax": 650})


def test_same_graph_as_writing_it_in_python() -> None:
    out, inputs = expr("x*y + exp(x) / (1 + y**2)", x=0.5, y=-1.5)
    x, y = Value(0.5), Value(-1.5)
    ref = x * y + x.exp() / (1 + y**2)
    out.backward()
    ref.backward()
    assert out.data == ref.data
    assert (inputs["x"].grad, inputs["y"].grad) == (x.grad, y.grad)
    assert [n.op for n in scalargrad.topological_order(out)] == [
        n.op for n in scalargrad.topological_order(ref)
    ]


def test_inputs_in_order_of_first_appearance_labelled_with_their_names() -> None:
    out, inputs = expr("z*y + x*z + y", x=1, y=2, z=3)
    assert list(inputs) == ["z", "y", "x"]
    for name, leaf in inputs.items():
        assert leaf.label == name
        assert leaf.op == ""
    assert out.data == 3 * 2 + 1 * 3 + 2


def test_a_variable_used_twice_is_one_leaf_with_two_wires() -> None:
    out, inputs = expr("x*x", x=3)
    assert out.parents == (inputs["x"], inputs["x"])
    out.backward()
    assert inputs["x"].grad == 6.0


def test_a_value_given_is_used_as_it_is() -> None:
    w = Value(2.0, "weight")
    out, inputs = expr("w*x + w", w=w, x=5)
    assert inputs["w"] is w
    assert w.label == "weight"
    out.backward()
    assert w.grad == 6.0


def test_numbers_are_floats_and_a_signed_number_is_one_constant() -> None:
    out, inputs = expr("7")
    assert inputs == {}
    assert type(out.data) is float and out.data == 7.0
    neg, _ = expr("-3")
    assert neg.op == "" and neg.data == -3.0
    plus, _ = expr("+2.5")
    assert plus.op == "" and plus.data == 2.5
    assert expr("2**-1")[0].data == 0.5
    assert expr("1e-3 * 2")[0].data == 0.002
    assert expr("10 / 4")[0].data == 2.5  # float division, never integer division


def test_unary_minus_on_a_variable_is_a_neg_gate() -> None:
    out, inputs = expr("-x", x=4)
    assert out.op == "neg" and out.parents == (inputs["x"],)
    assert expr("--x", x=4)[0].data == 4.0
    plus, plus_inputs = expr("+x", x=4)
    assert plus is plus_inputs["x"]  # unary plus adds no gate
    # Python's precedence: -2**2 is -(2**2)
    assert expr("-2**2")[0].data == -4.0


@pytest.mark.parametrize(
    ("name", "x"),
    [
        ("exp", 0.7),
        ("log", 2.5),
        ("sqrt", 6.25),
        ("tanh", -0.3),
        ("sigmoid", 1.2),
        ("relu", -2.0),
        ("relu", 2.0),
        ("abs", -3.5),
    ],
)
def test_each_unary_function(name: str, x: float) -> None:
    out, inputs = expr(f"{name}(x)", x=x)
    ref = getattr(scalargrad, name)(Value(x))
    assert out.data == ref.data
    assert out.op == ref.op and out.parents == (inputs["x"],)


def test_max_and_min_take_one_or_more_arguments() -> None:
    assert expr("max(x)", x=2)[0].data == 2.0
    assert expr("max(x, y, z)", x=2, y=7, z=-1)[0].data == 7.0
    assert expr("min(x, y, z)", x=2, y=7, z=-1)[0].data == -1.0
    assert expr("max(1, 2)")[0].data == 2.0


def test_blanks_and_line_breaks_are_fine() -> None:
    out, _ = expr("  \t x\n   + y * (2\n)  ", x=1, y=3)
    assert out.data == 7.0


def test_any_name_can_be_a_variable_even_text() -> None:
    assert expr("text * 2", text=3)[0].data == 6.0


def test_unicode_names() -> None:
    out, inputs = expr("αβ * 2", αβ=3)
    assert list(inputs) == ["αβ"] and out.data == 6.0


def test_a_long_flat_sum_is_within_bounds() -> None:
    text = "+".join(["x"] * (MAX_OPERATORS + 1))
    out, inputs = expr(text, x=1)
    out.backward()
    assert out.data == MAX_OPERATORS + 1
    assert inputs["x"].grad == MAX_OPERATORS + 1


def test_nesting_up_to_the_bound_works() -> None:
    text = "(" * MAX_NESTING + "x" + ")" * MAX_NESTING
    assert expr(text, x=2)[0].data == 2.0
    deep_calls = "tanh(" * (MAX_NESTING - 1) + "x" + ")" * (MAX_NESTING - 1)
    assert expr(deep_calls, x=0.5)[0].op == "tanh"


def test_exports() -> None:
    assert "expr" in scalargrad.__all__ and "ExprError" in scalargrad.__all__
    assert issubclass(ExprError, ValueError)


# ---- errors: what and where ------------------------------------------------------------


def error(text: str, **values: object) -> ExprError:
    with pytest.raises(ExprError) as info:
        expr(text, **values)  # type: ignore[arg-type]
    return info.value


@pytest.mark.parametrize(
    ("text", "what", "column"),
    [
        ("2*(x+", "'(' was never closed", 3),
        ("x)", "unmatched ')'", 2),
        ("1 +", "invalid syntax", 4),
        ("x +* y", "invalid syntax", 4),
        ("exp(x,,y)", "invalid syntax", 7),
        ("x y", "invalid syntax", 3),
        ("x = 3", "invalid syntax", 3),
        ("  x y", "invalid syntax", 5),
        ("'abc", "unterminated string", 1),
        ("foo(x)", "unknown function 'foo'", 1),
        ("x + print(x)", "unknown function 'print'", 5),
        ("exp(x, y)", "exp() takes exactly 1 argument, got 2", 1),
        ("max()", "max() takes at least 1 argument, got 0", 1),
        ("exp(x=1)", "keyword argument 'x' in exp()", 5),
        ("max(*x)", "unpacking ('*') in max()", 5),
        ("exp + 1", "'exp' is a function, not a variable", 1),
        ("x ^ 2", "operator '^' is not allowed", 3),
        ("x // 2", "operator '//' is not allowed", 3),
        ("x % 2", "operator '%' is not allowed", 3),
        ("~x", "operator '~' is not allowed", 1),
        ("not x", "operator 'not' is not allowed", 1),
        ("x and y", "'and' / 'or' is not allowed", 1),
        ("x < y", "a comparison is not allowed", 1),
        ("x.real", "attribute access ('.real') is not allowed", 1),
        ("1 + x[0]", "indexing ('[...]') is not allowed", 5),
        ("x if y else 1", "a conditional", 1),
        ("(x := 3)", "an assignment (':=') is not allowed", 2),
        ("x, y", "a tuple", 1),
        ("[x]", "a list is not allowed", 1),
        ("{}", "a dict is not allowed", 1),
        ("f'{x}'", "an f-string is not allowed", 1),
        ("3(x)", "calling a number is not allowed", 1),
        ("True + x", "a bool True is not a number", 1),
        ("x + 'a'", "a string 'a' is not a number", 5),
        ("2j", "a complex 2j is not a number", 1),
        ("None", "the constant None is not a number", 1),
        ("x # note", "'#' is not allowed", 3),
        ("x\x00", "control character U+0000 is not allowed", 2),
        ("9" * 400, "number too large for a float", 1),
        ("x\xa0+ y", "invalid non-printable character U+00A0", 2),
    ],
)
def test_refused_with_what_and_column(text: str, what: str, column: int) -> None:
    err = error(text, x=1, y=2)
    assert what in err.summary
    assert err.column == column
    assert f"at column {column}" in err.summary
    # the caret line: the text, then '^' under the offending character
    if len(text) > 72:
        return  # a window of a long line: see test_caret_in_a_long_line_shows_a_window
    summary, line, caret = str(err).split("\n")
    assert summary == err.summary
    assert line == "  " + text.strip("\n")
    assert caret == "  " + " " * (column - 1) + "^"


def test_caret_counts_characters_not_bytes() -> None:
    err = error("αβ + y.z", αβ=1, y=2)
    assert err.column == 6  # the '.' ... of y.z: the node starts at y
    assert str(err).split("\n")[2] == "  " + " " * 5 + "^"


def test_position_on_a_later_line() -> None:
    err = error("x\n + (y\n  +* 3)", x=1, y=2)
    assert (err.line, err.column) == (3, 4)
    assert "at line 3, column 4" in err.summary
    assert str(err).split("\n")[1:] == ["    +* 3)", "     ^"]


def test_caret_in_a_long_line_shows_a_window() -> None:
    text = "x + " * 200 + "x y"
    err = error(text, x=1, y=2)
    _, line, caret = str(err).split("\n")
    assert len(line) < 100 and line.startswith("  ...")
    assert line[caret.index("^")] == "y"


def test_a_variable_with_no_value() -> None:
    err = error("x*y + z", x=1, y=2)
    assert err.summary.startswith("variable 'z' has no value at column 7")
    assert "the variables are x, y, z" in err.summary


def test_a_value_for_a_name_not_in_the_expression_is_refused() -> None:
    err = error("x*y", x=1, y=2, X=3)
    assert "a value was given for 'X', which the expression does not use" in err.summary
    assert err.offset is None


@pytest.mark.parametrize("value", [True, "3", None, [1.0], 1j])
def test_a_value_that_is_not_a_number(value: object) -> None:
    err = error("x + 1", x=value)
    assert f"the value of 'x' is not a number: {type(value).__name__}" in err.summary


def test_a_value_too_large_for_a_float() -> None:
    err = error("x + 1", x=10**400)
    assert err.summary == "the value of 'x' is too large for a float; the largest is about 1.8e308"


def test_empty_expression() -> None:
    assert "empty expression" in error("   ").summary


def test_a_non_string_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="an expression is a str, got int"):
        expr(3)  # type: ignore[arg-type]


def test_engine_errors_come_through_unchanged() -> None:
    with pytest.raises(DomainError, match=r"log\(-1.0\)"):
        expr("log(x)", x=-1)
    with pytest.raises(ScalarZeroDivisionError):
        expr("x / (y - y)", x=1, y=2)
    with pytest.raises(ScalarOverflowError, match="exp overflow"):
        expr("exp(x)", x=1000)


# ---- hostile input: refused quickly, nothing run -------------------------------------

HOSTILE: list[tuple[str, str, type[Exception], str]] = [
    ("import", "__import__('os').system('touch pwned')", ExprError, "calling attribute access"),
    ("import-call", "__import__('os')", ExprError, "unknown function '__import__'"),
    ("eval", "eval('1')", ExprError, "unknown function 'eval'"),
    ("dunder", "().__class__", ExprError, "attribute access ('.__class__')"),
    (
        "subclasses",
        "().__class__.__bases__[0].__subclasses__()",
        ExprError,
        "calling attribute access",
    ),
    ("lambda", "(lambda: 1)()", ExprError, "calling a lambda"),
    ("lambda-bare", "lambda x: x", ExprError, "a lambda is not allowed"),
    ("listcomp", "[x for x in (1, 2)]", ExprError, "a comprehension"),
    ("genexp", "max(x for x in (1, 2))", ExprError, "a comprehension"),
    ("power-tower", "9**9**9", ScalarOverflowError, "result too large in '**'"),
    ("power-tower-4", "9**9**9**9", ScalarOverflowError, "result too large in '**'"),
    ("nested-parens", "(" * 10_000 + "1" + ")" * 10_000, ExprError, "expression too long"),
    ("nested-parens-5000", "(" * 4_999 + "1" + ")" * 4_999, ExprError, "nested too deeply"),
    ("nested-calls", "exp(" * 1_500 + "1" + ")" * 1_500, ExprError, "nested too deeply"),
    ("unary-chain", "-" * 9_000 + "1", ExprError, "too many operators"),
    ("power-chain", "1**" * 3_000 + "1", ExprError, "too many operators"),
    ("not-chain", "not " * 2_400 + "1", ExprError, "operator 'not' is not allowed"),
    ("megabyte", "1+" * 500_000 + "1", ExprError, "expression too long"),
    ("huge-int", "9" * 5_000, ExprError, "number with too many digits"),
    ("walrus", "(os := 1)", ExprError, "an assignment"),
    ("fstring", "f'{__import__(\"os\")}'", ExprError, "an f-string"),
]


@pytest.mark.parametrize(
    ("text", "kind", "message"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE]
)
def test_hostile_input_is_refused_quickly(
    text: str, kind: type[Exception], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    start = time.perf_counter()
    with pytest.raises(kind) as info:
        expr(text)
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0, f"took {elapsed:.3f} s"  # a safety bound, not a benchmark
    shown = info.value.summary if isinstance(info.value, ExprError) else str(info.value)
    assert message in shown
    assert list(tmp_path.iterdir()) == []  # nothing ran: no file was touched


def test_length_and_nesting_bounds_are_exact() -> None:
    assert "the limit is 10000" in error("1" * (MAX_LENGTH + 1)).summary
    expr("1" + " " * (MAX_LENGTH - 1))
    err = error("(" * (MAX_NESTING + 1) + "1" + ")" * (MAX_NESTING + 1))
    assert err.column == MAX_NESTING + 1


# ---- fuzz: any text gives a Value or a clear error, never anything else -------------------

TOKENS = [
    "x", "y", "1", "2.5", "0", "+", "-", "*", "/", "**", "(", ")", ",", " ",
    "exp", "log", "sqrt", "max", "min", "relu", "abs", ".", "[", "]", "e", "'", "=", "lambda",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=14))
def test_any_token_soup_gives_a_value_or_a_clear_error(tokens: list[str]) -> None:
    text = "".join(tokens)
    try:
        out, inputs = expr(text, **{n: 0.5 for n in ("x", "y") if n in tokens})
    except ExprError as err:
        assert err.summary and "\n" not in err.summary
        assert err.offset is None or 0 <= err.offset <= len(text)
    except ScalarGradError:
        pass  # log(0), 0/0, ... : the engine's own clear errors
    else:
        assert isinstance(out, Value)
        assert type(out.data) is float
        assert set(inputs) <= {"x", "y"}
