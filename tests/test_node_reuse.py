"""Graphs that reuse a node: every use must add its contribution, once, in the right order."""

from __future__ import annotations

import math

import pytest

from scalargrad import Value


def test_square_by_self_multiplication() -> None:
    x = Value(3.0)
    y = x * x
    y.backward()
    assert y.data == 9.0
    assert x.grad == 6.0  # both wires of x*x count


def test_doubling_twice() -> None:
    a = Value(1.5)
    b = a + a
    c = b + b
    c.backward()
    assert c.data == 6.0
    assert b.grad == 2.0
    assert a.grad == 4.0


def test_diamond() -> None:
    # x feeds u and v, which meet again in w: dw/dx = 3 e^x + 3x e^x.
    x = Value(0.7)
    u = x * 3
    v = x.exp()
    w = u * v
    w.backward()
    assert x.grad == pytest.approx(3 * math.exp(0.7) * (1 + 0.7), rel=1e-14)
    assert u.grad == pytest.approx(math.exp(0.7), rel=1e-15)
    assert v.grad == pytest.approx(2.1, rel=1e-15)


def test_reused_interior_node_is_complete_before_it_propagates() -> None:
    # c = a * (a + x) with a = x*y: a's gradient comes from two users and must be summed
    # before it flows on to x and y. c = x²y² + x²y.
    x, y = Value(2.0), Value(-3.0)
    a = x * y
    b = a + x
    c = a * b
    c.backward()
    assert c.data == (2 * -3) * (2 * -3 + 2)
    assert a.grad == b.data + a.data
    assert x.grad == 2 * 2 * 9 + 2 * 2 * -3  # 2xy² + 2xy
    assert y.grad == 2 * 4 * -3 + 4  # 2x²y + x²


def test_interior_node_used_by_gates_at_different_depths() -> None:
    # q feeds the output directly and through a long branch: f = q*q + q + tanh(tanh(q)).
    x, y = Value(0.3), Value(-0.1)
    q = x + y
    f = q * q + q + q.tanh().tanh()
    f.backward()
    t1 = math.tanh(0.2)
    dq = 2 * 0.2 + 1 + (1 - math.tanh(t1) ** 2) * (1 - t1**2)
    assert q.grad == pytest.approx(dq, rel=1e-14)
    assert x.grad == y.grad == q.grad


@pytest.mark.parametrize("k", [1, 2, 3, 7, 20, 50])
def test_value_summed_k_times(k: int) -> None:
    a = Value(0.25)
    s = a
    for _ in range(k - 1):
        s = s + a
    s.backward()
    assert s.data == pytest.approx(0.25 * k, rel=1e-15)
    assert a.grad == float(k)


@pytest.mark.parametrize("k", [1, 2, 3, 7, 20, 50])
def test_value_multiplied_k_times(k: int) -> None:
    a = Value(1.01)
    p = a
    for _ in range(k - 1):
        p = p * a
    p.backward()
    assert p.data == pytest.approx(1.01**k, rel=1e-13)
    assert a.grad == pytest.approx(k * 1.01 ** (k - 1), rel=1e-13)


@pytest.mark.parametrize("k", [2, 5, 50])
def test_value_used_k_times_by_one_wide_sum(k: int) -> None:
    # Each use through a different gate: sum_i i * a**i, derivative sum_i i² a**(i-1).
    a = Value(0.9)
    terms = [i * a**i for i in range(1, k + 1)]
    total = terms[0]
    for t in terms[1:]:
        total = total + t
    total.backward()
    assert a.grad == pytest.approx(sum(i * i * 0.9 ** (i - 1) for i in range(1, k + 1)), rel=1e-12)
