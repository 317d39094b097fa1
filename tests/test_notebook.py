"""Jupyter's view of viz: the step page inline in a sandboxed frame, and the circuit's
install hint when Graphviz's ``dot`` is missing."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

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
