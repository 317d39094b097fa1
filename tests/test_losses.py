"""scalargrad.losses: values against plain formulas, gradients against central
differences, stability at extreme logits, and clear errors."""

from __future__ import annotations

import math

import pytest

from scalargrad import Value, gradcheck, losses


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def test_mse_value_and_gradient() -> None:
    p = [Value(0.5), Value(2.0), Value(-1.0)]
    loss = losses.mse(p, [1.0, 2.0, 1.0])
    assert loss.data == pytest.approx((0.25 + 0.0 + 4.0) / 3)
    loss.backward()
    assert [v.grad for v in p] == pytest.approx([2 * -0.5 / 3, 0.0, 2 * -2.0 / 3])
    assert gradcheck(lambda a, b: losses.mse([a, b], [0.3, -0.2]), 1.5, -0.7)


def test_mse_targets_may_be_values() -> None:
    t = Value(1.0)
    loss = losses.mse([Value(3.0)], [t])
    loss.backward()
    assert t.grad == -4.0


@pytest.mark.parametrize("z", [-5.0, -1.0, -1e-3, 0.0, 1e-3, 0.7, 5.0])
@pytest.mark.parametrize("y", [0.0, 1.0])
def test_bce_matches_definition_and_gradcheck(z: float, y: float) -> None:
    loss = losses.binary_cross_entropy_with_logits([Value(z)], [y])
    s = sigmoid(z)
    assert loss.data == pytest.approx(-(y * math.log(s) + (1 - y) * math.log(1 - s)), rel=1e-12)
    assert gradcheck(lambda v: losses.binary_cross_entropy_with_logits([v], [y]), z)


def test_bce_gradient_is_sigmoid_minus_label_even_at_zero() -> None:
    z = Value(0.0)
    losses.binary_cross_entropy_with_logits([z], [1.0]).backward()
    assert z.grad == pytest.approx(-0.5, abs=1e-15)


@pytest.mark.parametrize("z", [-1000.0, 1000.0, -1e300, 1e300])
def test_bce_is_stable_at_extreme_logits(z: float) -> None:
    for y in (0.0, 1.0):
        v = Value(z)
        loss = losses.binary_cross_entropy_with_logits([v], [y])
        loss.backward()
        right = (z > 0) == (y == 1.0)
        # A confident right answer costs ~0; a confident wrong one costs |z|.
        assert loss.data == pytest.approx(0.0 if right else abs(z), abs=1e-12)
        assert v.grad == pytest.approx(sigmoid(max(min(z, 700), -700)) - y, abs=1e-12)


def test_hinge_value_gradient_and_labels() -> None:
    s = [Value(2.0), Value(0.5), Value(-0.3)]
    loss = losses.hinge(s, [1, 1, 1])
    assert loss.data == pytest.approx((0.0 + 0.5 + 1.3) / 3)
    loss.backward()
    assert [v.grad for v in s] == pytest.approx([0.0, -1 / 3, -1 / 3])
    assert gradcheck(lambda a, b: losses.hinge([a, b], [1, -1]), 0.2, 0.4)
    with pytest.raises(ValueError, match=r"hinge: targets\[1\] is 0; labels must be -1 or 1"):
        losses.hinge([Value(1.0), Value(1.0)], [1, 0])


def test_l2_penalty() -> None:
    ps = [Value(1.0), Value(-2.0)]
    pen = losses.l2_penalty(ps, 1e-2)
    assert pen.data == pytest.approx(0.05)
    pen.backward()
    assert [p.grad for p in ps] == pytest.approx([0.02, -0.04])
    with pytest.raises(ValueError, match="alpha must be a number >= 0"):
        losses.l2_penalty(ps, -1.0)


def test_softmax_cross_entropy_value_and_gradient() -> None:
    zs = [Value(1.0), Value(2.0), Value(0.5)]
    loss = losses.softmax_cross_entropy(zs, 1)
    e = [math.exp(z.data) for z in zs]
    p = [x / sum(e) for x in e]
    assert loss.data == pytest.approx(-math.log(p[1]), rel=1e-12)
    loss.backward()
    assert [z.grad for z in zs] == pytest.approx([p[0], p[1] - 1.0, p[2]], rel=1e-12)
    assert gradcheck(lambda a, b, c: losses.softmax_cross_entropy([a, b, c], 2), 0.1, -0.4, 1.3)


def test_softmax_cross_entropy_is_stable_at_extreme_logits() -> None:
    zs = [Value(1000.0), Value(-1000.0), Value(999.0)]
    loss = losses.softmax_cross_entropy(zs, 0)
    assert loss.data == pytest.approx(math.log1p(math.exp(-1.0)), rel=1e-12)
    loss.backward()
    s = 1.0 + math.exp(-1.0)
    assert [z.grad for z in zs] == pytest.approx([1 / s - 1, 0.0, math.exp(-1.0) / s], abs=1e-12)
    wrong = losses.softmax_cross_entropy([Value(1000.0), Value(-1000.0)], 1)
    assert wrong.data == pytest.approx(2000.0)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: losses.mse([Value(1.0)], [1.0, 2.0]), ValueError,
         "1 predictions but 2 targets"),
        (lambda: losses.mse([], []), ValueError, "no examples"),
        (lambda: losses.mse(Value(1.0), [1.0]), TypeError, "predictions must be a list"),  # type: ignore[arg-type]
        (lambda: losses.binary_cross_entropy_with_logits([Value(0.0)], [0.5]), ValueError,
         "labels must be 0 or 1"),
        (lambda: losses.softmax_cross_entropy([Value(0.0)], 1), ValueError,
         "target must be a class index 0..0 or a list of 1 probabilities, got 1"),
        (lambda: losses.softmax_cross_entropy([], 0), ValueError, "no logits"),
        (lambda: losses.softmax_cross_entropy(3.0, 0), TypeError,  # type: ignore[arg-type]
         "softmax_cross_entropy: logits must be a list, got float"),
        (lambda: losses.l2_penalty(Value(1.0), 0.1), TypeError,  # type: ignore[arg-type]
         "l2_penalty: parameters must be a list, got Value"),
        (lambda: losses.l2_penalty(["w"], 0.1), TypeError,  # type: ignore[list-item]
         "Value\\(\\) takes a real number .*got str 'w'"),
        (lambda: losses.softmax_cross_entropy([Value(math.inf)], 0), ValueError,
         "logits must be finite"),
        (lambda: losses.softmax_cross_entropy([1.0, math.nan], 0), ValueError,
         r"logits must be finite, logits\[1\] is nan"),
    ],
)
def test_bad_arguments(call: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call()  # type: ignore[operator]
