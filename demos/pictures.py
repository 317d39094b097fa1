"""Saving pictures: circuit diagrams through ``viz``, plots through matplotlib (headless)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import viz
from scalargrad import Value

from .report import DemoResult


def save_circuit(
    result: DemoResult, root: Value, path: Path, caption: str, **options: Any
) -> Path:
    """Draw the graph under ``root`` into ``path`` (format from the suffix) and record it."""
    written = viz.save(root, path, **options)
    result.wrote(written, caption)
    return written


def pyplot() -> Any:
    """matplotlib's pyplot on the Agg backend: no display needed."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt
