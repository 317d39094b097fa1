"""``scalargrad.compile`` by example: what it refuses and how it says so, batches and
their errors, what a Compiled exposes, training with it, its memory, and NumPy as an
optional dependency. Random trees against the engine are in test_compile_properties.py.
"""

from __future__ import annotations

import inspect
import math
import re
import subprocess
import sys
import tracemalloc
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import scalargrad as sg
from scalargrad import OPS, CompileError, DomainError, Op, Value, losses, optim
from scalargrad.errors import ScalarGradError, ScalarOverflowError, ScalarZeroDivisionError
from scalargrad.nn import MLP

ROOT = Path(__file__).resolve().parent.parent
THIS_FILE = Path(__file__).name


@pytest.fixture(autouse=True)
def _no_warnings() -> Iterator[None]:
    # Nothing compile does may warn (NumPy's RuntimeWarning on NaN or inf included).
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# ---- decisions on a Value's number are refused, naming the line ---------------------------


def branchy(x: Value) -> Value:
    if x > 0:
        return x
    return -x


def test_a_branch_is_refused_naming_the_file_the_line_and_its_text() -> None:
    with pytest.raises(CompileError) as info:
        sg.compile(branchy, 1.0)
    message = str(info.value)
    line = branchy.__code__.co_firstlineno + 1
    assert f"{THIS_FILE}, line {line}: `if x > 0:`" in message
    assert "compares a Value (>)" in message
    assert "scalargrad.max, min, relu" in message  # what to write instead
    assert isinstance(info.value, TypeError) and isinstance(info.value, ScalarGradError)
    # tracing is over: the same comparison outside compile is allowed again
    assert Value(1.0) > 0 and branchy(Value(-2.0)).data == 2.0


def uses_bool(x: Value) -> Value:
    return x * 2.0 if bool(x) else x


def uses_sorted(x: Value, y: Value) -> Value:
    return sorted([x, y])[0] * 1.0


def uses_data(x: Value) -> Value:
    return x * x.data


def uses_item(x: Value) -> Value:
    return x * x.item()


def uses_python_max(x: Value, y: Value) -> Value:
    return max(x, y) * 1.0


def uses_format(x: Value) -> Value:
    return x * float(f"{x:.3f}")


def uses_or(x: Value, y: Value) -> Value:
    return (x or y) * 1.0


def uses_le(x: Value, y: Value) -> Value:
    return x if x <= y else y


REFUSED: list[tuple[Callable[..., Value], str]] = [
    (uses_bool, "tests the truth of a Value"),
    (uses_sorted, "compares a Value (<)"),
    (uses_data, "reads .data of a Value"),
    (uses_item, "calls .item() on a Value"),
    (uses_python_max, "compares a Value (>)"),
    (uses_format, "formats a Value's number"),
    (uses_or, "tests the truth of a Value"),
    (uses_le, "compares a Value (<=)"),
]


@pytest.mark.parametrize(("fn", "what"), REFUSED, ids=[fn.__name__ for fn, _ in REFUSED])
def test_every_way_of_reading_the_number_is_refused(fn: Callable[..., Value], what: str) -> None:
    args = [1.5, 0.5][: fn.__code__.co_argcount]
    fn(*[Value(a) for a in args])  # the engine itself runs it
    with pytest.raises(CompileError) as info:
        sg.compile(fn, *args)
    message = str(info.value)
    assert what in message
    line = fn.__code__.co_firstlineno + 1
    text = Path(__file__).read_text(encoding="utf-8").splitlines()[line - 1].strip()
    assert f"{THIS_FILE}, line {line}: `{text}`" in message


def _abs_by_hand(v: Value) -> Value:
    if v < 0.0:
        return -v
    return v


def test_the_line_named_is_the_innermost_one_outside_scalargrad() -> None:
    # inside a helper of the user's: the helper's line, not the lambda's
    with pytest.raises(CompileError) as info:
        sg.compile(lambda x: _abs_by_hand(x) * 2.0, 1.0)
    line = _abs_by_hand.__code__.co_firstlineno + 1
    assert f"{THIS_FILE}, line {line}: `if v < 0.0:`" in str(info.value)


def test_the_gates_that_decide_are_accepted() -> None:
    w = Value(0.5, "w")
    c = sg.compile(lambda x: sg.max(x, w) + sg.relu(x) + sg.abs(x) + sg.clamp(x, -1, 1), 1.0)
    X = np.array([-2.0, 0.0, 0.5, 3.0])
    expected = [max(x, 0.5) + max(x, 0.0) + abs(x) + min(max(x, -1.0), 1.0) for x in X]
    assert c(X).tolist() == expected


def test_an_op_without_a_vector_rule_is_refused_by_name() -> None:
    cube = Op("cube_plain", "$x^3$", lambda x: x**3, lambda out, x: (3.0 * x * x,))
    assert (cube(Value(2.0)) + 1.0).data == 9.0  # the engine runs it
    with pytest.raises(CompileError) as info:
        sg.compile(lambda x: cube(x) + 1.0, 2.0)
    message = str(info.value)
    assert "op 'cube_plain'" in message
    assert "vforward=" in message and "vlocal=" in message
    with pytest.raises(TypeError, match="give both vforward and vlocal"):
        Op("half", "$x^3$", lambda x: x**3, lambda out, x: (3.0 * x * x,),
           vforward=lambda xp, x: x**3)


def test_every_op_of_the_table_has_vector_rules() -> None:
    missing = [name for name, op in OPS.items() if op.vforward is None or op.vlocal is None]
    assert missing == []


def test_a_users_vector_rules_of_the_wrong_shape_are_named() -> None:
    def forward(x: float) -> float:
        return 2.0 * x

    bad_forward = Op("bad_forward", "$2x$", forward, lambda out, x: (2.0,),
                     vforward=lambda xp, x: xp.zeros(7), vlocal=lambda xp, out, x: (2.0,))
    with pytest.raises(TypeError, match=r"op 'bad_forward': vforward must return"):
        sg.compile(lambda x: bad_forward(x), 1.0)(np.zeros(3))
    bad_local = Op("bad_local", "$2x$", forward, lambda out, x: (2.0,),
                   vforward=lambda xp, x: 2.0 * x, vlocal=lambda xp, out, x: (2.0, 1.0))
    with pytest.raises(TypeError, match=r"op 'bad_local': vlocal must return a tuple of 1"):
        sg.compile(lambda x: bad_local(x), 1.0).backward(np.zeros(3))


# ---- what compile takes and what a traced function returns --------------------------------


@pytest.mark.parametrize(
    "example",
    [Value(1.0), "1.0", None, True, 1 + 2j, [], [1.0, "2"], [Value(1.0)], [[1.0, 2.0]]],
    ids=["Value", "str", "None", "bool", "complex", "empty", "str-in-list", "Value-in-list",
         "nested"],
)
def test_an_example_argument_that_is_not_numbers_is_refused(example: object) -> None:
    with pytest.raises(TypeError, match=r"compile: example argument 1 must be a number or a "
                                        r"non-empty list of numbers, got"):
        sg.compile(lambda x, y: x * 2.0, 1.0, example)


def test_a_value_as_example_says_parameters_are_found_by_themselves() -> None:
    with pytest.raises(TypeError, match=r"got a Value; the Values fn reads .* need not be passed"):
        sg.compile(lambda x: x * 2.0, Value(1.0))


@pytest.mark.parametrize("result", [3.0, None, [], "x", (1.0,)], ids=repr)
def test_a_function_must_return_values(result: object) -> None:
    with pytest.raises(TypeError, match=r"compile: <lambda> must return a Value or a non-empty "
                                        r"list of Values, got"):
        sg.compile(lambda x: result, 1.0)


def test_a_list_mixing_values_and_numbers_is_not_a_result() -> None:
    with pytest.raises(TypeError, match="must return a Value or a non-empty list of Values"):
        sg.compile(lambda x: [x * 2.0, 1.0], 1.0)


def test_fn_must_be_callable() -> None:
    with pytest.raises(TypeError, match="compile: fn must be callable, got float"):
        sg.compile(3.0, 1.0)  # type: ignore[arg-type]


# ---- batches: layout, broadcasting, refusals ----------------------------------------------


def _pair() -> sg.Compiled:
    return sg.compile(lambda x, y: x * y + y, 1.0, 2.0)


def test_one_example_gives_a_float_a_batch_an_array() -> None:
    c = _pair()
    assert c(2.0, 3.0) == 9.0 and type(c(2.0, 3.0)) is float
    out = c(np.array([1.0, 2.0]), np.array([3.0, 4.0]))
    assert isinstance(out, np.ndarray) and out.shape == (2,) and out.tolist() == [6.0, 12.0]
    # nested lists, tuples, ints, float32 and int arrays are batches too
    assert c([1, 2], (3.0, 4.0)).tolist() == [6.0, 12.0]
    assert c(np.array([1, 2], dtype=np.int32), np.array([3, 4], dtype=np.float32)).tolist() \
        == [6.0, 12.0]


def test_an_unbatched_argument_is_every_examples() -> None:
    c = _pair()
    X = np.linspace(-1.0, 1.0, 7)
    assert c(X, 3.0).tolist() == c(X, np.full(7, 3.0)).tolist() == [x * 3 + 3 for x in X]
    assert c(2.0, X).tolist() == [2 * y + y for y in X]
    lists = sg.compile(lambda x, v: x * v[0] - v[1], 1.0, [1.0, 2.0])
    V = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    assert lists(2.0, V).tolist() == [0.0, 2.0, 4.0]
    assert lists(np.array([1.0, 2.0, 3.0]), [2.0, 1.0]).tolist() == [1.0, 3.0, 5.0]
    assert lists(2.0, [2.0, 1.0]) == 3.0


def test_the_batched_arguments_must_agree_on_the_batch_size() -> None:
    with pytest.raises(ValueError) as info:
        _pair()(np.zeros(3), np.zeros(4))
    message = str(info.value)
    assert "different numbers of examples" in message
    assert "argument 0: 3 examples" in message and "argument 1: 4 examples" in message


def test_ragged_rows_are_refused() -> None:
    c = sg.compile(lambda v: v[0] * v[1], [1.0, 2.0])
    with pytest.raises(ValueError, match="compiled <lambda>: argument 0 is ragged"):
        c([[1.0, 2.0], [3.0]])


@pytest.mark.parametrize(
    "batch", [[1.0, 2.0, 3.0], np.zeros((4, 3)), [[1.0], [2.0]]], ids=["one", "batch", "short"]
)
def test_a_list_argument_of_the_wrong_length_is_refused(batch: object) -> None:
    c = sg.compile(lambda v: v[0] * v[1], [1.0, 2.0])
    with pytest.raises(ValueError, match=r"argument 0 must be a list of 2 numbers, or a batch "
                                         r"of shape \(B, 2\)"):
        c(batch)


def test_a_number_argument_with_a_row_per_example_is_refused() -> None:
    with pytest.raises(ValueError, match=r"argument 1 must be a number, or a batch of numbers "
                                         r"of shape \(B,\), got shape \(3, 1\)"):
        _pair()(1.0, np.zeros((3, 1)))


def test_an_empty_batch_is_refused() -> None:
    with pytest.raises(ValueError, match=r"an empty batch \(0 examples\)"):
        _pair()(np.zeros(0), 1.0)


@pytest.mark.parametrize(
    ("bad", "found"),
    [
        (["a", "b"], "found str 'a'"),
        ("ab", "found str 'ab'"),
        ([1.0, 1 + 2j], r"found complex \(1\+2j\)"),
        ([1.0, True], "found bool True"),
        (False, "found bool False"),
        ([Value(1.0), 2.0], "found Value .*pass numbers: a Value's graph would not change"),
        (None, "found NoneType None"),
        ([None, 1.0], "found NoneType None"),
        (np.array(["a", "b"]), "got an array of <U1"),
        (np.array([1 + 1j, 2.0]), "got an array of complex128"),
        (np.array([True, False]), "got an array of bool"),
        (np.array([1.0, None]), "got an array of object"),
    ],
    ids=["strs", "str", "complex", "bool-in-list", "bool", "Value", "None", "None-in-list",
         "str-array",
         "complex-array", "bool-array", "object-array"],
)
def test_batch_data_that_is_not_real_numbers_is_refused_naming_the_argument(
    bad: object, found: str
) -> None:
    with pytest.raises(TypeError, match=rf"compiled <lambda>: argument 1 must hold real numbers.*"
                                        rf"{found}"):
        _pair()(np.zeros(2), bad)


@pytest.mark.parametrize("args", [(1.0,), (1.0, 2.0, 3.0), ()], ids=["1", "3", "0"])
def test_the_number_of_arguments_is_the_traced_one(args: tuple[float, ...]) -> None:
    with pytest.raises(TypeError, match=rf"compiled <lambda> takes 2 arguments \(as traced\), "
                                        rf"got {len(args)}"):
        _pair()(*args)
    with pytest.raises(TypeError, match="takes 2 arguments"):
        _pair().backward(*args)


def test_a_list_of_outputs_gives_one_column_each() -> None:
    w = Value(4.0, "w")
    c = sg.compile(lambda x: [x * 2.0, w * 0.5, sg.exp(x)], 0.0)
    X = np.array([0.0, 1.0, -1.0])
    out = c(X)
    assert out.shape == (3, 3)
    assert out[:, 0].tolist() == [0.0, 2.0, -2.0]
    assert out[:, 1].tolist() == [2.0, 2.0, 2.0]  # an output reading only parameters
    assert out[:, 2].tolist() == [math.exp(x) for x in X]
    assert c(1.0) == [2.0, 2.0, math.e]


def test_backward_needs_one_output_and_a_known_reduction() -> None:
    several = sg.compile(lambda x: [x * 2.0, x + 1.0], 1.0)
    with pytest.raises(ValueError, match="returned 2 outputs; backward needs one"):
        several.backward(np.zeros(3))
    with pytest.raises(ValueError, match="reduce must be 'mean' or 'sum', got 'max'"):
        _pair().backward(np.zeros(3), 1.0, reduce="max")
    with pytest.raises(ValueError, match="reduce must be 'mean' or 'sum', got 'SUM'"):
        _pair().backward(np.zeros(3), 1.0, reduce="SUM")


# ---- errors of the engine, with the batch rows they happened in ---------------------------


def _engine_message(fn: Callable[[Value], Value], x: float) -> str:
    with pytest.raises(ScalarGradError) as info:
        fn(Value(x))
    return str(info.value)


def test_a_domain_error_names_its_batch_row() -> None:
    def fn(x: Value) -> Value:
        return sg.log(x) * 2.0

    c = sg.compile(fn, 1.0)
    X = np.linspace(0.5, 3.0, 30)
    X[17] = -1.0
    with pytest.raises(DomainError) as info:
        c(X)
    assert isinstance(info.value, ValueError)
    assert str(info.value) == f"{_engine_message(fn, -1.0)} (batch row 17)"
    X[20] = 0.0
    with pytest.raises(DomainError, match=r"log\(-1\.0\); log needs x > 0 \(batch rows 17, 20\)$"):
        c(X)


def test_one_example_raises_the_engines_error_unchanged() -> None:
    def fn(x: Value) -> Value:
        return sg.log(x) * 2.0

    with pytest.raises(DomainError) as info:
        sg.compile(fn, 1.0)(-1.0)
    assert str(info.value) == _engine_message(fn, -1.0)


def test_many_failing_rows_are_counted_after_ten() -> None:
    c = sg.compile(lambda x: sg.sqrt(x), 1.0)
    X = -np.arange(1.0, 14.0)  # 13 negative rows
    with pytest.raises(DomainError, match=r"\(batch rows 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 and 3 "
                                          r"more\)$"):
        c(X)


def test_division_by_zero_and_overflow_are_the_engines_errors() -> None:
    w = Value(1.0, "w")

    def div(x: Value) -> Value:
        return w / x

    c = sg.compile(div, 1.0)
    X = np.array([1.0, 2.0, 3.0, 0.0, 5.0])
    with pytest.raises(ScalarZeroDivisionError) as info:
        c(X)
    assert isinstance(info.value, ZeroDivisionError)
    assert str(info.value) == f"{_engine_message(div, 0.0)} (batch row 3)"
    with pytest.raises(ScalarZeroDivisionError, match=r"\(batch row 3\)$"):
        c.backward(X)
    assert w.grad == 0.0  # a call that failed added nothing

    def grow(x: Value) -> Value:
        return sg.exp(x * w)

    X = np.array([1.0, 1000.0])
    with pytest.raises(ScalarOverflowError) as info:
        sg.compile(grow, 1.0)(X)
    assert isinstance(info.value, OverflowError)
    assert str(info.value) == f"{_engine_message(grow, 1000.0)} (batch row 1)"


def test_a_parameter_that_left_the_domain_is_not_blamed_on_row_0() -> None:
    # log(w) reads no input: with w < 0 the engine fails on every example, so the
    # error cannot say that batch row 0 alone failed.
    w = Value(2.0, "w")
    c = sg.compile(lambda x: x * sg.log(w), 1.0)
    w.data = -1.0
    with pytest.raises(DomainError) as info:
        c(np.arange(5.0))
    rows = re.search(r"\(batch rows? ([\d, ]+)\)$", str(info.value))
    assert rows is None or rows.group(1) == "0, 1, 2, 3, 4", str(info.value)


# ---- NaN and infinity: the engine's numbers, no warning -----------------------------------


def test_nan_and_inf_go_through_as_in_the_engine() -> None:
    w = Value(0.5, "w")

    def fn(x: Value) -> Value:
        return sg.relu(x) * w + sg.max(x, w) + sg.exp(-x * x)

    c = sg.compile(fn, 1.0)
    X = np.array([math.nan, math.inf, -math.inf, 0.0, 2.0])
    got = c(X).tolist()
    expected = [fn(Value(x)).data for x in X.tolist()]
    assert len(got) == len(expected)
    for a, b in zip(got, expected, strict=True):
        assert a == b or (math.isnan(a) and math.isnan(b)), (got, expected)
    grads = []
    for x in X.tolist():
        w.grad = 0.0
        fn(Value(x)).backward()
        grads.append(w.grad)
    w.grad = 0.0
    c.backward(X, reduce="sum")
    assert math.isnan(w.grad) and math.isnan(sum(grads))
    w.grad = 0.0
    c.backward(X[2:], reduce="sum")  # -inf, 0, 2: no NaN among them
    assert w.grad == sum(grads[2:])


def test_a_sum_of_infinite_outputs_is_nan_without_a_warning() -> None:
    # The engine's per-example outputs are inf and -inf; their sum and mean are NaN,
    # quietly, as everywhere else.
    c = sg.compile(lambda x: x * 2.0, 1.0)
    assert math.isnan(c.backward(np.array([math.inf, -math.inf]), reduce="sum"))
    assert math.isnan(c.backward(np.array([math.inf, -math.inf]), reduce="mean"))


def test_an_infinite_slope_times_a_zero_gradient_is_nan_in_the_summed_gradient() -> None:
    # sqrt(w) at w = 0 has an infinite slope. The example with x = 0 sends it a gradient
    # of 0 (x * sqrt(w)): 0 * inf is NaN in the engine, so the sum over the examples is
    # NaN; the replay must not sum the examples' gradients before multiplying by inf.
    w = Value(0.0, "w")

    def fn(x: Value) -> Value:
        return x * sg.sqrt(w)

    per_example = []
    for x in (0.0, 1.0):
        w.grad = 0.0
        fn(Value(x)).backward()
        per_example.append(w.grad)
    assert math.isnan(per_example[0]) and per_example[1] == math.inf
    w.grad = 0.0
    sg.compile(fn, 1.0).backward(np.array([0.0, 1.0]), reduce="sum")
    assert math.isnan(w.grad), w.grad


# ---- what a Compiled shows ----------------------------------------------------------------


def test_root_inputs_and_parameters() -> None:
    w = Value(3.0, "w")
    made: list[Value] = []

    def f(x: Value, v: list[Value]) -> Value:
        out = sg.tanh(w * x + v[0] - v[1] * 0.25)
        made.append(out)
        return out

    c = sg.compile(f, 0.5, [1.0, 2.0])
    assert len(made) == 1 and c.root is made[0]  # traced once, and this is the trace
    assert c.outputs == (made[0],)
    assert c.root.data == math.tanh(3.0 * 0.5 + 1.0 - 2.0 * 0.25)
    assert [v.label for v in c.inputs] == ["x", "v[0]", "v[1]"]
    assert [v.data for v in c.inputs] == [0.5, 1.0, 2.0]
    assert c.parameters == (w,)  # the constant 0.25 is not a parameter
    assert c.gates >= 5 and "<compiled f: 3 inputs, 1 parameters" in repr(c)
    with pytest.raises(ValueError, match=r"has 2 outputs; pick one of \.outputs"):
        _ = sg.compile(lambda x: [x * 2.0, x + 1.0], 1.0).root


def test_a_squared_error_with_a_number_exponent_runs_the_fast_backward_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # d(x ** 2)/d2 is NaN for a negative base (PyTorch's rule too); the 2 is a constant
    # made from a number, not a parameter, so its NaN gradient is nobody's and does not
    # make backward run again in the exact (slow) way.
    import scalargrad.compiled.replay as replay

    model = MLP(2, [4, 1], seed=0)
    c = sg.compile(lambda x, y: (model(x) - y) ** 2, [0.0, 0.0], 0.0)
    assert len(c.parameters) == len(model.parameters())
    passes: list[bool] = []
    run = replay.Replay._backward

    def spy(self: Any, outputs: Any, seed: float, exact: bool) -> Any:
        passes.append(exact)
        return run(self, outputs, seed, exact)

    monkeypatch.setattr(replay.Replay, "_backward", spy)  # records, then runs the real one
    c.backward(np.array([[1.0, 2.0], [-1.0, 0.5]]), np.array([5.0, -5.0]))
    assert passes == [False]
    assert all(math.isfinite(p.grad) for p in model.parameters())


def test_a_parameters_data_is_read_at_each_call_and_backward_adds() -> None:
    w = Value(2.0, "w")
    c = sg.compile(lambda x: w * x * x, 1.0)
    X = np.array([1.0, 2.0, 3.0])
    assert c(X).tolist() == [2.0, 8.0, 18.0]
    w.data = -1.0
    assert c(X).tolist() == [-1.0, -4.0, -9.0]
    assert c.backward(X, reduce="sum") == -14.0
    assert w.grad == 14.0  # 1 + 4 + 9
    assert c.backward(X) == pytest.approx(-14.0 / 3, rel=1e-15)  # mean
    assert w.grad == pytest.approx(14.0 + 14.0 / 3, rel=1e-15)  # added, as backward() does


def test_a_function_of_parameters_only() -> None:
    w = Value(3.0, "w")
    c = sg.compile(lambda: w * w)
    assert c() == 9.0
    assert c.backward() == 9.0 and w.grad == 6.0
    w.grad = 0.0
    const = sg.compile(lambda x: w * 2.0, 1.0)  # reads no input: the same for every row
    assert const(np.zeros(4)).tolist() == [6.0] * 4
    assert const.backward(np.zeros(4), reduce="sum") == 24.0 and w.grad == 8.0


def test_the_module_docstrings_example() -> None:
    w = Value(2.0, "w")
    f = sg.compile(lambda x: (w * x).tanh(), 0.5)
    X = np.array([0.0, 0.5, 1.0])
    assert f(X).tolist() == [math.tanh(2.0 * x) for x in X]
    assert f.backward(X, reduce="sum") == pytest.approx(1.725622, abs=1e-6)
    assert w.grad == pytest.approx(sum(x * (1 - math.tanh(2 * x) ** 2) for x in X), rel=1e-12)


# ---- detach and no_grad inside a compiled function ----------------------------------------


def _line_of(fn: Callable[..., object], text: str) -> int:
    """The line of ``fn``'s source that holds ``text``."""
    lines, first = inspect.getsourcelines(fn)
    (found,) = [first + k for k, line in enumerate(lines) if text in line]
    return found


def test_detach_inside_is_per_example_or_refused() -> None:
    # x.detach() makes a new leaf holding x's number. Traced, that number is the example's:
    # the replay must not use it for every example.
    def f(x: Value) -> Value:
        return x * x.detach()

    X = np.array([1.0, 2.0, 3.0])
    try:
        c = sg.compile(f, 2.0)
    except CompileError as err:
        line = _line_of(f, "x.detach()")
        assert f"{THIS_FILE}, line {line}: `return x * x.detach()`" in str(err)
        return
    assert c(X).tolist() == [f(Value(x)).data for x in X.tolist()] == [1.0, 4.0, 9.0]


def test_no_grad_inside_is_per_example_or_refused() -> None:
    def f(x: Value) -> Value:
        with sg.no_grad():
            scale = x * 2.0
        return x + scale

    X = np.array([1.0, 2.0, 3.0])
    try:
        c = sg.compile(f, 2.0)
    except CompileError as err:
        line = _line_of(f, "scale = x * 2.0")
        assert f"{THIS_FILE}, line {line}: `scale = x * 2.0`" in str(err)
        assert sg.is_grad_enabled()  # the no_grad block was left
        return
    assert c(X).tolist() == [f(Value(x)).data for x in X.tolist()] == [3.0, 6.0, 9.0]


# ---- training -----------------------------------------------------------------------------


def _mse(model: MLP) -> Callable[[list[Value], Value], Value]:
    def loss(x: list[Value], y: Value) -> Value:
        return losses.mse([model(x)], [y])  # type: ignore[list-item]

    return loss


def test_a_training_loop_matches_the_engine_example_by_example() -> None:
    rng = np.random.default_rng(0)
    X = rng.uniform(-2.0, 2.0, size=(32, 2))
    Y = np.sin(X[:, 0]) + 0.5 * X[:, 1]
    fast, slow = MLP(2, [8, 8, 1], seed=1), MLP(2, [8, 8, 1], seed=1)
    c = sg.compile(_mse(fast), [0.0, 0.0], 0.0)
    opt = optim.SGD(fast.parameters(), lr=0.05, momentum=0.9)
    twin = optim.SGD(slow.parameters(), lr=0.05, momentum=0.9)
    history = []
    for _ in range(10):
        opt.zero_grad()
        loss = c.backward(X, Y)
        opt.step()
        twin.zero_grad()
        total = 0.0
        for x, y in zip(X.tolist(), Y.tolist(), strict=True):
            out = _mse(slow)([Value(v) for v in x], Value(y))
            out.backward()
            total += out.data
        for p in slow.parameters():
            p.grad = p.grad / len(X)
        twin.step()
        # ten steps of rounding apart at most (float sums in another order): 1e-9 is far
        # below a wrong step (lr x a gradient)
        assert loss == pytest.approx(total / len(X), rel=1e-9)
        for p, q in zip(fast.parameters(), slow.parameters(), strict=True):
            assert p.data == pytest.approx(q.data, rel=1e-9, abs=1e-12)
        history.append(loss)
    assert history[-1] < 0.8 * history[0]  # and it trains


# ---- memory: buffers of floats, not a Python object per node per example ------------------


def _peak(fn: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_backward_on_a_batch_holds_floats_not_objects() -> None:
    model = MLP(2, [8, 8, 1], seed=0)
    c = sg.compile(_mse(model), [0.1, 0.2], 0.3)
    rows = c.gates + len(c.inputs)  # every node that varies with the example has one row
    rng = np.random.default_rng(0)
    peaks = {}
    for batch in (1000, 4000):
        X, Y = rng.normal(size=(batch, 2)), rng.normal(size=batch)
        c.backward(X, Y)  # warm: index arrays and caches made once
        peaks[batch] = _peak(lambda X=X, Y=Y: c.backward(X, Y))
    # The buffers: values and gradients, one float64 per row per example, plus one
    # group's temporaries: a few times rows x B x 8 bytes.
    assert peaks[1000] <= 4 * rows * 1000 * 8 + 256 * 1024, (peaks, rows)
    per_example = (peaks[4000] - peaks[1000]) / 3000
    assert per_example <= 4 * rows * 8, (per_example, rows)
    # A Value is ~100 bytes (more with its float and tuples): one per gate per example
    # would be 100 x gates bytes per example; the replay stays under half of that.
    assert per_example < 50 * c.gates, (per_example, c.gates)


# ---- NumPy is optional --------------------------------------------------------------------


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_import_scalargrad_does_not_import_numpy() -> None:
    done = _python("import scalargrad, sys; print('numpy' in sys.modules, scalargrad.compile)")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("False <function compile"), done.stdout


def test_compile_without_numpy_says_how_to_install_it() -> None:
    code = "\n".join([
        "import sys",
        "sys.modules['numpy'] = None  # import numpy now raises ImportError",
        "import scalargrad",
        "print((scalargrad.Value(2.0) * 3).data)  # the engine needs no NumPy",
        "try:",
        "    scalargrad.compile(lambda x: x * 2.0, 1.0)",
        "except ImportError as err:",
        "    print('ImportError:', err)",
    ])
    done = _python(code)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "6.0"
    assert lines[1].startswith("ImportError: scalargrad.compile needs NumPy")
    assert "pip install 'scalargrad-circuits[fast]'" in lines[1]


# ---- small things a reader would trip on ----------------------------------------------------


def test_one_input_max_and_sum_keep_the_sign_of_zero() -> None:
    for fn in (lambda x: sg.max(x), lambda x: sg.sum(x), lambda x: sg.sum(x, x)):
        got = sg.compile(fn, 1.0)(np.array([-0.0, 0.0]))
        want = [fn(Value(x)).data for x in (-0.0, 0.0)]
        assert [math.copysign(1.0, g) for g in got] == [math.copysign(1.0, w) for w in want]


def test_a_list_of_numpy_rows_is_a_batch() -> None:
    c = sg.compile(lambda v: v[0] * v[1], [1.0, 2.0])
    assert c([np.array([1.0, 2.0]), np.array([3.0, 4.0])]).tolist() == [2.0, 12.0]
    with pytest.raises(TypeError, match="argument 0 must hold real numbers"):
        c([np.array(["a", "b"]), np.array([3.0, 4.0])])


def test_an_integer_too_large_for_a_float_is_named() -> None:
    c = sg.compile(lambda x: x * 2.0, 1.0)
    with pytest.raises(ValueError, match="argument 0 holds an integer too large for a float64"):
        c([10**400, 1])


def test_the_traced_number_does_not_show_in_repr_or_local_grads() -> None:
    seen: list[str] = []

    def fn(x: Value) -> Value:
        seen.append(repr(x))
        return x * (2.0 if repr(x).startswith("Value(-") else 3.0)

    c = sg.compile(fn, -1.0)
    assert seen == ["Value(<traced>, label='x')"]
    assert c(np.array([-1.0, 1.0])).tolist() == [-3.0, 3.0]  # one rule for every example
    assert repr(c.inputs[0]) == "Value(-1.0, label='x')"  # outside the trace, as ever
    with pytest.raises(CompileError, match=r"reads \.local_grads of a Value"):
        sg.compile(lambda x: x * (x * 2.0).local_grads[0], 1.0)


def test_softmax_cross_entropy_stays_stable_for_every_example() -> None:
    # traced at (0, 0): each example must subtract its own largest logit, not the trace's
    c = sg.compile(lambda z, t: losses.softmax_cross_entropy(z, t), [0.0, 0.0], [1.0, 0.0])
    Z = np.array([[800.0, 0.0], [-800.0, -801.0], [0.1, 0.3]])
    got = c(Z, np.array([[1.0, 0.0]] * 3)).tolist()
    want = [losses.softmax_cross_entropy([Value(a), Value(b)], 0).data for a, b in Z.tolist()]
    assert got == pytest.approx(want, rel=1e-12, abs=1e-300)


def test_gradients_inside_the_traced_function_are_refused() -> None:
    w = Value(1.0, "w")
    for fn, what in [
        (lambda x: x * sg.grad(x * x * x, x)[0], "takes a gradient"),
        (lambda x: x * sg.derivative(sg.sin)(1.0), "takes a gradient"),
        (lambda x: x * w.grad, r"reads \.grad of a Value"),
    ]:
        with pytest.raises(CompileError, match=what):
            sg.compile(fn, 2.0)


def test_a_numpy_row_is_an_example() -> None:
    c = sg.compile(lambda v: v[0] - v[1], np.array([3.0, 1.0]))
    assert c(np.array([[5.0, 2.0]])).tolist() == [3.0] and len(c.inputs) == 2
