"""cs231n's gradient-routing example, ``f = 2 * (x*y + max(z, w))`` at 3, -4, 2, -1.

On one picture: the add gate distributes its gradient (2 to both inputs), the max gate
routes it to the larger input only (z gets 2, w gets 0), the multiply gate swaps
(x gets y * 2 = -8, y gets x * 2 = 6).
"""

from __future__ import annotations

from pathlib import Path

from scalargrad import Value

from .pictures import save_circuit
from .report import DemoResult, Log, main


def run(out_dir: Path, log: Log = print) -> DemoResult:
    result = DemoResult("routing", "cs231n routing 2 * (x*y + max(z, w))")
    x, y, z, w = Value(3.0, "x"), Value(-4.0, "y"), Value(2.0, "z"), Value(-1.0, "w")
    xy = x * y
    m = z.max(w)
    s = xy + m
    f = 2.0 * s
    f.backward()
    log(f"f = 2 * (x*y + max(z, w)) at x={x.data:g}, y={y.data:g}, z={z.data:g}, w={w.data:g}")
    log(f"  forward:  x*y = {xy.data:g}, max(z, w) = {m.data:g}, f = {f.data:g}")
    log(f"  add distributes: d/d(x*y) = d/d(max) = {xy.grad:g}, {m.grad:g}")
    log(f"  max routes:      dz = {z.grad:g} (the winner), dw = {w.grad:g}")
    log(f"  mul swaps:       dx = y * {xy.grad:g} = {x.grad:g}, dy = x * {xy.grad:g} = {y.grad:g}")
    for name, got, want in (
        ("f", f.data, -20.0), ("dx", x.grad, -8.0), ("dy", y.grad, 6.0),
        ("dz", z.grad, 2.0), ("dw", w.grad, 0.0),
        ("add distributes", xy.grad, m.grad),
    ):
        result.check(name, got, want)
    result.numbers = {
        "f": f"{f.data:g}",
        "dx,dy,dz,dw": ", ".join(f"{v.grad:g}" for v in (x, y, z, w)),
    }
    save_circuit(
        result, f, out_dir / "routing.svg",
        "2·(x·y + max(z, w)): + distributes the gradient, max routes it all to z "
        "(w's wire dashed, gradient 0), × swaps x and y.",
    )
    save_circuit(
        result, f, out_dir / "routing_local.svg",
        "The same circuit with each wire's local gradient (blue): the chain rule multiplies "
        "it by the gradient arriving from the right.",
        local=True,
    )
    save_circuit(
        result, f, out_dir / "routing.html",
        "Watch backward run: a page that steps through the gates one at a time "
        "(Next/Prev, slider, Play, arrow keys), saying what each gate sends where.",
    )
    return result


if __name__ == "__main__":
    raise SystemExit(main("routing", run))
