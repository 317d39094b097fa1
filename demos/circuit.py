"""cs231n's first circuit, ``f = (x + y) * z`` at x=-2, y=5, z=-4.

The add gate hands its output's gradient to both inputs unchanged; the multiply gate
sends each input the *other* input times its output's gradient.
"""

from __future__ import annotations

from pathlib import Path

from scalargrad import Value

from .pictures import save_circuit
from .report import DemoResult, Log, main


def run(out_dir: Path, log: Log = print) -> DemoResult:
    result = DemoResult("circuit", "cs231n circuit (x + y) * z")
    x, y, z = Value(-2.0, "x"), Value(5.0, "y"), Value(-4.0, "z")
    q = x + y
    f = q * z
    f.backward()
    log(f"f = (x + y) * z at x={x.data:g}, y={y.data:g}, z={z.data:g}")
    log(f"  forward:  q = x + y = {q.data:g};  f = q * z = {f.data:g}")
    log(f"  backward: df/dz = q = {z.grad:g};  df/dq = z = {q.grad:g}")
    log(f"            add distributes: df/dx = df/dy = df/dq = {x.grad:g}, {y.grad:g}")
    for name, got, want in (
        ("f", f.data, -12.0), ("dx", x.grad, -4.0), ("dy", y.grad, -4.0), ("dz", z.grad, 3.0)
    ):
        result.check(name, got, want)
    result.numbers = {"f": f"{f.data:g}", "dx,dy,dz": f"{x.grad:g}, {y.grad:g}, {z.grad:g}"}
    save_circuit(
        result, f, out_dir / "circuit.svg",
        "(x + y) * z: values above the wires, gradients below; "
        "+ copies the gradient to both inputs, × swaps its inputs.",
    )
    return result


if __name__ == "__main__":
    raise SystemExit(main("circuit", run))
