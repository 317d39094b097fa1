"""The gallery: run every demo, print a short table, write ``index.html``.

The page shows each picture a demo reports with its one line of explanation; it links
only files that exist inside the output folder, and escapes every piece of text.
"""

from __future__ import annotations

import contextlib
import html
import importlib
import importlib.util
import io
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import quote

from . import mnist, moons
from .mnist import EPOCHS
from .moons import STEPS
from .report import DemoResult, Log

DEMOS = ("circuit", "routing", "neuron", "shopping", "miniflow", "moons", "mnist")
IMAGE_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg", ".gif"}
OMEGA = 0.5671432904097838  # the root of x e^x = 1


@dataclass
class Entry:
    """One demo's row: its result (or the error that stopped it) and its run time."""

    result: DemoResult
    seconds: float
    error: str = ""

    @property
    def passed(self) -> bool:
        return not self.error and self.result.passed


def newton_result(out_dir: Path, log: Log) -> DemoResult:
    """demos.newton returns its own record; turn it into a DemoResult."""
    newton = importlib.import_module("demos.newton")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        got = newton.run(out_dir)
    for line in printed.getvalue().splitlines():
        log(line)
    minimum = got.minimum[-1].x - got.minimum[-1].update
    root = got.root[-1].x - got.root[-1].update
    result = DemoResult("newton", "Newton's method with derivative()")
    result.check("minimum of x^4 - 3x^3 + 2", minimum, 2.25, rel=1e-12)
    result.check("root of x e^x - 1", root, OMEGA, rel=1e-12)
    result.check("f'(1.5)", got.gradient, 4 * 1.5**3 - 9 * 1.5**2, rel=1e-12)
    result.numbers = {
        "minimum at": f"{minimum:.12g} ({len(got.minimum)} steps)",
        "root": f"{root:.12g} ({len(got.root)} steps)",
    }
    result.wrote(Path(got.picture), "f'(x) at x = 1.5 drawn as a circuit: the backward pass "
                                    "itself, built from gates, so it can be differentiated "
                                    "again (Newton needs f'').")
    return result


def runners(
    moons_steps: int = STEPS, mnist_epochs: int = EPOCHS
) -> list[tuple[str, Callable[[Path, Log], DemoResult]]]:
    """Every demo's ``run``, in gallery order."""
    found: list[tuple[str, Callable[[Path, Log], DemoResult]]] = [
        (name, importlib.import_module(f"demos.{name}").run) for name in DEMOS
    ]
    found[DEMOS.index("moons")] = ("moons", partial(moons.run, steps=moons_steps))
    found[DEMOS.index("mnist")] = ("mnist", partial(mnist.run, epochs=mnist_epochs))
    found.append(("newton", newton_result))
    return found


def run_all(
    out_dir: Path, log: Log = print, moons_steps: int = STEPS, mnist_epochs: int = EPOCHS
) -> list[Entry]:
    """Run every demo, one after the other; a demo that raises is recorded, not fatal."""
    entries = []
    for name, run in runners(moons_steps, mnist_epochs):
        log(f"== {name} ==")
        start = time.perf_counter()
        try:
            result = run(out_dir, log)
            error = ""
        except Exception as e:  # the gallery reports it and goes on
            result = DemoResult(name, name)
            error = f"{type(e).__name__}: {e}"
            log(traceback.format_exc())
        entries.append(Entry(result, time.perf_counter() - start, error))
        log("")
    return entries


def existing(out_dir: Path, result: DemoResult) -> list[tuple[str, str, bool]]:
    """(link relative to out_dir, caption, is an image) for each file that exists there."""
    root = out_dir.resolve()
    links = []
    for picture in result.files:
        path = picture.path if picture.path.is_absolute() else Path.cwd() / picture.path
        path = path.resolve()
        if path.is_file() and path.is_relative_to(root):
            rel = path.relative_to(root).as_posix()
            links.append((rel, picture.caption, path.suffix.lower() in IMAGE_SUFFIXES))
    return links


def table(entries: list[Entry], out_dir: Path) -> str:
    """The short text table printed at the end."""
    lines = [f"{'demo':<10}{'result':<8}{'checks':<8}{'time':>7}  key numbers / files"]
    for e in entries:
        r = e.result
        ok = sum(c.ok for c in r.checks)
        lines.append(
            f"{r.name:<10}{'PASS' if e.passed else 'FAIL':<8}{f'{ok}/{len(r.checks)}':<8}"
            f"{e.seconds:>6.1f}s  "
            + ("; ".join(f"{k} = {v}" for k, v in r.numbers.items()) or e.error)
        )
        files = [link for link, _, _ in existing(out_dir, r)]
        if files:
            lines.append(f"{'':<35}files: {', '.join(files)}")
        for c in r.checks:
            if not c.ok:
                lines.append(f"{'':<35}FAILED {c}")
    passed = sum(e.passed for e in entries)
    total = sum(e.seconds for e in entries)
    lines.append(f"{passed}/{len(entries)} demos pass; {total:.1f}s; page: "
                 f"{out_dir / 'index.html'}")
    return "\n".join(lines)


def _text(s: object) -> str:
    return html.escape(str(s), quote=True)


def page(entries: list[Entry], out_dir: Path) -> str:
    """index.html: a summary table, then each demo's numbers, checks and pictures."""
    rows = []
    sections = []
    for e in entries:
        r = e.result
        ok = sum(c.ok for c in r.checks)
        status = "PASS" if e.passed else "FAIL"
        rows.append(
            f"<tr><td><a href=\"#{_text(r.name)}\">{_text(r.name)}</a></td>"
            f"<td class=\"{status.lower()}\">{status}</td><td>{ok}/{len(r.checks)}</td>"
            f"<td>{e.seconds:.1f} s</td></tr>"
        )
        parts = [f"<section id=\"{_text(r.name)}\"><h2>{_text(r.title)} "
                 f"<span class=\"{status.lower()}\">{status}</span></h2>"]
        if e.error:
            parts.append(f"<p class=\"fail\">{_text(e.error)}</p>")
        if r.numbers:
            parts.append("<ul>" + "".join(
                f"<li>{_text(k)}: <code>{_text(v)}</code></li>" for k, v in r.numbers.items()
            ) + "</ul>")
        if r.checks:
            parts.append(
                f"<details><summary>{ok} of {len(r.checks)} checks against the seed numbers"
                "</summary><ul>"
                + "".join(f"<li class=\"{'pass' if c.ok else 'fail'}\">{_text(c)}</li>"
                          for c in r.checks)
                + "</ul></details>"
            )
        for link, caption, image in existing(out_dir, r):
            href = _text(quote(link))
            shown = (f"<a href=\"{href}\"><img src=\"{href}\" alt=\"{_text(caption)}\"></a>"
                     if image else f"<a href=\"{href}\">{_text(link)}</a>")
            parts.append(f"<figure>{shown}<figcaption><code>{_text(link)}</code> — "
                         f"{_text(caption)}</figcaption></figure>")
        parts.append("</section>")
        sections.append("\n".join(parts))
    passed = sum(e.passed for e in entries)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>scalargrad demo gallery</title>
<style>
body {{ font-family: sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; }}
img {{ max-width: 100%; max-height: 900px; border: 1px solid #ddd; }}
figure {{ margin: 1.5em 0; }} figcaption {{ color: #444; margin-top: .3em; }}
table {{ border-collapse: collapse; }} td, th {{ padding: .2em .8em; border: 1px solid #ccc; }}
.pass {{ color: #1a7f37; }} .fail {{ color: #c62828; font-weight: bold; }}
</style>
</head>
<body>
<h1>scalargrad demo gallery</h1>
<p>{passed} of {len(entries)} demos reproduce their seed numbers.
Values ride above each wire in green, gradients below in red.</p>
<table><tr><th>demo</th><th>result</th><th>checks</th><th>time</th></tr>
{chr(10).join(rows)}
</table>
{chr(10).join(sections)}
</body>
</html>
"""


def write_page(entries: list[Entry], out_dir: Path) -> Path:
    path = out_dir / "index.html"
    path.write_text(page(entries, out_dir), encoding="utf-8")
    return path


def gallery(
    out_dir: Path, log: Log = print, moons_steps: int = STEPS, mnist_epochs: int = EPOCHS
) -> tuple[list[Entry], Path]:
    """Run everything, write the page; returns the entries and the page's path."""
    entries = run_all(out_dir, log, moons_steps, mnist_epochs)
    return entries, write_page(entries, out_dir)

