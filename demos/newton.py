"""Newton's method with ``scalargrad.derivative``, and the graph of a gradient drawn.

    python -m demos.newton [--out DIR]

1. Minimise f(x) = x⁴ - 3x³ + 2 from x = 3: x ← x - f'(x) / f''(x). Both derivatives
   come from ``derivative(f, 1)`` and ``derivative(f, 2)``; the minimum is at x = 9/4.
2. Find the root of g(x) = x eˣ - 1 from x = 1: x ← x - g(x) / g'(x). The root is the
   omega constant, 0.5671432904097838...
3. Draw f'(x) at x = 1.5 as a circuit: ``grad(f(x), x, create_graph=True)`` returns a
   Value whose gates are the backward pass itself (DIR/newton_gradient.svg).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import viz
from scalargrad import Value, derivative, exp, grad


def f(x: Value) -> Value:
    """x⁴ - 3x³ + 2, minimised at 9/4."""
    return x**4 - 3 * x**3 + 2


def g(x: Value) -> Value:
    """x eˣ - 1, zero at the omega constant."""
    return x * exp(x) - 1


@dataclass(frozen=True)
class Step:
    """One Newton iteration: where it stood, the function there, and the update."""

    k: int
    x: float
    value: float
    slope: float
    update: float


def newton(
    value: Callable[[float], float],
    slope: Callable[[float], float],
    x0: float,
    tol: float = 1e-12,
    max_steps: int = 50,
) -> list[Step]:
    """Newton's iteration x ← x - value(x) / slope(x), until the update is below ``tol``."""
    steps: list[Step] = []
    x = x0
    for k in range(max_steps):
        v, s = value(x), slope(x)
        if s == 0.0:
            raise ZeroDivisionError(f"Newton's method stalled: the slope is 0 at x = {x!r}")
        update = v / s
        steps.append(Step(k, x, v, s, update))
        x -= update
        if abs(update) <= tol * max(1.0, abs(x)):
            return steps
    raise RuntimeError(f"Newton's method did not converge in {max_steps} steps from {x0!r}")


def minimise(fn: Callable[[Value], Value], x0: float) -> list[Step]:
    """Newton on f' (its slope is f''): a stationary point of ``fn`` near ``x0``."""
    return newton(derivative(fn, 1), derivative(fn, 2), x0)


def find_root(fn: Callable[[Value], Value], x0: float) -> list[Step]:
    """Newton on ``fn`` itself (its slope is fn')."""
    return newton(derivative(fn, 0), derivative(fn, 1), x0)


@dataclass(frozen=True)
class Result:
    minimum: list[Step]
    root: list[Step]
    gradient_at: float
    gradient: float
    picture: Path


def draw_gradient(fn: Callable[[Value], Value], at: float, path: Path) -> tuple[float, Path]:
    """Save the circuit that computes fn'(at) (a graph of gates, like any Value)."""
    x = Value(at, "x")
    [slope] = grad(fn(x), x, create_graph=True)
    return slope.data, viz.save(slope, path)


def show(title: str, steps: list[Step], value_name: str, slope_name: str) -> None:
    print(title)
    print(f"  {'k':>2}  {'x':>20}  {value_name:>12}  {slope_name:>12}")
    for s in steps:
        print(f"  {s.k:>2}  {s.x:>20.16f}  {s.value:>12.4e}  {s.slope:>12.4e}")
    last = steps[-1]
    print(f"  -> x = {last.x - last.update!r} after {len(steps)} steps")


def run(out_dir: str | Path = "out") -> Result:
    """Run the three parts, print them, and return the numbers and the picture's path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    minimum = minimise(f, 3.0)
    show("Minimise f(x) = x^4 - 3x^3 + 2 from x = 3 (x <- x - f'/f''):", minimum, "f'", "f''")
    root = find_root(g, 1.0)
    show("Root of g(x) = x e^x - 1 from x = 1 (x <- x - g/g'):", root, "g", "g'")
    slope, picture = draw_gradient(f, 1.5, out / "newton_gradient.svg")
    print(f"f'(1.5) = {slope!r}; its circuit (the backward pass as gates): {picture}")
    return Result(minimum, root, 1.5, slope, picture)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m demos.newton", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="out", help="folder for the picture (default: out)")
    run(parser.parse_args(argv).out)


if __name__ == "__main__":
    main()
