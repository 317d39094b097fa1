"""A compiled function can still be drawn: viz takes the Compiled and draws its trace."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import scalargrad as sg
import viz
from viz.numfmt import number


def _compiled() -> sg.Compiled:
    w = sg.Value(2.0, "w")
    return sg.compile(lambda x, y: sg.max(w * x, y).tanh(), 0.5, 0.25)


def test_save_draws_the_traced_example(tmp_path: Path) -> None:
    c = _compiled()
    from_compiled = viz.save(c, tmp_path / "c.svg").read_text(encoding="utf-8")
    from_root = viz.save(c.root, tmp_path / "r.svg").read_text(encoding="utf-8")
    assert from_compiled == from_root
    assert "max" in from_compiled and "tanh" in from_compiled
    # the inputs are labelled with fn's own parameter names
    assert ">x<" in from_compiled and ">y<" in from_compiled and ">w<" in from_compiled


def test_text_and_draw_take_a_compiled() -> None:
    c = _compiled()
    c.root.backward()
    assert viz.text(c) == viz.text(c.root)
    assert viz.draw(c).source == viz.draw(c.root).source


def test_several_outputs_cannot_be_drawn_as_one(tmp_path: Path) -> None:
    c = sg.compile(lambda x: [x * 2.0, x + 1.0], 1.0)
    with pytest.raises(ValueError, match=r"has 2 outputs; pick one of \.outputs"):
        viz.save(c, tmp_path / "c.svg")
    assert not (tmp_path / "c.svg").exists()
    viz.save(c.outputs[1], tmp_path / "one.svg")


def test_anything_else_is_refused() -> None:
    with pytest.raises(TypeError, match=r"viz draws a scalargrad\.Value or a scalargrad\.Compiled"):
        viz.draw(3.0)  # type: ignore[arg-type]


def test_after_training_the_drawing_shows_the_parameters_as_they_are(tmp_path: Path) -> None:
    w = sg.Value(2.0, "w")
    c = sg.compile(lambda x: (w * x).tanh(), 0.5)
    assert c.graph() is c.root  # nothing moved: the trace itself
    w.data = -3.0  # as an optimiser's step does
    fresh = c.graph()
    assert fresh is not c.root and fresh.data == math.tanh(-3.0 * 0.5)
    drawn = viz.save(c, tmp_path / "now.svg").read_text(encoding="utf-8")
    assert number(-fresh.data) in drawn and number(c.root.data) not in drawn  # −0.9051 now
