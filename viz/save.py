"""Writing a picture to a file, by suffix, without ever leaving half a file behind."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scalargrad import Value

from .dot import run_dot
from .draw import digraph_of
from .model import Drawable, root_of
from .options import NAMES, DrawOptions
from .page import write_page

Writer = Callable[[Value, DrawOptions], bytes]


def _dot_source(root: Value, options: DrawOptions) -> bytes:
    return bytes(digraph_of(root, options).source, "utf-8")


def _rendered(fmt: str) -> Writer:
    return lambda root, options: run_dot(digraph_of(root, options).source, fmt)


# suffix -> how to make the file's bytes from a root and draw()'s options
WRITERS: dict[str, Writer] = {
    ".svg": _rendered("svg"),
    ".png": _rendered("png"),
    ".pdf": _rendered("pdf"),
    ".dot": _dot_source,
    ".html": write_page,
}


def save(root: Drawable, path: str | os.PathLike[str], **options: Any) -> Path:
    """Draw ``root`` (options as for ``draw``) into ``path``; the suffix picks the format:
    ``.svg``, ``.png``, ``.pdf`` (these need Graphviz's ``dot``) or ``.dot`` (DOT source),
    or ``.html``: one self-contained page that steps through backward gate by gate.

    The file appears only when complete: bytes go to a temporary file in the same
    folder, renamed over ``path`` at the end; on any error ``path`` is left as it was.
    A file that is read-only (no write permission, for anyone or for this user) is
    refused with ``PermissionError``, not replaced; a file that is replaced keeps its
    permissions. A symbolic link is written through: its target gets the picture and the
    link stays a link. ``root`` may be a ``scalargrad.Compiled``: its traced example is
    drawn. Returns ``path`` as a ``Path``.
    """
    root = root_of(root)
    target = Path(path)
    writer = WRITERS.get(target.suffix.lower())
    if writer is None:
        allowed = ", ".join(WRITERS)
        raise ValueError(
            f"cannot tell the format of {str(target)!r} from its suffix "
            f"{target.suffix or '(none)'!r}; use one of {allowed}"
        )
    unknown = [name for name in options if name not in NAMES]
    if unknown:
        raise TypeError(
            f"save() got an unexpected keyword argument {unknown[0]!r}; "
            f"its options are those of draw(): {', '.join(NAMES)}"
        )
    checked = DrawOptions(**options)
    check_writable(Path(os.path.realpath(target)))  # before the layout, which can be slow
    data = writer(root, checked)  # any error here: nothing written
    write_atomic(target, data)
    return target


def check_writable(target: Path) -> None:
    folder = target.parent
    if not folder.is_dir():
        raise FileNotFoundError(
            f"cannot write {str(target)!r}: folder {str(folder)!r} does not exist"
        )
    if target.is_dir():
        raise IsADirectoryError(f"cannot write {str(target)!r}: it is a folder; name a file")
    # The rename below would replace a file its owner made read-only (and root may write
    # anything): refuse what could not be written in place.
    if target.exists() and not (target.stat().st_mode & 0o222 and os.access(target, os.W_OK)):
        raise PermissionError(errno.EACCES, "permission denied: the file is read-only", str(target))


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (through a symbolic link, to its target) via a temporary
    file in the same folder, keeping the permissions of a file it replaces."""
    target = Path(os.path.realpath(path))
    check_writable(target)
    mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
    # a short name: the target's own may already be as long as the file system allows
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".scalargrad-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
