"""The one chain-rule loop: zero local derivatives mask, ties and NaN route as PyTorch,
overflowing slopes are ±inf, threads add up, and a moved leaf is caught."""

from __future__ import annotations

import math
import threading

import pytest

import scalargrad as sg
from scalargrad import StaleGraphError, Value, expr, grad
from viz.cli import main


def test_a_masked_infinite_gradient_stays_zero() -> None:
    out, leaves = expr("sqrt(relu(x)) + x*y", x=-1, y=2)
    out.backward()
    assert (leaves["x"].grad, leaves["y"].grad) == (2.0, -1.0)  # PyTorch gives 2 and -1
    assert grad(out, [leaves["x"], leaves["y"]]) == [2.0, -1.0]
    assert [g.data for g in grad(out, [leaves["x"], leaves["y"]], create_graph=True)] == [2.0, -1.0]


@pytest.mark.parametrize(
    "text",
    [
        "sqrt(relu(x)) * 3",
        "sqrt(abs(x) * 0 + abs(x))",
        "sqrt(max(x, 0)) + x",
        "sqrt(clamp(x, 0, 1))",
    ],
)
def test_kinks_mask_infinities_from_above(text: str) -> None:
    values = {"x": 0.0 if "abs" in text else -1.0, "y": 2.0}
    out, leaves = expr(text, **{k: v for k, v in values.items() if k in text})
    out.backward()
    assert all(not math.isnan(v.grad) for v in leaves.values()), text


def test_the_cli_prints_the_masked_gradient(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grad", "sqrt(relu(x)) + x*y", "x=-1", "y=2", "--json"]) == 0
    assert '"x": 2.0' in capsys.readouterr().out


def test_an_n_way_tie_sends_one_nth_to_each() -> None:
    a, b, c = Value(2.0), Value(2.0), Value(2.0)
    sg.max(a, b, c).backward()
    assert (a.grad, b.grad, c.grad) == (1 / 3, 1 / 3, 1 / 3)
    a, b, c, d = Value(1.0), Value(-4.0), Value(1.0), Value(0.0)
    sg.min(a, b, c, d).backward()
    assert (a.grad, b.grad, c.grad, d.grad) == (0.0, 1.0, 0.0, 0.0)
    a, b = Value(5.0), Value(5.0)
    a.max(b).backward()
    assert (a.grad, b.grad) == (0.5, 0.5)


def test_max_and_min_with_nan_route_as_pytorch() -> None:
    # torch.maximum(nan, 1): nan, and both inputs get the whole gradient.
    a, b = Value(math.nan), Value(1.0)
    out = a.max(b)
    out.backward()
    assert math.isnan(out.data) and (a.grad, b.grad) == (1.0, 1.0)
    a, b = Value(1.0), Value(math.nan)
    a.min(b).backward()
    assert (a.grad, b.grad) == (1.0, 1.0)
    # torch.stack([...]).amax(): the NaN inputs share it.
    a, b, c = Value(1.0), Value(math.nan), Value(math.nan)
    out = sg.max(a, b, c)
    out.backward()
    assert math.isnan(out.data) and (a.grad, b.grad, c.grad) == (0.0, 0.5, 0.5)


@pytest.mark.parametrize(
    ("base", "power", "slope"),
    [
        (1e-200, -1.0, -math.inf),
        (-1e-200, -1.0, -math.inf),
        (-1e-120, -2.0, math.inf),  # -2 * (-1e-120) ** -3 = +1e360
        (1e-160, -1.5, -math.inf),
    ],
)
def test_a_power_whose_slope_overflows_gives_signed_inf(
    base: float, power: float, slope: float
) -> None:
    x = Value(base)
    out = x**power
    assert math.isfinite(out.data)
    out.backward()
    assert x.grad == slope
    [g] = grad(x**power, x, create_graph=True)
    assert g.data == x.grad


def test_the_cli_prints_an_infinite_power_slope(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grad", "x**-1", "x=1e-200"]) == 0
    assert "-inf" in capsys.readouterr().out


def _shared_graph() -> tuple[list[Value], Value]:
    xs = [Value(0.5 + i / 100) for i in range(50)]
    out = xs[0]
    for x in xs[1:]:
        out = (out * x).tanh() + x * x
    return xs, out


def test_backward_from_threads_on_a_shared_graph_adds_up() -> None:
    alone, out_alone = _shared_graph()
    for _ in range(100):
        out_alone.backward()
    xs, out = _shared_graph()
    start = threading.Barrier(4)

    def run() -> None:
        start.wait()
        for _ in range(25):
            out.backward()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # 4 threads x 25 passes: exactly the sums of 100 passes one after another
    assert [x.grad for x in xs] == [x.grad for x in alone]


def test_a_moved_leaf_is_named_by_every_gradient_path() -> None:
    x = Value(2.0, "x")
    f = x * x
    x.data = 3.0
    message = r"the \.data of leaf 'x' \(now 3\.0\) was set after gate '\*' read it"
    with pytest.raises(StaleGraphError, match=message):
        f.backward()
    with pytest.raises(StaleGraphError, match=message):
        grad(f, x)
    with pytest.raises(StaleGraphError, match=message):
        grad(f, x, create_graph=True)
    assert x.grad == 0.0  # refused before anything changed
    g = x * x  # a graph built after the move is fine
    g.backward()
    assert x.grad == 6.0


def test_a_moved_leaf_deep_in_the_graph_is_found() -> None:
    w = Value(1.0, "w")
    inner = (w * 3.0).tanh()
    loss = (inner + 1.0) ** 2
    loss.backward()
    grads = (w.grad, inner.grad, loss.grad)
    w.data -= 0.1 * w.grad  # an optimiser step, then an old graph reused by mistake
    with pytest.raises(StaleGraphError, match="'w'"):
        loss.backward()
    assert (w.grad, inner.grad, loss.grad) == grads  # refused before any .grad changed


def test_grad_puts_every_grad_back() -> None:
    x, y = Value(2.0), Value(3.0)
    f = x * y + x
    f.backward()
    before = (x.grad, y.grad, f.grad)
    assert grad(f, [x, y]) == [4.0, 2.0]
    [gx] = grad(f, x, create_graph=True)
    assert gx.data == 4.0
    assert (x.grad, y.grad, f.grad) == before
