"""The training page: the recorder's refusals, and the page in Debian's Chromium showing
exactly the engine's numbers for the step and example a reader picks."""

from __future__ import annotations

import base64
import json
import os
import re
import struct
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import scalargrad as sg
import viz
from demos import moons
from demos.report import quiet
from scalargrad import Value, losses, nn
from scalargrad.optim import SGD
from tests.helpers.watched_page import WatchedPage
from viz.numfmt import number
from viz.training_page import PLAY_INTERVAL_MS

STEPS = 12
HOSTILE = '<img src=x onerror="alert(1)">&amp;</script>'
ROOT = Path(__file__).resolve().parents[1]


def float32(x: float) -> float:
    return struct.unpack("f", struct.pack("f", x))[0]


def embedded(path: Path) -> dict[str, Any]:
    html = path.read_text(encoding="utf-8")
    block = re.search(
        r'<script type="application/json" id="training-data">(.*?)</script>', html, re.S
    )
    assert block is not None
    data: dict[str, Any] = json.loads(block.group(1))
    return data


def snapshots(data: dict[str, Any]) -> list[list[float]]:
    flat = array("d", base64.b64decode(data["snapshots"]))
    p = len(data["params"])
    return [list(flat[i : i + p]) for i in range(0, len(flat), p)]


def engine(params: list[float], example: int) -> tuple[float, list[float], list[float]]:
    """The demo's loss at ``params``, built again with the engine: the loss, and example's
    inputs and neurons (values, gradients) in the page's unit order."""
    data = moons.make_moons(100, noise=0.1, seed=0)
    xs, labels = [x for x, _ in data], [c for _, c in data]
    model = nn.MLP(2, [16, 16, 1], seed=0)
    for p, v in zip(model.parameters(), params, strict=True):
        p.data = v
    leaves = [Value(v) for v in xs[example]]
    h: list[Value] = leaves
    units: list[Value] = [*leaves]
    for layer in model.layers:
        h = [n(h) for n in layer.neurons]
        units += h
    scores = [h[0] if i == example else moons.score(model, x) for i, x in enumerate(xs)]
    loss = losses.hinge(scores, labels) + losses.l2_penalty(model.parameters(), moons.ALPHA)
    loss.backward()
    return loss.data, [u.data for u in units], [u.grad for u in units]


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    training = moons.train(moons.make_moons(100, noise=0.1, seed=0), STEPS, log=quiet,
                           record=True)
    assert training.recorder is not None and training.recorder.steps == STEPS
    return training.recorder.save(tmp_path_factory.mktemp("page") / "moons.html", HOSTILE)


class Page(WatchedPage):
    def __init__(self, browser: Any, path: Path) -> None:
        super().__init__(browser, path, 1300, 1000)
        self.page.clock.install()  # Play's timer runs when a test says so
        self.page.goto(self.url)

    def attr(self, name: str) -> int:
        return int(self.page.get_attribute("body", name))

    def slide(self, k: int) -> None:
        self.page.eval_on_selector(
            "#slider", "(s, k) => { s.value = String(k); s.dispatchEvent(new Event('input')); }", k
        )

    def click_point(self, i: int, mouse: bool = False) -> None:
        """Point i's click event (points can overlap), or with ``mouse`` a real click at
        its place (it must be on top there)."""
        point = self.page.locator(f"#data circle[data-index='{i}']")
        if mouse:
            point.click()
        else:
            point.dispatch_event("click")

    def numbers(self) -> list[tuple[str, int, str, float]]:
        """(kind, unit, shown text, exact number) of every number box in the network."""
        rows: list[list[Any]] = self.page.evaluate(
            """() => Array.from(document.querySelectorAll('#circuit text[data-unit]')).map(
                 t => [t.getAttribute('class'), +t.getAttribute('data-unit'), t.textContent,
                       +t.getAttribute('data-number')])"""
        )
        return [(k, u, s, x) for k, u, s, x in rows]


@pytest.fixture
def page(browser: Any, recorded: Path) -> Iterator[Page]:
    p = Page(browser, recorded)
    yield p
    p.context.close()


def test_the_page_shows_the_engines_numbers(page: Page, recorded: Path) -> None:
    data = embedded(recorded)
    params = snapshots(data)
    for step, example in ((0, 3), (5, 40), (STEPS - 1, 77)):
        page.slide(step)
        page.click_point(example)
        assert page.attr("data-step") == step and page.attr("data-example") == example
        loss, values, grads = engine(params[step], example)
        assert data["losses"][step] == loss  # the same float: the same gates in order
        assert f"loss {number(loss)}" in page.page.inner_text("#caption")
        shown = page.numbers()
        assert {u for _, u, _, _ in shown} == set(range(len(data["units"])))
        for kind, unit, text, exact in shown:
            want = float32(values[unit] if kind == "value" else grads[unit])
            assert exact == want, (step, example, kind, data["units"][unit])
            assert text == number(want), (step, example, kind, data["units"][unit])
    assert page.errors == [] and page.dialogs == []


def test_steps_keys_play_and_a_click(page: Page) -> None:
    p = page.page
    assert page.attr("data-step") == 0
    p.click("#next")
    p.keyboard.press("ArrowRight")
    assert page.attr("data-step") == 2
    p.keyboard.press("End")
    assert page.attr("data-step") == STEPS - 1
    assert p.is_disabled("#next") and not p.is_disabled("#prev")
    p.keyboard.press("Home")
    assert page.attr("data-step") == 0 and p.is_disabled("#prev")
    # keys typed into a text field of the page stay there
    p.evaluate("document.body.appendChild(document.createElement('textarea')).id = 'notes'")
    p.click("#notes")
    p.keyboard.press("ArrowRight")
    p.keyboard.type("a b")
    assert page.attr("data-step") == 0 and p.input_value("#notes") == "a b"
    # Play moves on by itself, Pause stops it, and it stops at the last step
    p.click("#play")
    p.clock.run_for(PLAY_INTERVAL_MS * 3 + 10)
    assert page.attr("data-step") == 3
    p.click("#play")
    p.clock.run_for(PLAY_INTERVAL_MS * 4)
    assert page.attr("data-step") == 3 and p.inner_text("#play").endswith("Play")
    p.click("#play")
    p.clock.run_for(PLAY_INTERVAL_MS * (STEPS + 2))
    assert page.attr("data-step") == STEPS - 1
    assert p.get_attribute("#play", "aria-pressed") == "false"
    # clicking another point forwards that example: the network's numbers change
    p.keyboard.press("End")
    before = page.numbers()
    page.click_point(50, mouse=True)
    assert page.attr("data-example") == 50
    assert page.numbers() != before
    assert "example 50" in p.inner_text("#network-title")
    assert page.errors == []


def test_nothing_is_fetched_and_user_text_stays_text(page: Page, recorded: Path) -> None:
    p = page.page
    assert HOSTILE in p.inner_text("h1") and HOSTILE in p.title()
    assert p.locator("img").count() == 0 and p.locator("script").count() == 2
    page.click_point(1)
    p.keyboard.press("End")
    assert page.requests == [page.url]
    assert page.dialogs == [] and page.errors == []
    csp = p.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    assert csp is not None and "default-src 'none'" in csp and "script-src 'sha256-" in csp


def test_the_caption_says_what_changed(recorded: Path) -> None:
    data = embedded(recorded)
    params = snapshots(data)
    first = data["captions"][0]
    assert first.startswith("step 0: loss ") and "training accuracy" in first
    i, before, after, change = data["updates"][3][0]
    assert (before, after) == (number(params[3][i]), number(params[4][i]))
    moves = [abs(a - b) for a, b in zip(params[4], params[3], strict=True)]
    assert abs(params[4][i] - params[3][i]) == max(moves)
    assert f"the largest update was {data['params'][i]} ({change})" in data["captions"][3]


def test_a_nan_loss_is_recorded_and_shown(browser: Any, tmp_path: Path) -> None:
    X, y = [[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [1.0, -1.0, 1.0]
    model = nn.MLP(2, [4, 1], seed=0)
    rec = viz.TrainingRecorder(model, X, y)
    opt = SGD(model.parameters(), lr=0.1)
    for k in range(4):
        if k == 2:
            model.layers[0].neurons[0].w[0].data = float("nan")
        loss = losses.hinge([model(x) for x in X], y)  # type: ignore[misc]
        opt.zero_grad()
        loss.backward()
        opt.step()
        rec.record(loss)
    path = rec.save(tmp_path / "nan.html")
    data = embedded(path)
    assert data["losses"][2] is None and data["lossText"][2] == "nan"
    assert "the loss is NaN" in data["captions"][2]
    page = Page(browser, path)
    page.slide(2)
    assert "the loss is NaN" in page.page.inner_text("#caption")
    assert page.page.locator("#curves text.nan-mark").count() == 2  # steps 2 and 3
    assert "nan" in [t for _, _, t, _ in page.numbers()]
    assert page.errors == []
    page.context.close()


def test_the_moons_page_is_under_5_mb(browser: Any, tmp_path: Path) -> None:
    training = moons.train(moons.make_moons(100, noise=0.1, seed=0), moons.STEPS, log=quiet,
                           record=True)
    assert training.recorder is not None
    path = training.recorder.save(tmp_path / "moons.html", "two moons")
    assert path.stat().st_size < 5_000_000
    page = Page(browser, path)
    data = embedded(path)
    units = len(data["units"])
    grads = array("f", base64.b64decode(data["grads"]))
    at = 41 * 100 * units  # step 41: pick the example whose score gets the largest gradient
    busiest = max(range(100), key=lambda i: abs(grads[at + i * units + units - 1]))
    assert grads[at + busiest * units + units - 1] != 0.0
    page.slide(41)
    page.click_point(busiest)
    shot = tmp_path / "training-page.png"
    page.page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("SCALARGRAD_UPDATE_SCREENSHOTS") == "1":  # the README's picture
        (ROOT / "docs" / "training-page.png").write_bytes(shot.read_bytes())
    assert page.errors == []
    page.context.close()


# ---- the recorder's refusals -------------------------------------------------------------


class Empty(nn.Module):
    pass


def test_bad_input_is_refused_clearly() -> None:
    model = nn.MLP(2, [4, 1], seed=0)
    X, y = [[0.0, 1.0], [1.0, 0.0]], [1.0, -1.0]
    cases: list[tuple[Any, type[Exception], str]] = [
        (lambda: viz.TrainingRecorder(model, X, [1.0]), ValueError,
         "X has 2 examples but y has 1 targets"),
        (lambda: viz.TrainingRecorder(Empty(), X, y), ValueError, "the model has no parameters"),
        (lambda: viz.TrainingRecorder(object(), X, y), TypeError, "must be a scalargrad.nn.MLP"),
        (lambda: viz.TrainingRecorder(nn.MLP(3, [2, 1]), [[0.0] * 3], [1.0]), ValueError,
         "this MLP takes 3"),
        (lambda: viz.TrainingRecorder(nn.MLP(2, [2, 2]), X, y), ValueError, "has 2"),
        (lambda: viz.TrainingRecorder(model, X, [1.0, 0.5]), ValueError,
         "labels must be -1/\\+1 or 0/1"),
        (lambda: viz.TrainingRecorder(model, [[0.0]] * 2, y), ValueError,
         "X\\[0\\] must be 2 numbers"),
        (lambda: viz.TrainingRecorder(model, [[0.0, float("nan")], [1.0, 0.0]], y), ValueError,
         "X\\[0\\] must be finite numbers"),
        (lambda: viz.TrainingRecorder(model, [], []), ValueError, "no examples"),
    ]
    for make, kind, message in cases:
        with pytest.raises(kind, match=message):
            make()


def test_record_refuses_a_step_it_cannot_read(tmp_path: Path) -> None:
    model = nn.MLP(2, [4, 1], seed=0)
    X, y = [[0.0, 1.0], [1.0, 0.0]], [1.0, -1.0]
    rec = viz.TrainingRecorder(model, X, y)
    with pytest.raises(ValueError, match="nothing recorded yet"):
        rec.save(tmp_path / "empty.html")
    with pytest.raises(ValueError, match="reads the model's output for 0 examples"):
        rec.record(Value(1.0))  # before any forward pass
    loss = losses.hinge([model(x) for x in X], y)  # type: ignore[misc]
    with pytest.raises(ValueError, match=r"call loss\.backward\(\) first"):
        rec.record(loss)
    swapped = losses.hinge([model(x) for x in reversed(X)], y)  # type: ignore[misc]
    swapped.backward()
    with pytest.raises(ValueError, match="the loss must read the examples in X's order"):
        rec.record(swapped)
    half = losses.hinge([model(X[0])], y[:1])  # type: ignore[list-item]
    half.backward()
    with pytest.raises(ValueError, match="for 1 example, but X has 2"):
        rec.record(half)
    with pytest.raises(TypeError, match="takes the step's loss"):
        rec.record(0.5)  # type: ignore[arg-type]
    assert rec.steps == 0  # nothing half-recorded
    loss.backward()
    with pytest.raises(ValueError, match="call it after the optimiser's step"):
        rec.record(loss)
    SGD(model.parameters(), lr=0.1).step()
    rec.record(loss)
    with pytest.raises(ValueError, match="the parameters have not moved since the last record"):
        rec.record(loss)
    assert rec.steps == 1
    with pytest.raises(ValueError, match=r"writes an \.html page"):
        rec.save(tmp_path / "page.svg")
    assert rec.save(tmp_path / "page.html").stat().st_size > 0


def test_recording_a_compiled_step_gives_the_engines_numbers() -> None:
    data = moons.make_moons(100, noise=0.1, seed=0)
    X, y = [x for x, _ in data], [float(c) for _, c in data]

    def run(compiled: bool) -> Any:
        model = nn.MLP(2, [16, 16, 1], seed=0)
        opt = SGD(model.parameters(), lr=0.1)
        rec = viz.TrainingRecorder(model, X, y)
        c = sg.compile(lambda x, t: (1.0 - model(x) * t).relu(), [0.0, 0.0], 1.0)
        for _ in range(4):
            opt.zero_grad()
            if compiled:
                c.backward(np.array(X), np.array(y))
                opt.step()
                rec.record(c)
            else:
                loss = losses.hinge([model(x) for x in X], y)  # type: ignore[misc]
                loss.backward()
                opt.step()
                rec.record(loss)
        return rec.recording()

    engine_run, compiled_run = run(False), run(True)
    model = nn.MLP(2, [4, 1], seed=0)
    rec = viz.TrainingRecorder(model, X, y)
    c = sg.compile(lambda x, t: (1.0 - model(x) * t).relu(), [0.0, 0.0], 1.0)
    with pytest.raises(ValueError, match="call backward"):
        rec.record(c)  # no backward yet
    c.backward(np.array(X), np.array(y))
    SGD(model.parameters(), lr=0.1).step()
    rec.record(c)
    SGD(model.parameters(), lr=0.1).step()
    with pytest.raises(ValueError, match="last backward is recorded already"):
        rec.record(c)
    with pytest.raises(ValueError, match="ran on 3 examples, but X has 100"):
        c.backward(np.array(X[:3]), np.array(y[:3]))
        rec.record(c)
    assert rec.steps == 1
    assert compiled_run.losses == pytest.approx(engine_run.losses, rel=1e-12)
    assert np.array_equal(np.array(compiled_run.values), np.array(engine_run.values))
    assert np.allclose(np.array(compiled_run.grads), np.array(engine_run.grads), rtol=1e-6,
                       atol=1e-9)
    assert np.abs(np.array(engine_run.grads)).max() > 0.01  # gradients were there to compare


def test_a_sigmoid_classifier_is_judged_at_one_half(tmp_path: Path) -> None:
    X, y = [[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]], [1.0, 0.0, 1.0, 0.0]
    model = nn.MLP(2, [4, 1], output_activation="sigmoid", seed=0)
    rec = viz.TrainingRecorder(model, X, y)
    opt = SGD(model.parameters(), lr=0.5)
    loss = losses.mse([model(x) for x in X], y)  # type: ignore[misc]
    loss.backward()
    opt.step()
    rec.record(loss)
    with sg.no_grad():  # save() draws its own graph whatever the switch
        path = rec.save(tmp_path / "sigmoid.html")
    probs = rec.recording().scores[0]
    assert all(0.0 < p < 1.0 for p in probs)  # a sigmoid's output: never above 0 alone
    want = sum((p > 0.5) == (t == 1.0) for p, t in zip(probs, y, strict=True)) / len(y)
    data = embedded(path)
    assert data["threshold"] == 0.5 and data["accuracy"] == [want]


def test_the_page_writes_numbers_as_numfmt_does(browser: Any) -> None:
    # The page's fmt() against viz.numfmt.number, in Chromium, on random floats, their
    # float32 roundings and exact ties (Python rounds a tie to even, JS away from zero).
    from viz.training_assets import TRAINING_SCRIPT

    fmt = re.search(r"  function fmt\(x\) \{.*?\n  \}\n", TRAINING_SCRIPT, re.S)
    assert fmt is not None
    rng = np.random.default_rng(0)
    xs = (rng.uniform(-10.0, 10.0, 4000) * 10.0 ** rng.integers(-8, 9, 4000)).tolist()
    xs += [float32(x) for x in xs]
    xs += [1.0625, -1.0625, 1.0635, 1234.5, 1235.5, 9999.5, 99995.0, 2.5e-5, 0.03125, 1e4]
    xs += [k / 2.0**m for k in range(1, 3000, 7) for m in range(0, 16, 3)]
    page = browser.new_page()
    shown = page.evaluate(f"(xs) => {{ {fmt.group(0)}; return xs.map(fmt); }}", xs)
    page.close()
    assert [x for x, s in zip(xs, shown, strict=True) if s != number(x)] == []
