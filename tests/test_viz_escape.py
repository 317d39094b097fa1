"""User text reaches the picture as literal text; numbers are short and consistent."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import viz
from scalargrad import Value
from tests.helpers.viz_picture import SVG, Picture
from viz.escape import markup, visible
from viz.numfmt import number
from viz.steps import backward_steps

HOSTILE = [
    "<b>bold</b>",
    "<IMG SRC=x>",
    "a & b \"quoted\" 'single'",
    "back\\slash \\N \\G \\L",
    "line1\nline2",
    "&amp; &lt; &#60;",
    "]]> <!-- x --> <![CDATA[y]]>",
    "tab\there\x1b[31m",
]


def test_hostile_labels_come_out_as_literal_text(tmp_path: Path) -> None:
    inputs = [Value(float(i + 1), label) for i, label in enumerate(HOSTILE)]
    f = inputs[0]
    for v in inputs[1:]:
        f = f + v
    f.backward()
    path = tmp_path / "hostile.svg"
    viz.save(f, path)
    pic = Picture(path)
    shown = {t.text for t in pic.all_texts()}
    for label in HOSTILE:
        assert visible(label) in shown, label
    assert "<IMG SRC=x>" in shown and "<b>bold</b>" in shown
    assert "line1\\nline2" in shown  # a newline is spelled out, not obeyed
    assert "back\\slash \\N \\G \\L" in shown  # no Graphviz escape expands
    root = ET.parse(path).getroot()
    assert not list(root.iter(f"{SVG}image"))
    assert not list(root.iter(f"{SVG}b")) and not list(root.iter("b"))
    assert not list(root.iter(f"{SVG}a"))
    # The same labels in the DOT source never appear raw, and never as a node id.
    source = viz.draw(f).source
    assert "<IMG SRC=x>" not in source and "&lt;IMG SRC=x&gt;" in source


def test_markup_escapes_every_markup_character() -> None:
    assert markup('<a href="x">&\'') == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
    assert markup("x" * 100) == "x" * 39 + "…"
    assert visible("\ud800") == "\\ud800"


@pytest.mark.parametrize(
    ("x", "text"),
    [
        (-12.0, "-12"),
        (0.7310585786, "0.7311"),
        (715.0000000000001, "715"),
        (2.2, "2.2"),
        (-0.19661193324148185, "-0.1966"),
        (3.340172796e-05, "3.34e-5"),
        (123456.0, "1.235e5"),
        (1e-300, "1e-300"),
        (0.0, "0"),
        (-0.0, "0"),
        (float("nan"), "nan"),
        (float("inf"), "inf"),
        (float("-inf"), "-inf"),
    ],
)
def test_numbers_are_short(x: float, text: str) -> None:
    assert number(x) == text


@pytest.mark.parametrize("mark", ["\u202e", "\u202b", "\u2067", "\u200f", "\u061c"])
def test_bidirectional_controls_cannot_reorder_a_label(tmp_path: Path, mark: str) -> None:
    """Obeyed, U+202E would make the label "\\u202eevil" read "live" on the picture."""
    x = Value(2.0, mark + "evil")
    f = x * Value(3.0, "y")
    f.backward()
    spelled = f"\\u{ord(mark):04x}evil"
    path = viz.save(f, tmp_path / "bidi.svg")
    shown = {t.text for t in Picture(path).all_texts()}
    assert spelled in shown
    assert mark not in path.read_text(encoding="utf-8")
    caption = " ".join(line for s in backward_steps(f, viz.build(f)) for line in s.caption)
    assert spelled in caption and mark not in caption
