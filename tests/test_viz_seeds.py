"""The seed circuits drawn with real Graphviz: the numbers and colours a reader sees."""

from __future__ import annotations

from pathlib import Path

import pytest

import scalargrad as sg
import viz
from scalargrad import Value
from tests.helpers.viz_picture import Picture
from viz.style import GRAD_COLOR, LOCAL_COLOR, MUTED, VALUE_COLOR

GREEN, RED = VALUE_COLOR, GRAD_COLOR


def render(root: Value, tmp_path: Path, **options: object) -> Picture:
    path = tmp_path / "circuit.svg"
    viz.save(root, path, **options)
    return Picture(path)


def on(value: str, grad: str) -> list[tuple[str, str]]:
    return [(value, GREEN), (grad, RED)]


def cs231n_circuit() -> Value:
    x, y, z = Value(-2.0, "x"), Value(5.0, "y"), Value(-4.0, "z")
    return (x + y) * z


def routing_circuit(z: float = 2.0, w: float = -1.0) -> Value:
    x, y = Value(3.0, "x"), Value(-4.0, "y")
    return 2 * (x * y + sg.max(Value(z, "z"), Value(w, "w")))


def neuron_circuit() -> Value:
    w0, w1, w2 = Value(2.0, "w0"), Value(-3.0, "w1"), Value(-3.0, "w2")
    x0, x1 = Value(-1.0, "x0"), Value(-2.0, "x1")
    return (w0 * x0 + w1 * x1 + w2).sigmoid()


def test_cs231n_circuit_values_above_gradients_below(tmp_path: Path) -> None:
    f = cs231n_circuit()
    f.backward()
    pic = render(f, tmp_path)
    x, y, z = (pic.node_named(n) for n in "xyz")
    add, mul, out = pic.node_named("+"), pic.node_named("×"), pic.node_named("out")
    assert pic.numbers(pic.wire(x, add)) == on("-2", "-4")
    assert pic.numbers(pic.wire(y, add)) == on("5", "-4")
    assert pic.numbers(pic.wire(z, mul)) == on("-4", "3")
    assert pic.numbers(pic.wire(add, mul)) == on("3", "-4")
    assert pic.numbers(pic.wire(mul, out)) == on("-12", "1")
    # green above the line of the wire, red below it
    wire = pic.wire(x, add)
    texts = {t.fill: t.y for t in pic.nodes[wire]}
    assert texts[GREEN] < pic.bar_y(wire) < texts[RED]


def test_routing_circuit_max_marks_winner_and_greys_loser(tmp_path: Path) -> None:
    f = routing_circuit()
    f.backward()
    pic = render(f, tmp_path)
    x, y, z, w = (pic.node_named(n) for n in "xyzw")
    mul_xy = pic.head_of(pic.wire_out_of(x))
    (mul_out,) = [n for n in pic.nodes_named("×") if n != mul_xy]
    mx, add, out = pic.node_named("max"), pic.node_named("+"), pic.node_named("out")
    two = pic.node_named("2")  # an unlabelled constant is drawn as its value
    assert pic.numbers(pic.wire(x, mul_xy)) == on("3", "-8")
    assert pic.numbers(pic.wire(y, mul_xy)) == on("-4", "6")
    assert pic.numbers(pic.wire(z, mx)) == on("2", "2")
    assert pic.numbers(pic.wire(w, mx)) == on("-1", "0")
    assert pic.numbers(pic.wire(mul_xy, add)) == on("-12", "2")
    assert pic.numbers(pic.wire(mx, add)) == on("2", "2")
    assert pic.numbers(pic.wire(two, mul_out)) == on("2", "-10")
    assert pic.numbers(pic.wire(add, mul_out)) == on("-10", "2")
    assert pic.numbers(pic.wire(mul_out, out)) == on("-20", "1")
    loser = pic.wire_edges(pic.wire(w, mx))
    winner = pic.wire_edges(pic.wire(z, mx))
    assert len(loser) == 2 and all(e.dashed and e.stroke == MUTED for e in loser)
    assert all(not e.dashed and e.stroke != MUTED for e in winner)
    plain = pic.wire_edges(pic.wire(x, mul_xy))
    assert min(e.width for e in winner) > max(e.width for e in plain)


def test_max_tie_marks_both_inputs_with_half_each(tmp_path: Path) -> None:
    f = routing_circuit(z=2.0, w=2.0)
    f.backward()
    pic = render(f, tmp_path)
    z, w, mx = pic.node_named("z"), pic.node_named("w"), pic.node_named("max")
    upstream = float(pic.numbers(pic.wire_out_of(mx))[1][0])
    for inp in (z, w):
        assert pic.numbers(pic.wire(inp, mx)) == on("2", f"{upstream / 2:g}")
        assert all(not e.dashed for e in pic.wire_edges(pic.wire(inp, mx)))


def test_add_copies_and_mul_swaps_the_gradient(tmp_path: Path) -> None:
    f = neuron_circuit()
    f.backward()
    pic = render(f, tmp_path)
    for gate in pic.nodes_named("+"):
        upstream = pic.numbers(pic.wire_out_of(gate))[1][0]
        ins = pic.wires_into(gate)
        assert len(ins) == 2
        assert all(pic.numbers(w)[1][0] == upstream for w in ins)
    for gate in pic.nodes_named("×"):
        upstream = float(pic.numbers(pic.wire_out_of(gate))[1][0])
        ins = pic.wires_into(gate)
        assert len(ins) == 2
        (a_value, _), (a_grad, _) = pic.numbers(ins[0])
        (b_value, _), (b_grad, _) = pic.numbers(ins[1])
        assert float(a_grad) == pytest.approx(upstream * float(b_value), rel=1e-3)
        assert float(b_grad) == pytest.approx(upstream * float(a_value), rel=1e-3)


def test_sigmoid_neuron_numbers(tmp_path: Path) -> None:
    f = neuron_circuit()
    f.backward()
    pic = render(f, tmp_path)
    expected = {
        "w0": ("2", "-0.1966"),
        "x0": ("-1", "0.3932"),
        "w1": ("-3", "-0.3932"),
        "x1": ("-2", "-0.5898"),
        "w2": ("-3", "0.1966"),
    }
    for name, (value, grad) in expected.items():
        node = pic.node_named(name)
        assert pic.numbers(pic.wire_out_of(node)) == on(value, grad), name
    sigma = pic.node_named("σ")
    assert pic.numbers(pic.wire(sigma, pic.node_named("out"))) == on("0.7311", "1")


def test_before_backward_there_is_no_gradient_text(tmp_path: Path) -> None:
    f = cs231n_circuit()
    pic = render(f, tmp_path)
    assert not [t for t in pic.all_texts() if t.fill == RED]
    add = pic.node_named("+")
    assert pic.numbers(pic.wire(pic.node_named("x"), add)) == [("-2", GREEN)]
    assert any("no backward pass yet" in t.text for t in pic.all_texts())
    f.backward()
    f.zero_grad()  # cleared gradients: again nothing to show
    assert not [t for t in render(f, tmp_path).all_texts() if t.fill == RED]
    f.backward()
    assert [t for t in render(f, tmp_path, grad=False).all_texts() if t.fill == RED] == []


def test_x_times_x_has_two_wires_and_a_visible_sum(tmp_path: Path) -> None:
    x = Value(-2.0, "x")
    f = x * x
    f.backward()
    pic = render(f, tmp_path)
    mul = pic.node_named("×")
    into_mul = [e for e in pic.edges if e.head == mul]
    assert len(into_mul) == 2
    branches = [e.tail for e in into_mul]
    assert [pic.numbers(w) for w in branches] == [on("-2", "-2"), on("-2", "-2")]
    trunk = pic.wire_out_of(pic.node_named("x"))
    assert pic.numbers(trunk) == on("-2", "-4")  # the sum of the branches, as x.grad


def test_local_option_shows_each_wires_local_gradient(tmp_path: Path) -> None:
    f = cs231n_circuit()
    f.backward()
    pic = render(f, tmp_path, local=True)
    mul = pic.node_named("×")
    z_wire = pic.wire(pic.node_named("z"), mul)
    assert [(t.text, t.fill) for t in sorted(pic.nodes[z_wire], key=lambda t: t.y)] == [
        ("-4", GREEN),
        ("3", RED),
        ("local 3", LOCAL_COLOR),  # d(q*z)/dz = q = 3
    ]
    without = render(f, tmp_path)
    assert not [t for t in without.all_texts() if t.fill == LOCAL_COLOR]
