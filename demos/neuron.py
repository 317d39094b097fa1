"""cs231n's sigmoid neuron ``f = sigmoid(w0*x0 + w1*x1 + w2)``, w=[2,-3,-3], x=[-1,-2].

Drawn twice: as the notes draw it, one gate per operation with the sigmoid spelled out
as 1 / (1 + exp(-dot)); and as scalargrad's nn builds it, one ``neuron`` gate (whose
local gradients are the inputs and the weights, swapped as a multiply gate swaps)
followed by one sigmoid gate. Both give the same gradients.
"""

from __future__ import annotations

from pathlib import Path

from scalargrad import Value, apply
from scalargrad.ops import NEURON

from .pictures import save_circuit
from .report import DemoResult, Log, main

W, X = (2.0, -3.0, -3.0), (-1.0, -2.0)
EXPECTED_F = 0.7310585786
EXPECTED_DX = (0.3932238664, -0.5898357997)
EXPECTED_DW = (-0.1966119332, -0.3932238664, 0.1966119332)


def leaves() -> tuple[list[Value], list[Value]]:
    w = [Value(v, f"w{i}") for i, v in enumerate(W)]
    x = [Value(v, f"x{i}") for i, v in enumerate(X)]
    return w, x


def as_gates() -> tuple[Value, list[Value], list[Value]]:
    """The notes' circuit: *, *, +, +, then sigmoid as -1 *, exp, +1, 1/x."""
    w, x = leaves()
    dot = w[0] * x[0] + w[1] * x[1] + w[2]
    f = 1.0 / (1.0 + (-dot).exp())
    return f, w, x


def as_neuron_gate() -> tuple[Value, list[Value], list[Value]]:
    """One neuron gate (w0, w1, x0, x1, w2) and one sigmoid gate."""
    w, x = leaves()
    f = apply(NEURON, w[0], w[1], x[0], x[1], w[2]).sigmoid()
    return f, w, x


def run(out_dir: Path, log: Log = print) -> DemoResult:
    result = DemoResult("neuron", "cs231n sigmoid neuron")
    log(f"f = sigmoid(w0*x0 + w1*x1 + w2) at w={list(W)}, x={list(X)}")
    for how, build, picture, caption in (
        ("gates", as_gates, "neuron_gates.svg",
         "The neuron as cs231n draws it: every multiply and add, and the sigmoid spelled "
         "out as −x, exp, +1, 1/x; the gradient at the sum is (1 − f)·f ≈ 0.1966."),
        ("neuron gate", as_neuron_gate, "neuron_gate.svg",
         "The same neuron as scalargrad.nn builds it: one Σw·x+b gate (local gradients: "
         "the inputs and weights, swapped) and one σ gate; the same gradients."),
    ):
        f, w, x = build()
        f.backward()
        log(f"  {how:11s}: f = {f.data:.10f}  dx = {[round(v.grad, 10) for v in x]}  "
            f"dw = {[round(v.grad, 10) for v in w]}")
        result.check(f"{how}: f", f.data, EXPECTED_F, abs=1e-10)
        for i, v in enumerate(x):
            result.check(f"{how}: dx{i}", v.grad, EXPECTED_DX[i], abs=1e-10)
        for i, v in enumerate(w):
            result.check(f"{how}: dw{i}", v.grad, EXPECTED_DW[i], abs=1e-10)
        save_circuit(result, f, out_dir / picture, caption)
        result.numbers = {
            "f": f"{f.data:.10f}",
            "dx": ", ".join(f"{v.grad:.10f}" for v in x),
            "dw": ", ".join(f"{v.grad:.10f}" for v in w),
        }
    return result


if __name__ == "__main__":
    raise SystemExit(main("neuron", run))
