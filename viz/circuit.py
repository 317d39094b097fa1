"""``Circuit``: the ``graphviz.Digraph`` that ``viz.draw`` returns.

Jupyter shows it inline as SVG, rendered by Graphviz's ``dot``. Without ``dot`` it shows
how to install it, instead of graphviz's own ``ExecutableNotFound`` traceback.
"""

from __future__ import annotations

import html
from typing import Any

import graphviz

from .errors import INSTALL_HINT


class Circuit(graphviz.Digraph):  # type: ignore[misc]  # graphviz has no type hints
    """A ``graphviz.Digraph`` whose notebook display names the missing ``dot``."""

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None, **kwargs: Any
    ) -> dict[str, Any]:
        try:
            bundle: dict[str, Any] = super()._repr_mimebundle_(include, exclude, **kwargs)
        except graphviz.ExecutableNotFound:
            message = (
                "viz cannot draw this circuit here: Graphviz's `dot` program was not found "
                "on PATH; " + INSTALL_HINT
            )
            return {"text/plain": message, "text/html": f"<pre>{html.escape(message)}</pre>"}
        return bundle
