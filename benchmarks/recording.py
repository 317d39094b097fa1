"""``python -m benchmarks.recording``: what the training page costs.

* Recording: the moons demo's 100 SGD steps (``scalargrad.nn``, hinge + L2) with and
  without ``viz.TrainingRecorder.record`` after each step, alternated in rounds in one
  process; the overhead is the median ratio minus one.
* The page: its size, the seconds ``save`` takes, and the time to load it in Debian's
  headless Chromium (navigation start to the end of the load event, which includes the
  page's own script drawing everything), when chromium and playwright are there.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from demos import moons
from demos.report import quiet


def train_seconds(record: bool) -> tuple[float, moons.Training]:
    data = moons.make_moons(100, noise=0.1, seed=0)
    start = time.perf_counter()
    training = moons.train(data, moons.STEPS, log=quiet, record=record)
    return time.perf_counter() - start, training


def load_ms(path: Path, rounds: int) -> float | None:
    exe = shutil.which("chromium")
    if exe is None:
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=exe,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for _ in range(rounds):
            page = browser.new_page()
            page.goto(path.resolve().as_uri())
            times.append(page.evaluate(
                "performance.getEntriesByType('navigation')[0].loadEventEnd"
            ))
            page.close()
        browser.close()
    return float(statistics.median(times))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.recording", description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    ratios = []
    training = None
    for _ in range(args.rounds):
        plain, _ = train_seconds(record=False)
        recorded, training = train_seconds(record=True)
        ratios.append(recorded / plain)
    assert training is not None and training.recorder is not None
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        page = training.recorder.save(Path(folder) / "moons.html", "two moons")
        save_s = time.perf_counter() - start
        size = page.stat().st_size
        load = load_ms(page, args.rounds)
    overhead = statistics.median(ratios) - 1.0
    print("training page, moons (MLP 2-16-16-1, 100 points, 100 SGD steps)")
    print(f"| recording overhead on training time | {overhead:+.1%} | target < 25 % |")
    print(f"| page size | {size / 1e6:.2f} MB | target < 5 MB |")
    print(f"| save (boundary grids, layout, encoding) | {save_s:.2f} s | |")
    shown = "no chromium" if load is None else f"{load:.0f} ms"
    print(f"| load in headless Chromium (median of {args.rounds}) | {shown} | target < 1 s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
