"""Jupyter: the step page inline.

``step_through(root)`` returns a ``StepThrough``, which Jupyter shows as the step page
in a sandboxed ``<iframe srcdoc>``: the page's keys, ids and script stay inside the
frame, so typing in the notebook's cells is untouched and two pages in one notebook do
not meet. (``circuit.py`` makes ``viz.draw``'s picture name a missing ``dot``.)
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from scalargrad import Value

from .model import Drawable, root_of
from .options import DEFAULT_MAX_SIZE, DrawOptions
from .page import page_html
from .save import write_atomic

FRAME_HEIGHT = 620  # CSS pixels: the circuit, the controls and two lines of caption


class StepThrough:
    """The step-by-step page of one backward pass, for a notebook or a file."""

    def __init__(self, root: Value, options: DrawOptions) -> None:
        self.html = page_html(root, options)  # laid out now: a bad graph fails here

    def _repr_html_(self) -> str:
        return (
            f'<iframe sandbox="allow-scripts" srcdoc="{html.escape(self.html, quote=True)}" '
            f'style="width: 100%; height: {FRAME_HEIGHT}px; border: 1px solid #ddd" '
            'title="backward, step by step"></iframe>'
        )

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the page to ``path`` (an ``.html`` file), as ``viz.save`` would."""
        target = Path(path)
        if target.suffix.lower() != ".html":
            raise ValueError(f"a step page is an .html file, got {str(target)!r}")
        write_atomic(target, self.html.encode("utf-8"))
        return target


def step_through(
    root: Drawable,
    *,
    grad: bool | None = None,
    local: bool = False,
    collapse: bool | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
) -> StepThrough:
    """The step page of ``root``'s backward pass, shown inline by Jupyter; the options
    are ``DrawOptions``'."""
    return StepThrough(root_of(root), DrawOptions(grad, local, collapse, max_size))
