"""``grad``: what it returns, what it leaves alone, and what it refuses."""

from __future__ import annotations

import gc
import math
import sys
from collections.abc import Iterator

import pytest

from scalargrad import Value, derivative, grad, hessian, max, no_grad, reverse_topological_order


def live_values() -> int:
    return sum(type(o) is Value for o in gc.get_objects())


@pytest.fixture
def gc_off() -> Iterator[None]:
    """Reference counting alone frees objects: what is alive afterwards was kept."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def neuron() -> tuple[Value, list[Value]]:
    # cs231n's sigmoid neuron: the gradients are in docs/seeds.md.
    w0, x0, w1, x1, w2 = (Value(v, n) for v, n in [(2, "w0"), (-1, "x0"), (-3, "w1"),
                                                  (-2, "x1"), (-3, "w2")])
    return (w0 * x0 + w1 * x1 + w2).sigmoid(), [w0, x0, w1, x1, w2]


NEURON_GRADS = [-0.1966119332, 0.3932238664, -0.3932238664, -0.5898357997, 0.1966119332]


def test_first_order_matches_the_seed_numbers_and_backward() -> None:
    out, leaves = neuron()
    floats = grad(out, leaves)
    assert all(type(g) is float for g in floats)
    assert floats == pytest.approx(NEURON_GRADS, abs=1e-10)
    values = grad(out, leaves, create_graph=True)
    assert all(isinstance(g, Value) for g in values)
    assert [g.data for g in values] == pytest.approx(floats, rel=1e-15)
    out.backward()
    assert [x.grad for x in leaves] == pytest.approx(floats, rel=1e-15)


def test_inputs_in_order_with_repeats_and_a_single_value() -> None:
    x, y, z = Value(-2.0), Value(5.0), Value(-4.0)
    f = (x + y) * z
    assert grad(f, [z, x, y, x]) == [3.0, -4.0, -4.0, -4.0]
    assert grad(f, (y,)) == [-4.0]
    assert grad(f, x) == [-4.0]


def test_a_node_used_twice_sums_its_contributions() -> None:
    a = Value(3.0)
    b = a + a
    c = b + b
    assert grad(c, a) == [4.0]
    assert grad(a * a, a) == [6.0]
    [g] = grad(a * a, a, create_graph=True)
    assert g.data == 6.0 and grad(g, a) == [2.0]


def test_unreachable_input_gets_zero() -> None:
    x, other = Value(2.0), Value(7.0)
    assert grad(x * x, [x, other]) == [4.0, 0.0]
    g = grad(x * x, [x, other], create_graph=True)
    assert g[1].data == 0.0 and g[1].parents == ()
    # A gradient that depends on no input is a constant leaf: differentiating it gives 0.
    [d] = grad(x + 1.0, x, create_graph=True)
    assert d.data == 1.0 and d.parents == ()
    assert grad(d, x) == [0.0]


def test_interior_nodes_and_the_output_itself_as_inputs() -> None:
    x, y = Value(1.5), Value(-0.5)
    h = x * y
    f = h * h + x
    assert grad(f, [h, x, f]) == [2 * h.data, 2 * h.data * y.data + 1, 1.0]
    assert grad(x, x) == [1.0]


def test_gradient_scales_the_result_and_a_value_seed_stays_in_the_graph() -> None:
    x = Value(0.3)
    f = x.tanh()
    assert grad(f, x, gradient=2.5) == pytest.approx([2.5 * (1 - math.tanh(0.3) ** 2)])
    # Seed with a Value v: d/dv (v * f'(x)) = f'(x), the trick behind vector products.
    v = Value(2.0)
    [gv] = grad(f, x, gradient=v, create_graph=True)
    assert grad(gv, v) == pytest.approx([1 - math.tanh(0.3) ** 2])
    assert grad(f, x, gradient=v) == pytest.approx([2.0 * (1 - math.tanh(0.3) ** 2)])


def test_a_gradient_can_be_differentiated_by_a_value_that_was_not_an_input() -> None:
    # d/dw (d/dx w x²) = 2x: the gradient graph keeps every Value the rules used.
    w, x = Value(0.5), Value(3.0)
    [gx] = grad(w * x * x, x, create_graph=True)
    assert gx.data == 3.0
    assert grad(gx, [w, x]) == [6.0, 1.0]


def test_the_gradient_graph_is_recorded_even_under_no_grad() -> None:
    x = Value(1.2)
    f = x**3
    with no_grad():
        [g] = grad(f, x, create_graph=True)
        assert grad(f, x) == pytest.approx([3 * 1.2**2])
    assert g.parents != ()
    assert grad(g, x) == pytest.approx([6 * 1.2])


def test_grad_leaves_every_grad_untouched() -> None:
    out, leaves = neuron()
    out.backward()
    out.backward()  # leaves hold twice their gradient, interior nodes their own
    nodes = reverse_topological_order(out)
    before = [n.grad for n in nodes]
    assert any(b != 0.0 for b in before)
    first = grad(out, leaves)
    values = grad(out, leaves, create_graph=True)
    second = [grad(g, leaves) for g in values]
    assert [n.grad for n in nodes] == before
    # Nor does it write into the new gates it built (they also use the old nodes).
    old = set(nodes)
    for g in values:
        new = [n for n in reverse_topological_order(g) if n not in old]
        assert new and all(n.grad == 0.0 for n in new)
    assert first == pytest.approx(NEURON_GRADS, abs=1e-10)
    assert len(second) == 5


@pytest.mark.usefixtures("gc_off")
def test_first_order_grad_builds_nothing_that_outlives_the_call() -> None:
    out, leaves = neuron()
    nodes = reverse_topological_order(out)
    count = live_values()
    refs = [sys.getrefcount(n) for n in nodes]
    result = grad(out, leaves)
    assert all(type(g) is float for g in result)
    assert live_values() == count  # no new Value alive
    assert [sys.getrefcount(n) for n in nodes] == refs  # no node kept by anything new
    assert reverse_topological_order(out) == nodes  # the graph is the same graph


@pytest.mark.usefixtures("gc_off")
def test_a_created_graph_is_freed_by_reference_counting() -> None:
    out, leaves = neuron()
    count = live_values()
    values = grad(out, leaves, create_graph=True)
    assert live_values() > count
    del values
    assert live_values() == count  # no reference cycle holds the gradient graph


def test_results_are_deterministic() -> None:
    def run() -> tuple[list[float], list[float]]:
        x, y = Value(0.7), Value(-1.3)
        a = x * y
        f = (a + x).exp() * (a - y).tanh() + max(a, x * x, y) / (x * x + 1.0)
        return grad(f, [x, y]), [g.data for g in grad(f, [x, y], create_graph=True)]

    assert run() == run()


def test_a_deep_chain_needs_no_recursion() -> None:
    n = 3000  # far past Python's default recursion limit of 1000

    def power(x: Value) -> Value:
        y = x
        for _ in range(n):
            y = y * x
        return y

    # d/dx x^(n+1) at 1 is n+1; the second derivative n(n+1); the third (n-1)n(n+1).
    assert derivative(power, 1)(1.0) == n + 1
    assert derivative(power, 2)(1.0) == n * (n + 1)
    assert derivative(power, 3)(1.0) == (n - 1) * n * (n + 1)


# ---- bad input --------------------------------------------------------------------------


def test_bad_arguments_are_refused_clearly() -> None:
    x = Value(1.0)
    f = x * x
    with pytest.raises(TypeError, match="output must be a Value, got float"):
        grad(1.0, x)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="inputs must be a Value or a sequence"):
        grad(f, 1.0)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="inputs must be a Value or a sequence"):
        grad(f, "x")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"inputs\[1\] must be a Value, got float 2.0"):
        grad(f, [x, 2.0])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="inputs is empty"):
        grad(f, [])
    with pytest.raises(TypeError, match="gradient must be a real number or a Value, got bool"):
        grad(f, x, gradient=True)
    with pytest.raises(TypeError, match="gradient must be a real number or a Value, got str"):
        grad(f, x, gradient="1")  # type: ignore[call-overload]


def test_bad_arguments_to_derivative_and_hessian() -> None:
    with pytest.raises(TypeError, match="f must be callable, got int"):
        derivative(3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="n must be >= 0"):
        derivative(Value.exp, -1)
    with pytest.raises(TypeError, match="n must be an int, got float"):
        derivative(Value.exp, 1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="x must be a real number or a Value, got str"):
        derivative(Value.exp)("1")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="f must return a Value or a number, got str"):
        derivative(lambda x: "y")(1.0)
    with pytest.raises(OverflowError, match="derivative: x: int too large for a float"):
        derivative(Value.exp)(10**400)
    with pytest.raises(OverflowError, match="derivative: the result of f: int too large"):
        derivative(lambda x: 10**400)(1.0)
    with pytest.raises(TypeError, match="hessian: give the point"):
        hessian(lambda x: x)()
    with pytest.raises(TypeError, match="argument 1 must be a real number"):
        hessian(lambda x, y: x * y)(1.0, None)


def test_constant_functions_have_zero_derivatives() -> None:
    assert derivative(lambda x: 3.0)(1.0) == 0.0
    assert derivative(lambda x: 3.0, 0)(1.0) == 3.0
    assert hessian(lambda x, y: 2)(1.0, 2.0) == [[0.0, 0.0], [0.0, 0.0]]
    assert derivative(lambda x: Value(4.0), 2)(1.0) == 0.0
