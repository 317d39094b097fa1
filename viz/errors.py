"""Errors viz raises besides the standard ones."""

from __future__ import annotations

INSTALL_HINT = (
    "install Graphviz, which provides it: Debian/Ubuntu `sudo apt-get install graphviz`, "
    "macOS `brew install graphviz`, others https://graphviz.org/download/; "
    "writing a .dot file works without it"
)


class GraphvizNotFoundError(RuntimeError):
    """Graphviz's ``dot`` program, needed for SVG, PNG and PDF, is not on PATH."""


class GraphvizFailedError(RuntimeError):
    """``dot`` ran but failed or took too long."""
