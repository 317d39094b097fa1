"""scalargrad.optim: SGD (with momentum) and Adam against hand-written update rules,
training a small problem, and clear errors for bad hyper-parameters."""

from __future__ import annotations

import math

import pytest

from scalargrad import Value, losses
from scalargrad.nn import MLP
from scalargrad.optim import SGD, Adam


def quadratic(p: list[Value]) -> Value:
    """(a - 3)^2 + 2 (b + 1)^2: minimum at a=3, b=-1."""
    return (p[0] - 3.0) ** 2 + 2.0 * (p[1] + 1.0) ** 2


def test_sgd_step_is_lr_times_grad() -> None:
    p = [Value(0.0), Value(0.0)]
    opt = SGD(p, lr=0.1)
    quadratic(p).backward()
    assert [x.grad for x in p] == [-6.0, 4.0]
    opt.step()
    assert [x.data for x in p] == pytest.approx([0.6, -0.4])
    opt.zero_grad()
    assert [x.grad for x in p] == [0.0, 0.0]


def test_sgd_momentum_follows_pytorch_rule() -> None:
    p = [Value(0.0), Value(0.0)]
    opt = SGD(p, lr=0.1, momentum=0.9)
    a, v = 0.0, 0.0
    for _ in range(5):
        opt.zero_grad()
        quadratic(p).backward()
        opt.step()
        v = 0.9 * v + 2 * (a - 3.0)
        a -= 0.1 * v
    assert p[0].data == pytest.approx(a, rel=1e-12)


def test_adam_first_steps_match_formula() -> None:
    p = [Value(0.0), Value(0.0)]
    opt = Adam(p, lr=0.01)
    a, m, s = 0.0, 0.0, 0.0
    for t in range(1, 4):
        opt.zero_grad()
        quadratic(p).backward()
        opt.step()
        g = 2 * (a - 3.0)
        m = 0.9 * m + 0.1 * g
        s = 0.999 * s + 0.001 * g * g
        a -= 0.01 * (m / (1 - 0.9**t)) / (math.sqrt(s / (1 - 0.999**t)) + 1e-8)
    assert p[0].data == pytest.approx(a, rel=1e-12)
    # The very first Adam step moves each parameter by ~lr whatever its gradient's size.
    assert p[1].data == pytest.approx(-0.03, rel=1e-3)


@pytest.mark.parametrize("make", [
    lambda p: SGD(p, lr=0.1), lambda p: SGD(p, lr=0.05, momentum=0.9), lambda p: Adam(p, 0.1)
])
def test_optimisers_reach_the_minimum(make: object) -> None:
    p = [Value(0.0), Value(0.0)]
    opt = make(p)  # type: ignore[operator]
    for _ in range(300):
        opt.zero_grad()
        quadratic(p).backward()
        opt.step()
    assert [x.data for x in p] == pytest.approx([3.0, -1.0], abs=1e-3)


def test_training_an_mlp_lowers_the_loss() -> None:
    model = MLP(1, [8, 1], activation="tanh", seed=0)
    xs = [[i / 5 - 1.0] for i in range(11)]
    ys = [x[0] ** 2 for x in xs]
    opt = Adam(model.parameters(), lr=0.05)

    def loss() -> Value:
        return losses.mse([model.forward(x)[0] for x in xs], ys)

    first = loss().data
    for _ in range(60):
        opt.zero_grad()
        loss().backward()
        opt.step()
    assert loss().data < first / 10


def test_lr_can_be_scheduled_but_stays_valid() -> None:
    opt = SGD([Value(1.0)], lr=1.0)
    opt.lr = 0.5
    assert opt.lr == 0.5
    with pytest.raises(ValueError, match="SGD: lr must be > 0, got 0"):
        opt.lr = 0


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: SGD([Value(1.0)], lr=-0.1), ValueError, "SGD: lr must be > 0, got -0.1"),
        (lambda: SGD([Value(1.0)], lr=math.nan), ValueError, "lr must be > 0, got nan"),
        (lambda: SGD([Value(1.0)], lr="fast"), TypeError, "lr must be a number > 0, got str"),  # type: ignore[arg-type]
        (lambda: SGD([Value(1.0)], lr=10**400), OverflowError, "SGD: lr: int too large"),
        (lambda: SGD([Value(1.0)], lr=0.1, momentum=1.0), ValueError,
         r"momentum must be in \[0, 1\), got 1.0"),
        (lambda: Adam([Value(1.0)], betas=(0.9, 1.5)), ValueError,
         r"betas\[1\] must be in \[0, 1\), got 1.5"),
        (lambda: Adam([Value(1.0)], betas=0.9), TypeError, "betas must be a pair"),  # type: ignore[arg-type]
        (lambda: Adam([Value(1.0)], eps=-1e-8), ValueError, "eps must be >= 0"),
        (lambda: SGD([], lr=0.1), ValueError, "no parameters"),
        (lambda: SGD(None, lr=0.1), TypeError, "SGD: params must be a list .*, got NoneType"),  # type: ignore[arg-type]
        (lambda: SGD(Value(1.0), lr=0.1), TypeError, "got a single Value"),  # type: ignore[arg-type]
        (lambda: SGD([Value(1.0), 2.0], lr=0.1), TypeError, r"params\[1\] is a float"),  # type: ignore[list-item]
        (lambda: SGD([Value(1.0) + 1.0], lr=0.1), ValueError,
         r"params\[0\] is the output of a '\+' gate"),
    ],
)
def test_bad_hyper_parameters(make: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        make()  # type: ignore[operator]


def test_a_parameter_given_twice_is_refused() -> None:
    v = Value(1.0)
    with pytest.raises(ValueError, match=r"params\[1\] appears twice"):
        SGD([v, v], lr=0.1)
