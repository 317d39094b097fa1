"""What a demo hands back: its key numbers, its checks against the seed numbers, and the
files it wrote (each with one line saying what it shows); and the ``--out`` command line
every demo shares."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

Log = Callable[[str], None]


def quiet(_: str) -> None:
    """A ``log`` that prints nothing."""


@dataclass(frozen=True)
class Check:
    """One number the demo must reproduce: ``got`` against ``expected``, exactly, within a
    tolerance, or (``at_least``) as a floor."""

    name: str
    got: float
    expected: float
    rel: float = 0.0  # rel == abs == 0.0: exactly equal
    abs: float = 0.0
    at_least: bool = False

    @property
    def ok(self) -> bool:
        if self.at_least:
            return self.got >= self.expected
        if self.rel == 0.0 and self.abs == 0.0:
            return self.got == self.expected
        return math.isclose(self.got, self.expected, rel_tol=self.rel, abs_tol=self.abs)

    def __str__(self) -> str:
        mark = "ok" if self.ok else "FAIL"
        want = f">= {self.expected!r}" if self.at_least else repr(self.expected)
        return f"{self.name}: got {self.got!r}, expected {want} [{mark}]"


@dataclass
class Picture:
    """A file a demo wrote and one line of explanation for the gallery page."""

    path: Path
    caption: str


@dataclass
class DemoResult:
    """A demo's outcome: ``passed`` when every check holds."""

    name: str
    title: str
    numbers: dict[str, str] = field(default_factory=dict)  # key numbers, shown in the table
    checks: list[Check] = field(default_factory=list)
    files: list[Picture] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(c.ok for c in self.checks)

    def check(self, name: str, got: float, expected: float, rel: float = 0.0,
              abs: float = 0.0) -> None:
        self.checks.append(Check(name, got, expected, rel, abs))

    def check_at_least(self, name: str, got: float, floor: float) -> None:
        self.checks.append(Check(name, got, floor, at_least=True))

    def wrote(self, path: Path, caption: str) -> None:
        self.files.append(Picture(path, caption))


def out_dir(path: str | Path) -> Path:
    """The output folder, created if missing."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def main(
    name: str,
    run: Callable[[Path, Log], DemoResult],
    argv: list[str] | None = None,
) -> int:
    """``python -m demos.NAME [--out DIR]``: run, print the checks and files, exit 0 on pass."""
    parser = argparse.ArgumentParser(prog=f"python -m demos.{name}")
    parser.add_argument("--out", default="out", help="folder for pictures (default: out/)")
    args = parser.parse_args(argv)
    return report(name, run(out_dir(args.out), print))


def report(name: str, result: DemoResult) -> int:
    """Print a demo's checks and files and PASS or FAIL; return its exit status."""
    print()
    for c in result.checks:
        print(f"  {c}")
    for f in result.files:
        print(f"  wrote {f.path}")
    print(f"{name}: {'PASS' if result.passed else 'FAIL'}")
    return 0 if result.passed else 1
