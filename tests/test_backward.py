"""backward (PyTorch semantics), zero_grad, very deep graphs, and a deterministic order."""

from __future__ import annotations

import math
import sys
from collections.abc import Callable

import pytest

from scalargrad import Value, reverse_topological_order, topological_order


def circuit() -> tuple[Value, Value, Value, Value, Value]:
    """cs231n's (x + y) * z at x=-2, y=5, z=-4: returns x, y, z, q = x+y, f."""
    x, y, z = Value(-2.0, "x"), Value(5.0, "y"), Value(-4.0, "z")
    q = x + y
    return x, y, z, q, q * z


def test_backward_twice_doubles_leaves_only() -> None:
    x, y, z, q, f = circuit()
    f.backward()
    once = (x.grad, y.grad, z.grad, q.grad, f.grad)
    assert once == (-4.0, -4.0, 3.0, -4.0, 1.0)
    f.backward()
    assert (x.grad, y.grad, z.grad) == (-8.0, -8.0, 6.0)
    assert (q.grad, f.grad) == (-4.0, 1.0)  # interior nodes are reset, not doubled


def test_backward_twice_on_a_graph_with_reuse() -> None:
    a = Value(1.5)
    b = a + a
    c = b * b
    c.backward()
    first = (a.grad, b.grad)
    c.backward()
    assert a.grad == 2 * first[0]
    assert b.grad == first[1]


def test_backward_gradient_scales() -> None:
    x, y, z, q, f = circuit()
    f.backward(gradient=2.5)
    assert (x.grad, y.grad, z.grad, q.grad, f.grad) == (-10.0, -10.0, 7.5, -10.0, 2.5)
    x2, _, _, _, f2 = circuit()
    f2.backward(-1)
    assert x2.grad == 4.0


def test_backward_gradient_must_be_a_number() -> None:
    _, _, _, _, f = circuit()
    with pytest.raises(TypeError, match=r"backward.*got str"):
        f.backward("1")  # type: ignore[arg-type]


def test_backward_of_a_leaf_accumulates_the_seed() -> None:
    v = Value(3.0)
    v.backward()
    v.backward(gradient=2.0)
    assert v.grad == 3.0


def test_zero_grad_clears_everything_reachable_and_nothing_else() -> None:
    x, y, z, q, f = circuit()
    other = x * 10  # shares x, not reachable from f
    other.backward()
    f.backward()
    assert x.grad == 10.0 - 4.0
    f.zero_grad()
    assert [n.grad for n in (x, y, z, q, f)] == [0.0] * 5
    assert other.grad == 1.0
    f.backward()
    assert (x.grad, y.grad, z.grad) == (-4.0, -4.0, 3.0)


def test_backward_from_an_interior_node() -> None:
    x, y, _, q, f = circuit()
    f.backward()
    q.backward()  # leaves accumulate d q / d leaf on top of what they had
    assert (x.grad, y.grad) == (-3.0, -3.0)


# ---- very deep graphs: no recursion anywhere ------------------------------------------

DEPTH = 100_000


def test_deep_chain_backward_with_the_default_recursion_limit() -> None:
    assert sys.getrecursionlimit() <= 10_000  # nothing here may rely on a raised limit
    x = Value(0.5, "x")
    y = x
    for _ in range(DEPTH - 1):
        y = y + x
    assert y.data == 0.5 * DEPTH
    y.backward()
    assert x.grad == float(DEPTH)
    order = topological_order(y)
    assert len(order) == DEPTH
    assert order[0] is x and order[-1] is y
    y.zero_grad()
    assert x.grad == 0.0
    del order, y  # freeing a 100 000-deep chain must not overflow the C stack either


def test_deep_product_chain_value_and_gradient() -> None:
    c = Value(1.00001, "c")
    y = Value(1.0)
    for _ in range(DEPTH):
        y = y * c
    y.backward()
    assert y.data == pytest.approx(1.00001**DEPTH, rel=1e-9)
    assert c.grad == pytest.approx(DEPTH * 1.00001 ** (DEPTH - 1), rel=1e-9)


def test_deep_chain_of_unary_gates() -> None:
    x = Value(0.1)
    y = x
    for _ in range(DEPTH):
        y = -y
    y.backward()
    assert (y.data, x.grad) == (0.1, 1.0)  # an even number of negations


# ---- deterministic order ------------------------------------------------------------


def mixed_graph() -> Value:
    a, b, c = Value(0.5, "a"), Value(-1.5, "b"), Value(2.0, "c")
    ab = a * b
    d = (ab + c).tanh() * ab + scaled_max(a, c) + (b * b).sqrt()
    return (d.exp() / (1 + c)).log() - a.relu() + b.abs()


def scaled_max(p: Value, q: Value) -> Value:
    return 3 * p.max(q).sigmoid()


def signature(order: list[Value]) -> list[tuple[str, str, float, int]]:
    return [(n.op, n.label, n.data, len(n.parents)) for n in order]


def test_topological_order_is_the_same_for_the_same_graph() -> None:
    first = mixed_graph()
    keep_alive = [Value(float(i)) for i in range(1000)]  # the second graph lands elsewhere
    second = mixed_graph()
    assert signature(topological_order(first)) == signature(topological_order(second))
    assert signature(reverse_topological_order(first)) == signature(
        reverse_topological_order(second)
    )
    assert len(keep_alive) == 1000


def test_topological_order_puts_inputs_first_each_node_once() -> None:
    root = mixed_graph()
    order = topological_order(root)
    assert order[-1] is root
    position = {node: i for i, node in enumerate(order)}
    assert len(position) == len(order)
    for node in order:
        assert all(position[p] < position[node] for p in node.parents)
    backwards = reverse_topological_order(root)
    assert backwards[0] is root
    assert set(backwards) == set(order)
    at = {node: i for i, node in enumerate(backwards)}
    for node in backwards:
        assert all(at[p] > at[node] for p in node.parents)


def test_mixed_graph_gradients_match_central_differences() -> None:
    def f(a: float, b: float, c: float) -> float:
        ab = a * b
        d = math.tanh(ab + c) * ab + 3 / (1 + math.exp(-max(a, c))) + math.sqrt(b * b)
        return math.log(math.exp(d) / (1 + c)) - max(a, 0.0) + abs(b)

    root = mixed_graph()
    root.backward()
    leaves = {n.label: n for n in topological_order(root) if n.label}
    point = {"a": 0.5, "b": -1.5, "c": 2.0}
    assert root.data == pytest.approx(f(**point), rel=1e-12)
    h = 1e-6
    for name, leaf in leaves.items():
        hi = f(**{**point, name: point[name] + h})
        lo = f(**{**point, name: point[name] - h})
        assert leaf.grad == pytest.approx((hi - lo) / (2 * h), rel=1e-6), name


@pytest.mark.parametrize("walk", [topological_order, reverse_topological_order])
@pytest.mark.parametrize("root", [3.0, None, [Value(1.0)]])
def test_the_orders_name_a_root_that_is_not_a_value(
    walk: Callable[[Value], list[Value]], root: object
) -> None:
    expected = rf"^{walk.__name__} takes a Value .*got {type(root).__name__}$"
    with pytest.raises(TypeError, match=expected):
        walk(root)  # type: ignore[arg-type]
