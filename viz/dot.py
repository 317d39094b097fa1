"""Running Graphviz's ``dot``: the one place viz starts a process."""

from __future__ import annotations

import shutil
import subprocess

from .errors import INSTALL_HINT, GraphvizFailedError, GraphvizNotFoundError

DOT_TIMEOUT = 60.0  # seconds: a backstop; model.build refuses graphs whose layout is slow
PNG_DPI = 144  # dot's default 96 dpi makes small numbers blurry


def run_dot(source: str, fmt: str, what: str = "", timeout: float = DOT_TIMEOUT) -> bytes:
    """``source`` laid out and rendered by Graphviz's ``dot`` as ``fmt`` (svg, png, pdf).

    ``what`` names what is being made, for the error when ``dot`` is missing (default:
    the format, "SVG")."""
    exe = shutil.which("dot")
    if exe is None:
        raise GraphvizNotFoundError(
            f"cannot {what or 'render ' + fmt.upper()}: Graphviz's `dot` program was not "
            "found on PATH; " + INSTALL_HINT
        )
    try:
        done = subprocess.run(
            [exe, f"-T{fmt}", *([f"-Gdpi={PNG_DPI}"] if fmt == "png" else [])],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise GraphvizFailedError(
            f"Graphviz's dot took longer than {timeout:.0f} s to lay out the graph; "
            "draw a smaller part of it or pass collapse=True"
        ) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise GraphvizFailedError(f"Graphviz's dot failed (exit {done.returncode}): {message}")
    return done.stdout
