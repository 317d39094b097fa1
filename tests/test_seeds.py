"""The seed examples of docs/seeds.md, to the digits given there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import scalargrad
from scalargrad import Value
from tests.helpers.digits import matches_digits


def values(*xs: float) -> list[Value]:
    return [Value(x) for x in xs]


def test_cs231n_circuit() -> None:
    x, y, z = Value(-2.0, "x"), Value(5.0, "y"), Value(-4.0, "z")
    f = (x + y) * z
    f.backward()
    assert f.data == -12.0
    assert (x.grad, y.grad, z.grad) == (-4.0, -4.0, 3.0)


def test_cs231n_routing_max_sends_the_gradient_to_the_winner_only() -> None:
    x, y, z, w = values(3, -4, 2, -1)
    f = 2 * (x * y + scalargrad.max(z, w))
    f.backward()
    assert f.data == -20.0
    assert (x.grad, y.grad, z.grad, w.grad) == (-8.0, 6.0, 2.0, 0.0)


def test_cs231n_sigmoid_neuron() -> None:
    w0, w1, w2 = values(2, -3, -3)
    x0, x1 = values(-1, -2)
    f = (w0 * x0 + w1 * x1 + w2).sigmoid()
    f.backward()
    assert matches_digits(f.data, "0.7310585786")
    assert matches_digits(x0.grad, "0.3932238664")
    assert matches_digits(x1.grad, "-0.5898357997")
    assert matches_digits(w0.grad, "-0.1966119332")
    assert matches_digits(w1.grad, "-0.3932238664")
    assert matches_digits(w2.grad, "0.1966119332")


def test_apples_and_oranges_with_tax() -> None:
    apple, n_apple, orange, n_orange, tax = values(100, 2, 150, 3, 1.1)
    price = (apple * n_apple + orange * n_orange) * tax
    price.backward()
    assert price.data == 715.0000000000001  # float64 rounding, as the seed prints it
    assert matches_digits(apple.grad, "2.2")
    assert matches_digits(n_apple.grad, "110")
    assert matches_digits(orange.grad, "3.3")
    assert matches_digits(n_orange.grad, "165")
    assert tax.grad == 650.0


def test_miniflow_linear_sigmoid_mse() -> None:
    """MSE(y, sigmoid(X @ W + b)), the mean over the m=2 rows, built from scalar Values."""
    X = [values(-1, -2), values(-1, -2)]
    W = values(2, 3)  # one output column
    b = Value(-3.0)
    y = values(1, 2)
    a = [(row[0] * W[0] + row[1] * W[1] + b).sigmoid() for row in X]
    mse = sum(((yi - ai) ** 2 for yi, ai in zip(y, a, strict=True)), Value(0.0)) / len(X)
    mse.backward()

    assert matches_digits(mse.data, "2.4999498960")
    dX = [[x.grad for x in row] for row in X]
    assert matches_digits(dX[0][0], "-3.340172796e-05")
    assert matches_digits(dX[0][1], "-5.010259193e-05")
    assert matches_digits(dX[1][0], "-6.680401378e-05")
    assert matches_digits(dX[1][1], "-1.002060207e-04")
    assert matches_digits(W[0].grad, "5.010287087e-05")
    assert matches_digits(W[1].grad, "1.002057417e-04")
    assert matches_digits(b.grad, "-5.010287087e-05")
    assert matches_digits(y[0].grad, "0.9999832986")
    assert matches_digits(y[1].grad, "1.9999832986")


@pytest.mark.parametrize(
    ("written", "actual"),
    [
        ("0.7310585786", 0.7310585788),
        ("0.7310585786", 0.7310585784),
        ("-3.340172796e-05", -3.340172798e-05),
        ("715.0000000000001", 715.0),
    ],
)
def test_digit_comparison_rejects_a_wrong_last_digit(written: str, actual: float) -> None:
    assert not matches_digits(actual, written)


def test_the_numbers_checked_here_are_the_ones_docs_seeds_md_gives() -> None:
    here = Path(__file__).read_text(encoding="utf-8")
    doc = (Path(__file__).resolve().parent.parent / "docs" / "seeds.md").read_text("utf-8")
    checked = re.findall(r'matches_digits\([^,]+, "([^"]+)"\)', here)
    assert len(checked) == 20
    missing = [n for n in checked if n not in doc]
    assert missing == [], f"docs/seeds.md does not give {missing}"
