"""The step-by-step page in a real browser: Debian's headless Chromium, driven by
Playwright for Python with the system browser (never a downloaded one); the ``browser``
fixture is in ``conftest.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

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
from tests.helpers.watched_page import WatchedPage
from viz.page import PLAY_INTERVAL_MS
from viz.steps import backward_steps
from viz.style import GRAD_COLOR


class Page(WatchedPage):
    """A page of the step-by-step view, and everything it did that it should not."""

    def __init__(self, browser: Any, path: Path) -> None:
        super().__init__(browser, path, 1280, 720)

    def open(self) -> None:
        self.page.goto(self.url)

    def step(self) -> int:
        return int(self.page.get_attribute("body", "data-step"))

    def grads(self) -> dict[str, str]:
        """The red gradient texts a reader sees, by the wire (or box) they are on."""
        result: dict[str, str] = self.page.evaluate(
            """(red) => {
              const seen = {};
              for (const g of document.querySelectorAll('#circuit g.node')) {
                for (const t of g.querySelectorAll('text')) {
                  const css = getComputedStyle(t);
                  if (t.getAttribute('fill') === red && css.visibility === 'visible'
                      && css.opacity !== '0' && t.textContent.trim() !== '') {
                    seen[g.id] = t.textContent;
                  }
                }
              }
              return seen;
            }""",
            GRAD_COLOR,
        )
        return result

    def caption(self) -> list[str]:
        lines: list[str] = self.page.eval_on_selector_all(
            "#caption p", "ps => ps.map(p => p.textContent)"
        )
        return lines

    def layout(self) -> list[tuple[float, float, float, float]]:
        """Where every shape of the circuit and every control is on the screen."""
        boxes: list[tuple[float, float, float, float]] = self.page.evaluate(
            """() => Array.from(document.querySelectorAll(
                 '#circuit g.node > ellipse, #circuit g.node > polygon, '
                 + '#circuit g.node > polyline, #circuit g.edge > path, '
                 + '#circuit g.node > text:not(.grad):not(.local), #circuit svg, '
                 + 'button, #slider'))
               .map(e => { const r = e.getBoundingClientRect();
                           return [r.x, r.y, r.width, r.height]; })"""
        )
        return boxes

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_page(browser: Any, tmp_path: Path) -> Iterator[Callable[..., Page]]:
    pages: list[Page] = []

    def make(root: Value, **options: Any) -> Page:
        path = viz.save(root, tmp_path / f"page{len(pages)}.html", **options)
        page = Page(browser, path)
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.close()


SEEDS = {"cs231n": cs231n_circuit, "routing": routing_circuit, "neuron": neuron_circuit}


@pytest.mark.parametrize("name", SEEDS)
def test_stepping_shows_the_engines_numbers_gate_by_gate(
    name: str, open_page: Callable[..., Page], tmp_path: Path
) -> None:
    root = SEEDS[name]()
    root.backward()
    steps = backward_steps(root, viz.build(root))
    last = len(gates_in_backward_order(root))
    page = open_page(root)
    page.open()
    layout = page.layout()
    for k in range(last + 1):
        if k:
            page.page.click("#next")
        assert page.step() == k
        assert page.grads() == expected_grads(root, k), f"{name}, after step {k}"
        assert page.caption() == list(steps[k].caption)
        assert page.page.inner_text("#counter") == f"step {k} of {last}"
        assert page.layout() == layout, f"{name}: the layout moved at step {k}"
    assert page.page.is_disabled("#next") and not page.page.is_disabled("#prev")
    page.page.screenshot(path=str(tmp_path / f"{name}-last-step.png"))
    assert (tmp_path / f"{name}-last-step.png").stat().st_size > 10_000
    assert page.errors == [] and page.dialogs == []
    assert page.requests == [page.url]  # nothing fetched but the page itself


def test_routing_captions_in_the_browser(open_page: Callable[..., Page]) -> None:
    root = routing_circuit()
    root.backward()
    page = open_page(root)
    page.open()
    assert page.grads() == {}
    assert page.caption()[0].startswith("Forward pass")
    page.page.keyboard.press("End")
    assert page.caption() == ["max sends 2 to z (the larger input); w gets 0."]
    page.page.keyboard.press("ArrowLeft")
    assert "× sends 2 × -4 = -8 to x and 2 × 3 = 6 to y" in page.caption()[0]


def test_slider_keys_and_prev(open_page: Callable[..., Page]) -> None:
    root = square_plus()
    root.backward()
    page = open_page(root)
    page.open()
    page.page.fill("#slider", "1")
    assert page.step() == 1 and page.grads() == expected_grads(root, 1)
    assert "x is read 3 times: 1 so far; 2 more to add (+=)." in page.caption()
    page.page.locator("body").click(position={"x": 5, "y": 5})  # focus off the slider
    page.page.keyboard.press("ArrowRight")
    assert page.step() == 2 and page.grads() == expected_grads(root, 2)
    assert "x has all 3 of its gradients: 1 + 3 + 3 = 7 (backward's +=)." in page.caption()
    page.page.keyboard.press("ArrowRight")  # already at the last step: stays
    assert page.step() == 2
    page.page.click("#prev")
    assert page.step() == 1 and page.grads() == expected_grads(root, 1)
    page.page.keyboard.press("ArrowLeft")
    assert page.step() == 0 and page.grads() == {}
    assert page.page.is_disabled("#prev")
    page.page.keyboard.press("End")
    assert page.page.input_value("#slider") == "2"
    page.page.keyboard.press("Home")
    assert page.step() == 0


def test_play_and_pause(open_page: Callable[..., Page]) -> None:
    root = neuron_circuit()
    root.backward()
    last = len(gates_in_backward_order(root))
    page = open_page(root)
    page.page.clock.install()
    page.open()
    page.page.click("#play")
    assert page.page.get_attribute("#play", "aria-pressed") == "true"
    page.page.clock.run_for(PLAY_INTERVAL_MS + 10)
    assert page.step() == 1
    page.page.click("#play")  # pause
    page.page.clock.run_for(PLAY_INTERVAL_MS * 4)
    assert page.step() == 1
    page.page.click("#play")
    page.page.clock.run_for(PLAY_INTERVAL_MS * (last + 2))
    assert page.step() == last  # plays to the end and stops there
    assert page.page.get_attribute("#play", "aria-pressed") == "false"
    assert page.grads() == expected_grads(root, last)


def test_hostile_label_shows_as_text_and_runs_nothing(
    open_page: Callable[..., Page], tmp_path: Path
) -> None:
    root = neuron_circuit(HOSTILE)
    root.backward()
    page = open_page(root)
    page.open()
    label = page.page.locator("#circuit text", has_text=HOSTILE)
    assert label.count() == 1 and label.is_visible()
    assert label.text_content() == HOSTILE
    page.page.keyboard.press("ArrowRight")
    page.page.keyboard.press("ArrowRight")  # the + that sends to the bias
    assert any(HOSTILE in line for line in page.caption())
    page.page.keyboard.press("End")
    page.page.screenshot(path=str(tmp_path / "hostile-last-step.png"))
    assert page.page.locator("script").count() == 2  # the data block and the page's own
    assert page.dialogs == [] and page.errors == []
    assert page.requests == [page.url]


def test_page_without_backward_shows_values_only(open_page: Callable[..., Page]) -> None:
    root = cs231n_circuit()  # no backward()
    page = open_page(root)
    page.open()
    assert page.grads() == {}
    assert page.page.inner_text("#counter") == "step 0 of 0"
    assert "No backward pass has run" in " ".join(page.caption())
    assert page.page.is_disabled("#next")


def test_legend_words_keep_their_gaps(open_page: Callable[..., Page]) -> None:
    """dot places each coloured run of the legend at a whole point from its own font
    metrics; in the browser's font every run must still end before the next begins."""
    root = routing_circuit()
    root.backward()
    page = open_page(root, local=True)
    page.open()
    runs: list[tuple[float, float, str]] = page.page.evaluate(
        """() => {
          const texts = document.querySelectorAll('#circuit svg > g > text');
          // where the ink of each run begins and ends (its spaces left out)
          return Array.from(texts).map(t => {
            const s = t.textContent, first = s.search(/\\S/);
            const last = s.length - 1 - s.split('').reverse().join('').search(/\\S/);
            const end = t.getExtentOfChar(last);
            return [t.getStartPositionOfChar(first).x, end.x + end.width, s];
          });
        }"""
    )
    words = [text.strip() for _, _, text in runs]
    assert words[:2] == ["value", "above each wire"], runs
    for (_, end, text), (start, _, after) in pairwise(runs):
        assert end + 2.0 <= start, f"{text!r} runs into {after!r}: {runs}"


def test_controls_stay_in_view_under_a_tall_circuit(open_page: Callable[..., Page]) -> None:
    from scalargrad.nn import MLP

    root = MLP(2, [3, 1], seed=0).forward([Value(0.5, "a"), Value(-1.0, "b")])[0]
    root.backward()
    page = open_page(root)
    page.open()
    height = page.page.viewport_size["height"]
    for control in ("#next", "#caption"):
        box = page.page.locator(control).bounding_box()
        assert box is not None and box["y"] + box["height"] <= height, control
    page.page.click("#next")
    assert page.step() == 1
