"""viz's rooms: every module imports on its own, and no two import each other, directly
or round a longer circle (the module-level imports, read from the source)."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

VIZ = Path(__file__).resolve().parent.parent / "viz"
MODULES = sorted(p.stem for p in VIZ.glob("*.py") if p.stem != "__main__")


def _imports(module: str) -> set[str]:
    """The viz modules ``module`` imports (``from .x import``, ``from . import x``)."""
    tree = ast.parse((VIZ / f"{module}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("viz."):
            found.add((node.module or "").split(".")[1])
    return found & set(MODULES)


def test_no_viz_module_imports_in_a_circle() -> None:
    graph = {m: _imports(m) - {"__init__"} for m in MODULES if m != "__init__"}
    done: set[str] = set()

    def visit(m: str, path: list[str]) -> None:
        if m in path:
            cycle = " -> ".join([*path[path.index(m) :], m])
            pytest.fail(f"viz modules import in a circle: {cycle}")
        if m in done:
            return
        for n in sorted(graph[m]):
            visit(n, [*path, m])
        done.add(m)

    for m in sorted(graph):
        visit(m, [])


@pytest.mark.parametrize("module", MODULES)
def test_every_viz_module_imports_first_in_a_fresh_interpreter(module: str) -> None:
    name = "viz" if module == "__init__" else f"viz.{module}"
    done = subprocess.run(
        [sys.executable, "-c", f"import {name}"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    importlib.import_module(name)
