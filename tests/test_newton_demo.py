"""demos/newton.py: Newton's method with ``derivative``, and a gradient's graph drawn."""

from __future__ import annotations

import itertools
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from demos import newton

OMEGA = 0.5671432904097838  # the root of x e^x = 1


def test_newton_minimises_and_finds_the_root(tmp_path: Path) -> None:
    result = newton.run(tmp_path)
    steps = result.minimum
    x_min = steps[-1].x - steps[-1].update
    assert x_min == 2.25  # f'(x) = x²(4x - 9): the minimum is at exactly 9/4
    assert steps[0].x == 3.0 and steps[0].value == 27.0 and steps[0].slope == 54.0
    assert len(steps) <= 8
    # Quadratic convergence: each error at most about the square of the last one.
    errors = [abs(s.x - 2.25) for s in steps if s.x != 2.25]
    for before, after in itertools.pairwise(errors):
        assert after <= 2.0 * before * before
    root = result.root[-1].x - result.root[-1].update
    assert abs(root - OMEGA) <= 1e-15
    assert abs(result.root[-1].value) <= 1e-15


def test_the_gradient_circuit_is_drawn(tmp_path: Path) -> None:
    result = newton.run(tmp_path)
    assert result.gradient == 4 * 1.5**3 - 9 * 1.5**2  # f'(1.5) = -6.75
    assert result.picture == tmp_path / "newton_gradient.svg"
    svg = ET.parse(result.picture).getroot()
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    # The output wire of the picture carries f'(1.5): the backward pass is a circuit.
    assert "-6.75" in texts and "x" in texts and "out" in texts
    assert "13.5" in texts  # 4 x³ at 1.5, one of the gates the backward pass made


def test_runs_as_a_module(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "demos.newton", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert "-> x = 2.25 after" in done.stdout
    assert f"-> x = {OMEGA!r} after" in done.stdout
    assert (tmp_path / "newton_gradient.svg").is_file()
