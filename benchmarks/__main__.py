"""``python -m benchmarks``: scalargrad beside micrograd 0.1.0, one run, a markdown table.

Each row alternates the engines for several rounds and reports medians, with Python's
cyclic GC on (as users run it) and off; the ratio is scalargrad / micrograd.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import time
from collections.abc import Callable
from typing import Any

from . import engines, measure, workloads

Row = tuple[str, str, str, str, str]


def _ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}×"


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if "model name" in line)
    except (OSError, StopIteration):
        pass
    return (
        f"{datetime.date.today()}, {cpu}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()}"
    )


def graph_rows(
    all_engines: dict[str, engines.Engine], repeats: int, chain_n: int, wide_n: int
) -> list[Row]:
    rows: list[Row] = []
    names = list(all_engines)
    shapes: dict[str, Callable[[Any], tuple[Any, int]]] = {
        f"chain y=y*c+d, N={chain_n:,}": lambda V: workloads.chain(V, chain_n),
        f"wide sum of {wide_n:,} products": lambda V: workloads.wide_sum(V, wide_n),
    }
    for title, shape in shapes.items():
        for gc_on in (True, False):

            def one(e: str, shape: Any = shape, gc_on: bool = gc_on) -> tuple[float, float]:
                return measure.build_and_backward(lambda: shape(all_engines[e].Value), gc_on)

            med = measure.alternate(names, repeats, one)
            (mb, mw), (sb, sw) = med["micrograd"], med["scalargrad"]
            gc_txt = "GC on" if gc_on else "GC off"
            rows.append(
                (
                    f"{title}: build ns/gate ({gc_txt})",
                    f"{mb:.0f}",
                    f"{sb:.0f}",
                    _ratio(sb, mb),
                    "≤ 0.5×" if gc_on else "",
                )
            )
            rows.append(
                (
                    f"{title}: backward ns/gate ({gc_txt})",
                    f"{mw:.0f}",
                    f"{sw:.0f}",
                    _ratio(sw, mw),
                    "≤ 0.4×" if gc_on else "",
                )
            )
    return rows


def mlp_rows(contenders: dict[str, engines.Engine], repeats: int, target: str) -> list[Row]:
    """One SGD step of a 2-16-16-1 relu MLP on 100 points, ms per step."""
    data = workloads.points()
    rows: list[Row] = []
    names = list(contenders)
    models = {e: contenders[e].mlp() for e in names}
    for gc_on in (True, False):

        def one(e: str, gc_on: bool = gc_on) -> tuple[float]:
            model, params, zero = models[e]
            return (
                measure.seconds(lambda: workloads.train_step(model, params, data, zero), gc_on)
                * 1e3,
            )

        med = measure.alternate(names, repeats, one)
        (m,), (s,) = med["micrograd"], med[names[1]]
        gc_txt = "GC on" if gc_on else "GC off"
        rows.append(
            (
                f"MLP 2-16-16-1 step, 100 points ({names[1]}), ms ({gc_txt})",
                f"{m:.1f}",
                f"{s:.1f}",
                _ratio(s, m),
                target if gc_on else "",
            )
        )
    return rows


def memory_rows(all_engines: dict[str, engines.Engine], n: int) -> list[Row]:
    res = {
        e: measure.memory(lambda V=eng.Value: workloads.chain(V, n // 2), eng.Value)  # type: ignore[misc]
        for e, eng in all_engines.items()
    }
    (mh, ml, ma), (sh, sl, sa) = res["micrograd"], res["scalargrad"]
    return [
        (
            f"bytes per gate (tracemalloc, {n:,} gates)",
            f"{mh:.0f}",
            f"{sh:.0f}",
            _ratio(sh, mh),
            "≤ 450 B",
        ),
        (
            "bytes left after the graph is dropped (GC off)",
            f"{ml:,.0f}",
            f"{sl:,.0f}",
            "",
            "free lists only",
        ),
        ("nodes still alive after the graph is dropped (GC off)", f"{ma:,}", f"{sa:,}", "", "0"),
    ]


def deep_rows(all_engines: dict[str, engines.Engine], depth: int) -> list[Row]:
    def attempt(V: Any, n: int) -> str:
        root, _ = workloads.chain(V, n // 2)
        t0 = time.perf_counter()
        try:
            root.backward()
        except RecursionError:
            return f"RecursionError at {n:,} deep"
        return f"{time.perf_counter() - t0:.2f} s"

    # Both at Python's default recursion limit, as a user meets them.
    return [
        (
            f"backward on a {depth:,}-deep chain",
            attempt(all_engines["micrograd"].Value, depth),
            attempt(all_engines["scalargrad"].Value, depth),
            "",
            "runs",
        )
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--repeats", type=int, default=11, help="rounds per row (median)")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, 3 rounds")
    args = parser.parse_args(argv)
    repeats = 3 if args.quick else args.repeats
    scale = 10 if args.quick else 1

    all_engines = {"micrograd": engines.micrograd(), "scalargrad": engines.scalargrad_ops()}
    print(f"Machine: {_machine()}\n", flush=True)
    with measure.recursion_limit(200_000):  # lets micrograd's recursive sort run at all
        rows = graph_rows(all_engines, repeats, 20_000 // scale, 20_000 // scale)
    rows += mlp_rows(
        {"micrograd": all_engines["micrograd"], "scalargrad, Value ops": all_engines["scalargrad"]},
        repeats,
        "≤ 0.25×",
    )
    rows += mlp_rows(
        {"micrograd": all_engines["micrograd"], "scalargrad.nn": engines.scalargrad_nn()},
        repeats,
        "≤ 0.1×",
    )
    rows += memory_rows(all_engines, 100_000 // scale)
    rows += deep_rows(all_engines, 1_000_000 // scale)
    rows.insert(0, ("micrograd 0.1.0 vs scalargrad", "micrograd", "scalargrad", "ratio", "target"))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for k, row in enumerate(rows):
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if k == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return 0


if __name__ == "__main__":
    sys.exit(main())
