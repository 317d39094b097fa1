"""The step-by-step page: one self-contained HTML file that plays backward gate by gate.

The circuit is the SVG that ``viz.save(root, "x.svg")`` writes with the same options (same
layout, same look), inlined; each gradient text (and local gradient text) in it gets an
id the page's script controls: ``w5-grad``, ``w5-local``, ``n3-grad`` (a collapsed box).
The steps (``steps.py``) travel as JSON in a ``<script type="application/json">`` block,
with ``< > &`` written as ``\\u003c \\u003e \\u0026`` so no text can end the block; the
script reads them with ``textContent`` and ``JSON.parse`` and sets texts with
``textContent`` only. Nothing is fetched: the Content-Security-Policy allows no network
request and only the page's own script (by its hash). Steps only show, hide or rewrite
texts that dot already placed, so nothing moves between steps.
"""

from __future__ import annotations

import base64
import hashlib
import json
import xml.etree.ElementTree as ET
from typing import Any

from scalargrad import Value

from . import style
from .diagram import Diagram
from .dot import run_dot
from .escape import markup
from .model import diagram_of
from .options import DrawOptions
from .page_assets import PAGE_SCRIPT, PAGE_STYLE
from .render import to_digraph
from .steps import Step, backward_steps

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
PLAY_INTERVAL_MS = 1400  # time per step when playing
ZOOM = 1.25  # the page shows the circuit a little larger than the SVG file's own size


def page_html(root: Value, options: DrawOptions) -> str:
    """The page for ``root``; ``options.local`` keeps each wire's local gradient once its
    gate has run, otherwise it shows during that step."""
    local = options.local
    diagram = diagram_of(root, options)
    steps = backward_steps(root, diagram)
    source = to_digraph(diagram, local=local).source
    what = "write the step-by-step page (.html): its circuit is an SVG that needs dot"
    svg = tagged_svg(run_dot(source, "svg", what), diagram, local)
    data = {
        "steps": [_step_json(s) for s in steps],
        "keepLocals": local,
        "interval": PLAY_INTERVAL_MS,
    }
    return _document(svg, script_json(data), root)


def write_page(root: Value, options: DrawOptions) -> bytes:
    """``viz.save``'s writer for ``.html``."""
    return page_html(root, options).encode("utf-8")


def _step_json(step: Step) -> dict[str, Any]:
    return {
        "gate": step.gate,
        "upstream": step.upstream,
        "sends": list(step.sends),
        "grads": step.grads,
        "caption": list(step.caption),
    }


def script_json(data: object) -> str:
    """``data`` as JSON safe inside ``<script type="application/json">``: no ``<``, ``>``
    or ``&`` is left, so no text in it can close the block or open a comment."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def tagged_svg(svg: bytes, diagram: Diagram, local: bool) -> str:
    """dot's SVG with ids on the gradient texts (by their colour, from ``style``), as an
    ``<svg>`` element to inline in HTML (no XML declaration or doctype)."""
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    tree = ET.fromstring(svg)
    holders = {w.id for w in diagram.wires} | {
        b.id for b in diagram.boxes if diagram.collapsed and b.grad is not None
    }
    wanted = {style.GRAD_COLOR: "grad", style.LOCAL_COLOR: "local"}
    tagged: dict[str, set[str]] = {"grad": set(), "local": set()}
    for g in tree.iter(f"{{{SVG_NS}}}g"):
        gid = g.get("id", "")
        if g.get("class") != "node" or gid not in holders:
            continue
        for text in g.iter(f"{{{SVG_NS}}}text"):
            kind = wanted.get(text.get("fill", ""))
            if kind is not None:
                text.set("id", f"{gid}-{kind}")
                text.set("class", kind)
                tagged[kind].add(gid)
    # the page can only step through numbers it finds: say so loudly if render.py changed
    if diagram.has_grad:
        missing = [h for h in _with_text(diagram) if h not in tagged["grad"]]
        if local and not diagram.collapsed:
            missing += [
                f"{w.id} (local)"
                for w in diagram.wires
                if w.local is not None and w.id not in tagged["local"]
            ]
        if missing:
            raise RuntimeError(
                "the rendered SVG lacks the gradient texts of " + ", ".join(missing[:10])
            )
    for side in ("width", "height"):  # "871pt": scaled, the viewBox keeps the drawing
        size = tree.get(side, "")
        if size.endswith("pt"):
            tree.set(side, f"{float(size[:-2]) * ZOOM:.0f}pt")
    return ET.tostring(tree, encoding="unicode")


def _with_text(diagram: Diagram) -> list[str]:
    """The ids whose gradient is written on the picture."""
    if not diagram.collapsed:
        return [w.id for w in diagram.wires]
    boxes = [b.id for b in diagram.boxes if b.grad is not None and b.kind != "output"]
    return [*boxes, *(w.id for w in diagram.wires if w.head == "out")]


def _content_security_policy(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    return (
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )


def page_top(title: str, script: str, style: str) -> str:
    """A self-contained page up to its heading: ``title`` (markup already), the CSP that
    lets only ``script`` run and fetches nothing, and ``style``."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_content_security_policy(script)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="scalargrad viz">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
<h1>{title}</h1>
"""


def step_controls(label: str) -> str:
    """Prev, Play, Next, the slider and the step counter (the pages' scripts drive them)."""
    return f"""<div class="controls" role="group" aria-label="{label}">
<button type="button" id="prev" aria-label="previous step">&#9664; Prev</button>
<button type="button" id="play" aria-pressed="false">&#9654; Play</button>
<button type="button" id="next" aria-label="next step">Next &#9654;</button>
<input type="range" id="slider" min="0" max="0" value="0" step="1" aria-label="step">
<span id="counter" class="counter">step 0</span>
</div>"""


def _document(svg: str, data: str, root: Value) -> str:
    title = "Backward, step by step"
    if root.label:
        title += " · " + markup(root.label)
    return page_top(title, PAGE_SCRIPT, PAGE_STYLE) + f"""<div class="circuit" id="circuit">
{svg}
</div>
{step_controls("step through backward")}
<div id="caption" class="caption" aria-live="polite"></div>
<p class="help">Keys: &#8592; / &#8594; step back / forward, Home / End first / last step,
space play / pause.</p>
<script type="application/json" id="steps-data">{data}</script>
<script>{PAGE_SCRIPT}</script>
</body>
</html>
"""
