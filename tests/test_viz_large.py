"""Large graphs: an MLP's graph is collapsed into one box per neuron, drawn quickly,
and graphs past the size limit are refused at once instead of laid out for minutes."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

import viz
from scalargrad import Value
from tests.helpers.viz_picture import Picture
from viz.model import layout_cost
from viz.style import GRAD_COLOR, VALUE_COLOR


def mlp_sample(sizes: tuple[int, ...] = (2, 16, 16, 1)) -> Value:
    """One sample through an MLP built from Value ops: sum of w*x, plus b, relu."""
    rng = random.Random(7)
    xs = [Value(rng.uniform(-1, 1), f"x{i}") for i in range(sizes[0])]
    for layer, n_out in enumerate(sizes[1:]):
        last = layer == len(sizes) - 2
        outs = []
        for j in range(n_out):
            acc = Value(rng.uniform(-1, 1), f"w{layer}_{j}_0") * xs[0]
            for i, x in enumerate(xs[1:], start=1):
                acc = acc + Value(rng.uniform(-1, 1), f"w{layer}_{j}_{i}") * x
            acc = acc + Value(rng.uniform(-1, 1), f"b{layer}_{j}")
            outs.append(acc if last else acc.relu())
        xs = outs
    return xs[0]


def test_mlp_renders_quickly_one_box_per_neuron(tmp_path: Path) -> None:
    out = mlp_sample()
    out.backward()
    path = tmp_path / "mlp.svg"
    start = time.perf_counter()
    viz.save(out, path)
    seconds = time.perf_counter() - start
    assert seconds < 5.0
    pic = Picture(path)
    texts = [t.text for t in pic.all_texts()]
    assert any(t.startswith("Collapsed view: 640 gates drawn as 35 boxes") for t in texts)
    neurons = [n for n, ts in pic.nodes.items() if ts and ts[0].text in ("relu", "+")]
    assert len(neurons) == 33  # 16 + 16 hidden neurons and the output neuron
    for node in neurons:
        fills = [t.fill for t in pic.nodes[node]]
        assert VALUE_COLOR in fills and GRAD_COLOR in fills  # its value and gradient
    hidden = [pic.nodes[n][1].text for n in neurons if pic.nodes[n][0].text == "relu"]
    assert hidden.count("5 gates: 2 ×, 2 +, 1 relu · 3 own inputs") == 16
    assert hidden.count("33 gates: 16 ×, 16 +, 1 relu · 17 own inputs") == 16
    for name in ("x0", "x1"):  # the inputs stay, with their gradients
        (node,) = [n for n, ts in pic.nodes.items() if ts and ts[0].text == name]
        assert [t.fill for t in pic.nodes[node]] == ["#222222", VALUE_COLOR, GRAD_COLOR]


def test_collapsed_numbers_are_the_engines(tmp_path: Path) -> None:
    out = mlp_sample((2, 3, 1))
    out.backward()
    d = viz.build(out, collapse=True)
    assert d.collapsed and d.note
    (x0,) = [b for b in d.boxes if b.text == "x0"]
    assert x0.grad == pytest.approx(sum(w.grad or 0.0 for w in d.wires if w.tail == x0.id))
    root = d.boxes[-2]
    assert (root.value, root.grad) == (out.data, 1.0)
    full = viz.build(out, collapse=False)
    assert not full.collapsed and not full.note


def test_past_the_limit_a_clear_error_comes_at_once() -> None:
    x = Value(0.5, "x")
    y = x
    for _ in range(3000):
        y = y.tanh()
    start = time.perf_counter()
    with pytest.raises(viz.GraphTooLargeError, match=r"max_size=800") as info:
        viz.draw(y)
    assert time.perf_counter() - start < 2.0
    assert "smaller part of the graph" in str(info.value)
    with pytest.raises(viz.GraphTooLargeError, match="pass collapse=True"):
        viz.draw(mlp_sample(), collapse=False)
    assert isinstance(info.value, ValueError)
    viz.draw(mlp_sample(), collapse=False, max_size=5000)  # when asked for, it is built


def _reused_leaf_chain(n: int) -> Value:
    """A chain of n gates that each also read the leaf x: n long wires (a tangle)."""
    x, y = Value(0.9, "x"), Value(1.0, "y")
    for _ in range(n):
        y = (y * x).tanh()
    return y


def test_a_tangle_under_max_size_is_refused_by_its_layout_cost() -> None:
    # 506 boxes and wires, under max_size, but the long wires cross 9,901 ranks: dot
    # took over a minute on it (benchmarks/layout.py times the refusal)
    y = _reused_leaf_chain(100)
    y.backward()
    with pytest.raises(viz.GraphTooLargeError, match=r"too tangled.*layout cost of 10407"):
        viz.draw(y, collapse=False)
    d = viz.build(y, collapse=False, max_size=2000)  # asked for: it is built
    assert layout_cost(d) == 10407


def test_a_smaller_tangle_is_drawn(tmp_path: Path) -> None:
    y = _reused_leaf_chain(40)
    y.backward()
    viz.save(y, tmp_path / "tangle.svg", collapse=False)
    assert Picture(tmp_path / "tangle.svg").nodes


def test_a_million_values_are_refused_without_walking_them_all() -> None:
    y = Value(1.0)
    for _ in range(1_000_000):
        y = y * 1.0000001
    with pytest.raises(viz.GraphTooLargeError, match=r"more than 100,000 Values, even collapsed"):
        viz.draw(y)
