"""Jupyter's view of viz: the step page inline in a sandboxed frame, and the circuit's
install hint when Graphviz's ``dot`` is missing."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import viz
from tests.helpers.backward_replay import routing_circuit


def test_step_through_shows_the_page_in_a_sandboxed_frame() -> None:
    root = routing_circuit()
    root.backward()
    shown = viz.step_through(root)._repr_html_()
    match = re.fullmatch(r'<iframe sandbox="allow-scripts" srcdoc="([^"]*)" (.*)></iframe>', shown)
    assert match is not None, shown[:200]
    page = html.unescape(match.group(1))
    assert page.startswith("<!DOCTYPE html>") and 'id="steps-data"' in page
    assert "allow-same-origin" not in shown  # the frame cannot reach the notebook


def test_step_through_saves_the_same_page(tmp_path: Path) -> None:
    root = routing_circuit()
    root.backward()
    page = viz.step_through(root)
    path = page.save(tmp_path / "routing.html")
    assert path.read_text(encoding="utf-8") == page.html
    viz.save(root, tmp_path / "direct.html")
    assert (tmp_path / "direct.html").read_text(encoding="utf-8") == page.html
    with pytest.raises(ValueError, match=r"a step page is an \.html file"):
        page.save(tmp_path / "routing.svg")


def test_step_through_checks_its_options() -> None:
    with pytest.raises(TypeError, match="local must be True or False"):
        viz.step_through(routing_circuit(), local="yes")  # type: ignore[arg-type]


def test_a_circuit_in_a_notebook_without_dot_shows_the_install_hint() -> None:
    code = (
        "import viz, scalargrad as sg\n"
        "x = sg.Value(2.0, 'x')\n"
        "bundle = viz.draw(x * x)._repr_mimebundle_()\n"
        "print(bundle['text/plain'])\n"
    )
    env = {**os.environ, "PATH": "/nonexistent"}  # no dot
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "Graphviz's `dot` program was not found" in done.stdout
    assert "apt-get install graphviz" in done.stdout


def test_a_circuit_with_dot_shows_svg() -> None:
    x = viz.draw(routing_circuit())
    assert "image/svg+xml" in x._repr_mimebundle_()


# ---- the example notebook, executed for real, then opened in Chromium -------------------

NOTEBOOK = Path(__file__).resolve().parent.parent / "docs" / "notebook.ipynb"


@pytest.fixture(scope="module")
def executed() -> Any:
    nbformat = pytest.importorskip("nbformat", reason="pip install -e '.[dev]' (nbclient)")
    nbclient = pytest.importorskip("nbclient", reason="pip install -e '.[dev]' (nbclient)")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    return nb


def test_the_example_notebook_shows_the_circuit_and_two_step_frames(executed: Any) -> None:
    outputs = [c.outputs for c in executed.cells if c.cell_type == "code"]
    assert "<svg" in outputs[0][0]["data"]["image/svg+xml"]
    frames = [o["data"]["text/html"] for out in outputs[1:3] for o in out]
    assert len(frames) == 2
    assert all(
        f.startswith('<iframe sandbox="allow-scripts" srcdoc="&lt;!DOCTYPE html') for f in frames
    )
    assert outputs[3][0]["text"].startswith("Backward through 4 gates")


def test_the_notebook_in_a_browser_steps_its_frames_and_leaves_typing_alone(
    executed: Any, browser: Any, tmp_path: Path
) -> None:
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(executed)
    path = tmp_path / "notebook.html"
    path.write_text(body, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(path.resolve().as_uri())
    # a code cell's editor stands in for the notebook's typing: a textarea outside the frames
    page.evaluate(
        "() => { const t = document.createElement('textarea'); t.id = 'cell';"
        " document.body.prepend(t); }"
    )
    frames = [f for f in page.frames if f != page.main_frame]
    assert len(frames) == 2
    first, second = frames
    for frame in frames:
        frame.wait_for_selector("#next")
    before = first.inner_text("#caption")
    first.click("#next")
    assert first.get_attribute("body", "data-step") == "1"
    assert first.inner_text("#caption") != before
    assert second.get_attribute("body", "data-step") == "0"  # the other page did not move
    page.focus("#cell")
    page.keyboard.type("x = 1")
    page.keyboard.press("Space")
    page.keyboard.press("End")
    page.keyboard.type("y")
    assert page.input_value("#cell") == "x = 1 y"  # Space and End reached the cell
    assert first.get_attribute("body", "data-step") == "1"  # ... and not the frame
    assert second.get_attribute("body", "data-step") == "0"
    context.close()
