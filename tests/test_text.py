"""The backward pass as terminal text: the step page's captions, word for word."""

from __future__ import annotations

import doctest
import importlib
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

import viz
from scalargrad import Value
from tests.helpers.backward_replay import (
    cs231n_circuit,
    neuron_circuit,
    routing_circuit,
    square_plus,
)
from tests.test_cli import assert_refused, run
from tests.test_viz_large import mlp_sample
from viz.model import build
from viz.steps import backward_steps

CIRCUITS: list[Callable[[], Value]] = [
    cs231n_circuit,
    routing_circuit,
    neuron_circuit,
    square_plus,
    mlp_sample,  # collapsed: one step per neuron
]


def _step_words(shown: str) -> list[list[str]]:
    """The words of each step's paragraph (its header line left out), line breaks
    ignored: what a reader reads, whatever the wrapping."""
    return [block.split("\n", 1)[1].split() for block in shown.split("\n\n")[1:]]


def _words(captions: list[str]) -> list[str]:
    return " ".join(captions).split()


@pytest.mark.parametrize("make", CIRCUITS, ids=lambda m: m.__name__)
def test_text_is_the_step_captions_in_80_columns(make: Callable[[], Value]) -> None:
    root = make()
    root.backward()
    shown = viz.text(root, color=False)
    assert all(len(line) <= 80 for line in shown.splitlines())
    assert "\x1b" not in shown
    steps = backward_steps(root, build(root))[1:]
    assert _step_words(shown) == [_words(list(s.caption)) for s in steps]


@pytest.mark.parametrize("make", CIRCUITS[:4], ids=lambda m: m.__name__)
def test_terminal_and_page_captions_agree_word_for_word(
    make: Callable[[], Value], tmp_path: Path
) -> None:
    root = make()
    root.backward()
    viz.save(root, tmp_path / "f.html")
    page = (tmp_path / "f.html").read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json" id="steps-data">(.*?)</script>', page, re.S)
    assert data is not None
    page_captions = [_words(s["caption"]) for s in json.loads(data.group(1))["steps"][1:]]
    assert _step_words(viz.text(root, color=False)) == page_captions


def test_colour_only_when_asked_or_on_a_terminal() -> None:
    root = cs231n_circuit()
    root.backward()
    assert "\x1b[1mstep 1/2  ×\x1b[0m" in viz.text(root, color=True)
    assert "\x1b" not in viz.text(root)  # pytest captures stdout: not a terminal


def test_before_backward_it_says_there_is_nothing_to_step_through() -> None:
    shown = viz.text(cs231n_circuit(), color=False)
    assert "No backward pass has run on this graph" in shown


def test_the_module_example_runs() -> None:
    module = importlib.import_module("viz.text")  # viz.text itself is the function
    assert doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE).failed == 0


@pytest.mark.parametrize(("color", "width"), [("yes", 80), (None, 10), (None, True)])
def test_bad_options_are_named(color: object, width: object) -> None:
    with pytest.raises((TypeError, ValueError), match=r"^(color|width) must be"):
        viz.text(cs231n_circuit(), color=color, width=width)  # type: ignore[arg-type]


def test_scalargrad_explain_prints_it() -> None:
    done = run("explain", "(x+y)*z", "x=-2", "y=5", "z=-4")
    assert done.returncode == 0 and done.stderr == ""
    root = cs231n_circuit()
    root.backward()
    assert done.stdout == viz.text(root, color=False) + "\n"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["log(x)", "x=-1"], ["log needs x > 0"]),
        (["x +", "x=1"], ["invalid syntax"]),
        (["x*y", "x=1"], ["'y' has no value"]),
    ],
)
def test_scalargrad_explain_refuses_bad_input_like_grad(args: list[str], words: list[str]) -> None:
    assert_refused(run("explain", *args), *words)
