"""The training page: one self-contained HTML file replaying a ``TrainingRecorder`` run.

Side by side: the training data with the decision boundary (or, for one input, the
prediction curve) at the chosen step; the loss and accuracy curves with a cursor; the
network, collapsed one box per neuron as ``viz`` draws it, showing the chosen example's
values and gradients at that step, and the step's largest parameter updates. A slider,
Play/Pause and the arrow keys pick the step; clicking a training point picks the example.

Every number shown was recorded from the engine (``recorder.py``) or computed here with
the op table's own forward rules (the boundary); the script only looks numbers up and
formats them. The neurons' values and gradients travel as float32 (4 bytes each: 100
steps of 100 examples of a 2-16-16-1 network is 2.8 MB), the parameters as float64, both
base64 in the JSON block. The page fetches nothing: the same Content-Security-Policy as
the step page (no network, only its own script by hash); user text is escaped and set
with ``textContent``.
"""

from __future__ import annotations

import base64
import math
import sys
import xml.etree.ElementTree as ET
from array import array
from dataclasses import replace
from typing import Any

from scalargrad import Value, enable_grad, topological_order
from scalargrad.ops import NEURON, OPS

from . import style
from .diagram import Diagram
from .dot import run_dot
from .escape import markup
from .model import diagram_of
from .numfmt import number
from .options import DrawOptions
from .page import SVG_NS, XLINK_NS, page_top, script_json, step_controls
from .recording import Recording, neurons_by_weight, units_of
from .render import to_digraph
from .training_assets import TRAINING_SCRIPT, TRAINING_STYLE

GRID = 21  # boundary samples per side (2 inputs); a curve has GRID * 5 points (1 input)
TOP_UPDATES = 5
PLAY_INTERVAL_MS = 250
WIDEST = -8.888e-88  # the widest number numfmt writes: dot sizes each box to fit it
TITLE_CHARS = 200  # a longer title is cut, with an ellipsis


def training_page(r: Recording, title: str = "") -> str:
    steps = len(r.losses)
    svg = _network(r)
    field = _field(r)
    updates = [_updates(r, k) for k in range(steps)]
    accuracy = [_accuracy(r, k) for k in range(steps)] if r.task == "classification" else []
    data = {
        "task": r.task,
        "threshold": r.threshold,
        "steps": steps,
        "examples": len(r.X),
        "units": r.units,
        "params": r.params,
        "X": r.X,
        "y": r.y,
        "losses": [x if math.isfinite(x) else None for x in r.losses],
        "lossText": [number(x) for x in r.losses],
        "accuracy": accuracy,
        "updates": updates,
        "captions": [_caption(r, k, accuracy, updates) for k in range(steps)],
        "field": field,
        "paramUnit": _param_units(r),
        "values": _b64(r.values),
        "grads": _b64(r.grads),
        "snapshots": _b64(array("d", (x for s in r.snapshots for x in s))),
        "interval": PLAY_INTERVAL_MS,
    }
    return _document(svg, script_json(data), title)


def _b64(a: array[float]) -> str:
    if sys.byteorder != "little":  # the page reads little-endian
        a = array(a.typecode, a)
        a.byteswap()
    return base64.b64encode(a.tobytes()).decode("ascii")


# ---- the network picture ----------------------------------------------------------------


def _network(r: Recording) -> str:
    """The collapsed network (dot's SVG, boxes sized for the widest number) and which
    box shows which unit."""
    model = r.model
    leaves = [Value(x, f"x[{i}]") for i, x in enumerate(r.X[0])]
    with enable_grad():  # the picture needs the graph, even if save() runs under no_grad
        root = model.forward(leaves)[0]
    units = units_of(root, model, neurons_by_weight(model))
    index = {u: i for i, u in enumerate(units)}
    order = topological_order(root)
    options = DrawOptions(grad=True, collapse=True, max_size=10_000)
    diagram = diagram_of(root, options)
    holders: dict[str, int] = {}
    for box in diagram.boxes:
        if box.node is not None and order[box.node] in index:
            holders[box.id] = index[order[box.node]]
    for wire in diagram.wires:
        if wire.head == "out":
            holders[wire.id] = len(units) - 1
    wide = Diagram(
        tuple(replace(b, value=WIDEST, grad=WIDEST) for b in diagram.boxes),
        tuple(replace(w, value=WIDEST, grad=WIDEST) if w.head == "out" else w
              for w in diagram.wires),
        True, True, diagram.note, diagram.gates,
    )
    what = "write the training page: its network picture is an SVG that needs dot"
    svg = run_dot(to_digraph(wide).source, "svg", what)
    return _tagged(svg, holders)


def _tagged(svg: bytes, holders: dict[str, int]) -> str:
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    tree = ET.fromstring(svg)
    kinds = {style.VALUE_COLOR: "value", style.GRAD_COLOR: "grad"}
    found = set()
    for g in tree.iter(f"{{{SVG_NS}}}g"):
        unit = holders.get(g.get("id", ""))
        if g.get("class") != "node" or unit is None:
            continue
        g.set("data-unit", str(unit))
        for text in g.iter(f"{{{SVG_NS}}}text"):
            kind = kinds.get(text.get("fill", ""))
            if kind is not None:
                text.set("class", kind)
                text.set("data-unit", str(unit))
                found.add((unit, kind))
    missing = sorted({u for u in holders.values()} - {u for u, k in found if k == "grad"})
    if missing:  # render.py changed how boxes show numbers: say so instead of a blank page
        raise RuntimeError(f"the network SVG lacks the number texts of units {missing[:10]}")
    return ET.tostring(tree, encoding="unicode")


# ---- the data panel: the boundary or the curve, from the recorded parameters -----------


def _field(r: Recording) -> dict[str, Any]:
    """The network's output over a grid at each step (the parameters before that step's
    update, the ones its forward pass used), with the op table's forward rules."""
    xs = [x[0] for x in r.X]
    x0, x1 = _span(xs)
    if r.task == "regression":
        n = GRID * 5
        grid = [[x0 + (x1 - x0) * i / (n - 1)] for i in range(n)]
        box: dict[str, Any] = {"x0": x0, "x1": x1, "n": n}
    else:
        y0, y1 = _span([x[1] for x in r.X])
        grid = [
            [x0 + (x1 - x0) * i / (GRID - 1), y0 + (y1 - y0) * j / (GRID - 1)]
            for j in range(GRID)
            for i in range(GRID)
        ]
        box = {"x0": x0, "x1": x1, "y0": y0, "y1": y1, "n": GRID}
    outputs = array("f")
    for k in range(len(r.losses)):
        forward = _forward(r, r.snapshots[k])
        for point in grid:
            try:
                outputs.append(forward(point))
            except OverflowError:
                outputs.append(math.inf)
    box["out"] = _b64(outputs)
    return box


def _span(xs: list[float]) -> tuple[float, float]:
    lo, hi = min(xs), max(xs)
    pad = 0.15 * (hi - lo) if hi > lo else 1.0
    return lo - pad, hi + pad


def _forward(r: Recording, params: array[float]) -> Any:
    """The model's output at one point, with its parameters set to ``params``: the
    neuron and activation rows' forward rules on floats, no graph built."""
    layers = []
    at = 0
    for layer in r.model.layers:
        neurons = []
        for neuron in layer.neurons:
            n = len(neuron.w)
            act = None if neuron.activation == "linear" else OPS[neuron.activation].forward
            neurons.append((list(params[at : at + n]), params[at + n], act))
            at += n + 1
        layers.append(neurons)

    def forward(x: list[float]) -> float:
        for neurons in layers:
            out = []
            for w, b, act in neurons:
                s = NEURON.forward(*w, *x, b)
                out.append(s if act is None else act(s))
            x = out
        return x[0]

    return forward


# ---- numbers and words per step -------------------------------------------------------


def _param_units(r: Recording) -> list[int]:
    """The unit (neuron) each parameter belongs to, in parameters() order."""
    owner = []
    unit = r.model.nin
    for layer in r.model.layers:
        for neuron in layer.neurons:
            owner += [unit] * (len(neuron.w) + 1)
            unit += 1
    return owner


def _accuracy(r: Recording, k: int) -> float:
    """The share of examples on the right side of the threshold at step k's forward pass
    (a NaN output is on neither side: wrong)."""
    cut = r.threshold
    right = sum(
        s == s and (s > cut) == (t > 0.0) for s, t in zip(r.scores[k], r.y, strict=True)
    )
    return right / len(r.y)


def _updates(r: Recording, k: int) -> list[list[Any]]:
    """Step k's largest parameter moves, largest first (NaN first of all): [index,
    before, after, change], the numbers as the page writes them."""
    before, after = r.snapshots[k], r.snapshots[k + 1]
    moves = sorted(range(len(before)), key=lambda i: -_size(after[i] - before[i]))
    return [
        [i, number(before[i]), number(after[i]), _signed(after[i] - before[i])]
        for i in moves[:TOP_UPDATES]
    ]


def _size(x: float) -> float:
    return math.inf if math.isnan(x) else abs(x)


def _caption(r: Recording, k: int, accuracy: list[float], updates: list[list[Any]]) -> str:
    parts = [f"step {k}: loss {number(r.losses[k])}"]
    if math.isnan(r.losses[k]):
        parts[0] = f"step {k}: the loss is NaN (recorded as it came)"
    elif k > 0 and math.isfinite(r.losses[k - 1]):
        change = r.losses[k] - r.losses[k - 1]
        parts[0] += f" ({'+' if change >= 0 else '−'}{number(abs(change))})"
    if accuracy:
        now = accuracy[k]
        before = accuracy[k - 1] if k > 0 else None
        pct = f"{100 * now:.0f} %"
        if now == 1.0 and (before is None or before < 1.0):
            parts.append(f"training accuracy reaches {pct}")
        elif before is not None and now < before:
            parts.append(f"training accuracy drops to {pct}")
        else:
            parts.append(f"training accuracy {pct}")
    if updates[k]:
        i, _, _, change = updates[k][0]
        parts.append(f"the largest update was {r.params[i]} ({change})")
    return "; ".join(parts)


def _signed(x: float) -> str:
    text = number(x)
    return text if text.startswith("-") or text in ("nan", "0") else "+" + text


def _document(svg: str, data: str, title: str) -> str:
    heading = "Training, step by step" + (" · " + markup(title, TITLE_CHARS) if title else "")
    top = page_top(heading, TRAINING_SCRIPT, TRAINING_STYLE) + step_controls("choose the step")
    return top + f"""
<div id="caption" class="caption" aria-live="polite"></div>
<div class="panels">
<figure class="panel"><figcaption id="data-title">Training data</figcaption>
<svg id="data" viewBox="0 0 320 320" role="img" aria-label="training data"></svg>
<p class="help">Click a point to follow that example through the network.</p></figure>
<figure class="panel"><figcaption id="curves-title">Loss and accuracy</figcaption>
<svg id="curves" viewBox="0 0 320 220" role="img" aria-label="loss and accuracy curves"></svg>
<table id="updates" class="updates"><caption>Largest updates this step</caption>
<thead><tr><th>parameter</th><th>before</th><th>after</th><th>change</th></tr></thead>
<tbody></tbody></table></figure>
</div>
<figure class="network"><figcaption id="network-title">The network on example 0</figcaption>
<div class="circuit" id="circuit">
{svg}
</div></figure>
<p class="help">Keys: &#8592; / &#8594; step back / forward, Home / End first / last step,
space play / pause. Numbers: green the value, red the gradient d loss / d value.</p>
<script type="application/json" id="training-data">{data}</script>
<script>{TRAINING_SCRIPT}</script>
</body>
</html>
"""
