"""The package as a user gets it: a wheel and an sdist built from this checkout, the
wheel installed into a new virtual environment far from the checkout, its commands run
from another folder; the sdist carries a test suite that collects as this one does."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, cwd=cwd, timeout=600
    )
    assert done.returncode == 0, (args, done.stdout[-2000:], done.stderr[-2000:])
    return done


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run(sys.executable, "-m", "build", "--outdir", out, ROOT)
    return out


def test_the_wheel_carries_its_types_and_licence(dist: Path) -> None:
    (wheel,) = dist.glob("scalargrad_circuits-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {"scalargrad/py.typed", "viz/py.typed"} <= set(names)
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert not any(n.startswith(("tests/", "demos/")) for n in names)


def test_the_wheel_installs_and_runs_away_from_the_checkout(dist: Path, tmp_path: Path) -> None:
    (wheel,) = dist.glob("scalargrad_circuits-*.whl")
    env = tmp_path / "env"
    _run(sys.executable, "-m", "venv", env)
    python, script = env / "bin" / "python", env / "bin" / "scalargrad"
    _run(python, "-m", "pip", "install", "-q", wheel)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    found = _run(python, "-c", "import scalargrad, viz; print(scalargrad.__file__)", cwd=elsewhere)
    assert str(env) in found.stdout  # the installed copy, not the checkout
    assert _run(script, "grad", "(x+y)*z", "x=-2", "y=5", "z=-4", cwd=elsewhere).stdout.startswith(
        "value: -12.0"
    )
    _run(script, "draw", "2*max(x, y)", "x=1", "y=2", "-o", "x.html", cwd=elsewhere)
    assert (elsewhere / "x.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "usage: scalargrad" in _run(python, "-m", "viz", "--help", cwd=elsewhere).stdout
    assert "usage: scalargrad" in _run(python, "-m", "scalargrad", "--help", cwd=elsewhere).stdout
    loaded = _run(
        python,
        "-c",
        "import sys, scalargrad; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('viz', 'graphviz')))",
        cwd=elsewhere,
    )
    assert loaded.stdout.strip() == "[]"  # the engine alone: no viz, no graphviz
    assert "scalargrad 0.1.0" in _run(script, "--version", cwd=elsewhere).stdout


def test_the_sdist_carries_a_test_suite_that_collects_as_this_one(
    dist: Path, tmp_path: Path
) -> None:
    (sdist,) = dist.glob("scalargrad_circuits-*.tar.gz")
    with tarfile.open(sdist) as tar:
        tar.extractall(tmp_path, filter="data")
    (unpacked,) = tmp_path.glob("scalargrad_circuits-*")
    for needed in ("LICENSE", "docs/seeds.md", "docs/testing.md", "tests/helpers/digits.py"):
        assert (unpacked / needed).exists(), needed
    assert (unpacked / "demos").is_dir()

    def collected(folder: Path) -> str:
        done = _run(
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            cwd=folder,
        )
        return done.stdout.strip().splitlines()[-1]  # "N tests collected in ..."

    theirs, ours = collected(unpacked), collected(ROOT)
    assert theirs.split(" in ")[0] == ours.split(" in ")[0]
    assert "error" not in theirs
    # and a few of its tests pass there, on the sdist's own sources
    quick = ["tests/test_seeds.py", "tests/test_op_table.py", "tests/test_docs_testing.py"]
    done = _run(
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *quick, cwd=unpacked
    )
    assert " passed" in done.stdout and "failed" not in done.stdout
