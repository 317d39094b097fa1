"""The steps of the step-by-step page, and the page file itself (no browser needed)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

import scalargrad as sg
import viz
from scalargrad import Value
from tests.helpers.backward_replay import (
    HOSTILE,
    cs231n_circuit,
    expected_grads,
    gates_in_backward_order,
    neuron_circuit,
    routing_circuit,
    square_plus,
)
from viz.cli import main
from viz.numfmt import number
from viz.page import script_json
from viz.steps import Step, backward_steps

SEEDS: dict[str, Callable[[], Value]] = {
    "cs231n": cs231n_circuit,
    "routing": routing_circuit,
    "neuron": neuron_circuit,
    "square_plus": square_plus,
}


def steps_of(make: Callable[[], Value], **options: bool) -> tuple[Value, list[Step]]:
    root = make()
    root.backward()
    return root, backward_steps(root, viz.build(root, **options))


def shown_after(steps: list[Step], k: int) -> dict[str, str]:
    shown: dict[str, str] = {}
    for step in steps[1 : k + 1]:
        shown.update(step.grads)
    return shown


@pytest.mark.parametrize("name", SEEDS)
def test_step_k_shows_the_engines_numbers_for_the_first_k_gates(name: str) -> None:
    root, steps = steps_of(SEEDS[name])
    gates = gates_in_backward_order(root)
    assert len(steps) == len(gates) + 1
    assert steps[0].grads == {} and steps[0].gate == ""
    order = sg.topological_order(root)
    for k in range(len(steps)):
        assert shown_after(steps, k) == expected_grads(root, k), f"after step {k}"
        if k:
            assert steps[k].gate == f"n{order.index(gates[k - 1])}"


@pytest.mark.parametrize("name", SEEDS)
def test_last_step_is_the_full_picture(name: str) -> None:
    root, steps = steps_of(SEEDS[name])
    wires = viz.build(root).wires
    assert shown_after(steps, len(steps) - 1) == {w.id: w.grad_text for w in wires}


def test_cs231n_captions() -> None:
    _, steps = steps_of(cs231n_circuit)
    assert steps[1].caption == (
        "Backward starts at the output: out gets gradient 1 (d out / d out = 1).",
        "× sends 1 × -4 = -4 to x + y and 1 × 3 = 3 to z "
        "(each input gets the upstream gradient times the other input).",
    )
    assert steps[2].caption == (
        "+ sends -4 unchanged to each input (x and y): its local gradients are 1.",
    )


def test_routing_captions_say_who_won_the_max() -> None:
    _, steps = steps_of(routing_circuit)
    captions = [" ".join(s.caption) for s in steps]
    assert "max sends 2 to z (the larger input); w gets 0." in captions
    assert "× sends 2 × -4 = -8 to x and 2 × 3 = 6 to y" in captions[3]
    assert "+ sends 2 unchanged to each input (x×y and max(z, w))" in captions[2]


def test_a_tie_splits_the_gradient() -> None:
    a, b = Value(1.0, "a"), Value(1.0, "b")
    root = sg.min(a, b) * 4
    root.backward()
    steps = backward_steps(root, viz.build(root))
    assert "min has a tie for the smaller input, so it splits 4: 2 to a, 2 to b." in (
        steps[2].caption
    )


def test_a_value_read_three_times_shows_its_running_sum() -> None:
    root, steps = steps_of(square_plus)  # x*x + x at x = 3: dx = 2x + 1 = 7
    trunk = next(w.id for w in viz.build(root).wires if w.head == "n0f")
    assert steps[1].grads[trunk] == "1"
    assert "x is read 3 times: 1 so far; 2 more to add (+=)." in steps[1].caption
    assert steps[2].grads[trunk] == "7"
    assert "x has all 3 of its gradients: 1 + 3 + 3 = 7 (backward's +=)." in steps[2].caption


def test_shared_input_sums_in_the_caption() -> None:
    x = Value(-2.0, "x")
    root = (x * 2) + (x * 3)  # the two products send 2 and 3 to x: dx = 5
    root.backward()
    steps = backward_steps(root, viz.build(root))
    first, second = (g.local_grads[0] * g.grad for g in gates_in_backward_order(root)[1:])
    a, b = (number(v) for v in (first, second))
    lines = [line for s in steps for line in s.caption if "+=" in line]
    assert {a, b} == {"2", "3"}
    assert lines == [
        f"x is read 2 times: {a} so far; 1 more to add (+=).",
        f"x has all 2 of its gradients: {a} + {b} = 5 (backward's +=).",
    ]


def test_without_backward_there_is_only_the_forward_step() -> None:
    root = routing_circuit()  # no backward()
    steps = backward_steps(root, viz.build(root))
    assert len(steps) == 1
    assert "No backward pass has run" in " ".join(steps[0].caption)
    root.backward()
    assert len(backward_steps(root, viz.build(root, grad=False))) == 1


def small_net() -> Value:
    """Two relu neurons read the same inputs; a third adds them up."""
    xs = [Value(0.5, "a"), Value(-1.0, "b")]
    hidden = [
        (Value(w0, f"u{j}") * xs[0] + Value(w1, f"v{j}") * xs[1] + Value(0.1, f"c{j}")).relu()
        for j, (w0, w1) in enumerate([(1.0, -2.0), (-0.5, 0.25)])
    ]
    return Value(2.0, "p") * hidden[0] + Value(-3.0, "q") * hidden[1]


def test_collapsed_view_steps_box_by_box() -> None:
    root = small_net()
    root.backward()
    diagram = viz.build(root, collapse=True)
    steps = backward_steps(root, diagram)
    groups = [b for b in diagram.boxes if b.kind == "group"]
    assert len(steps) == len(groups) + 1
    final = shown_after(steps, len(steps) - 1)
    want = {b.id: b.grad_text for b in diagram.boxes if b.grad is not None and b.kind != "output"}
    want.update({w.id: w.grad_text for w in diagram.wires if w.head == "out"})
    assert final == want


def test_script_json_leaves_nothing_that_could_end_the_block() -> None:
    data = {"caption": [HOSTILE, "</script><!-- & -->", "a\u2028b"]}
    text = script_json(data)
    assert not set("<>&") & set(text)
    assert json.loads(text) == data


def _page(tmp_path: Path, root: Value, **options: bool) -> str:
    path = viz.save(root, tmp_path / "page.html", **options)
    return path.read_text("utf-8")


def test_page_is_one_self_contained_file(tmp_path: Path) -> None:
    root = neuron_circuit(HOSTILE)
    root.backward()
    html = _page(tmp_path, root)
    assert HOSTILE not in html  # the label only ever appears escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    tags = re.findall(r"<(script|link|img|iframe|object|embed|style)\b[^>]*>", html)
    assert tags == ["style", "script", "script"]
    assert not re.search(r"\b(src|href)\s*=", html)
    assert "@import" not in html and "url(" not in html
    # the one executable script is the one the Content-Security-Policy allows by hash
    script = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(script) == 1
    digest = base64.b64encode(hashlib.sha256(script[0].encode()).digest()).decode()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    assert csp is not None
    assert "default-src 'none'" in csp.group(1)
    assert f"script-src 'sha256-{digest}'" in csp.group(1)


def _svg_geometry(svg: ET.Element) -> dict[str, list[str]]:
    """The layout: every drawn shape of every node and edge, by id."""
    ns = "{http://www.w3.org/2000/svg}"
    shapes: dict[str, list[str]] = {}
    for g in svg.iter(f"{ns}g"):
        if g.get("class") in ("node", "edge"):
            shapes[g.get("id", "")] = [
                e.get("d") or e.get("points") or f"{e.get('cx')},{e.get('cy')}"
                for e in g
                if e.tag in (f"{ns}path", f"{ns}polygon", f"{ns}polyline", f"{ns}ellipse")
            ] + [f"{t.get('y')}:{''.join(t.itertext())}" for t in g.iter(f"{ns}text")]
    return shapes


@pytest.mark.parametrize("local", [False, True])
def test_page_draws_the_same_circuit_as_the_svg(tmp_path: Path, local: bool) -> None:
    root = routing_circuit()
    root.backward()
    html = _page(tmp_path, root, local=local)
    viz.save(root, tmp_path / "same.svg", local=local)
    inline = ET.fromstring(re.search(r"<svg\b.*</svg>", html, re.S).group(0))  # type: ignore[union-attr]
    static = ET.parse(tmp_path / "same.svg").getroot()
    assert _svg_geometry(inline) == _svg_geometry(static)


def test_save_html_and_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "routing.html"
    status = main(["draw", "2*(x*y + max(z, w))", "x=3", "y=-4", "z=2", "w=-1", "-o", str(target)])
    assert status == 0
    assert f"wrote {target}" in capsys.readouterr().out
    html = target.read_text("utf-8")
    data = re.search(r'<script type="application/json" id="steps-data">(.*?)</script>', html, re.S)
    assert data is not None
    steps = json.loads(data.group(1))["steps"]
    assert len(steps) == 5
    assert "max sends 2 to z (the larger input); w gets 0." in steps[4]["caption"]
