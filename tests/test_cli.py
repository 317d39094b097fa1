"""The installed ``scalargrad`` console script, run for real in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from importlib import metadata
from pathlib import Path

import pytest

import scalargrad
from viz.style import GRAD_COLOR, VALUE_COLOR


def _script() -> str:
    beside = Path(sys.executable).parent / "scalargrad"
    found = str(beside) if beside.exists() else shutil.which("scalargrad")
    assert found, "the scalargrad console script is not installed: pip install -e ."
    return found


SCRIPT = _script()
SVG = "{http://www.w3.org/2000/svg}"


def run(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SCRIPT, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=60
    )


def assert_refused(done: subprocess.CompletedProcess[str], *words: str) -> str:
    """Exit status 2, nothing on stdout, one line on stderr, no traceback."""
    assert done.returncode == 2, done
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("scalargrad: error: ")
    for word in words:
        assert word in lines[0]
    return lines[0]


# ---- grad ------------------------------------------------------------------------------


def test_grad_prints_the_value_and_a_table_of_gradients() -> None:
    done = run("grad", "(x+y)*z", "x=-2", "y=5", "z=-4")
    assert done.returncode == 0 and done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[0] == "value: -12.0"
    assert lines[2].split() == ["variable", "value", "gradient"]
    table = {row.split()[0]: row.split()[1:] for row in lines[3:]}
    assert table == {"x": ["-2.0", "-4.0"], "y": ["5.0", "-4.0"], "z": ["-4.0", "3.0"]}


def test_grad_json_is_exactly_the_value_and_the_gradients() -> None:
    done = run("grad", "(x+y)*z", "x=-2", "y=5", "z=-4", "--json")
    assert done.returncode == 0
    assert done.stdout == '{"value": -12.0, "grad": {"x": -4.0, "y": -4.0, "z": 3.0}}\n'


def test_grad_routing_through_max() -> None:
    done = run("grad", "2*(x*y + max(z, w))", "x=3", "y=-4", "z=2", "w=-1", "--json")
    assert json.loads(done.stdout) == {
        "value": -20.0,
        "grad": {"x": -8.0, "y": 6.0, "z": 2.0, "w": 0.0},
    }


def test_values_may_come_after_options_and_expressions_may_start_with_minus() -> None:
    done = run("grad", "--json", "--", "-x*y", "y=2", "x=3")
    assert json.loads(done.stdout) == {"value": -6.0, "grad": {"x": -2.0, "y": -3.0}}


def test_json_writes_inf_and_nan_as_strings() -> None:
    done = run("grad", "sqrt(x) + y", "x=0", "y=nan", "--json")
    assert done.returncode == 0
    assert json.loads(done.stdout) == {"value": "nan", "grad": {"x": "inf", "y": 1.0}}


def test_an_expression_without_variables() -> None:
    done = run("grad", "2**10")
    assert done.stdout.splitlines() == ["value: 1024.0", "(no variables)"]


# ---- draw ------------------------------------------------------------------------------


def wires(svg: Path) -> dict[str, list[tuple[str, str]]]:
    """For each input name drawn, the coloured numbers on the wire leaving it."""
    root = ET.parse(svg).getroot()
    texts: dict[str, list[tuple[str, str]]] = {}
    links: dict[str, str] = {}
    for g in root.iter(f"{SVG}g"):
        title = g.findtext(f"{SVG}title", "")
        if g.get("class") == "node":
            found = [(t.text or "", t.get("fill", "")) for t in g.iter(f"{SVG}text")]
            texts[title] = [(text, fill) for text, fill in found if text.strip()]
        elif g.get("class") == "edge":
            tail, head = (end.split(":")[0] for end in title.split("->"))
            links.setdefault(tail, head)
    return {
        texts[node][0][0]: texts[links[node]]
        for node in texts
        if len(texts[node]) == 1 and node in links
    }


def test_draw_writes_the_routing_circuit_as_svg(tmp_path: Path) -> None:
    done = run(
        "draw", "2*(x*y + max(z, w))", "x=3", "y=-4", "z=2", "w=-1", "-o", "routing.svg",
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == "wrote routing.svg\n"
    on = wires(tmp_path / "routing.svg")
    assert on["x"] == [("3", VALUE_COLOR), ("-8", GRAD_COLOR)]
    assert on["y"] == [("-4", VALUE_COLOR), ("6", GRAD_COLOR)]
    assert on["z"] == [("2", VALUE_COLOR), ("2", GRAD_COLOR)]
    assert on["w"] == [("-1", VALUE_COLOR), ("0", GRAD_COLOR)]  # max's loser: gradient 0


def test_draw_no_grad_shows_values_only(tmp_path: Path) -> None:
    done = run("draw", "(x+y)*z", "x=-2", "y=5", "z=-4", "-o", "f.svg", "--no-grad", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    on = wires(tmp_path / "f.svg")
    assert on["x"] == [("-2", VALUE_COLOR)]
    fills = {
        fill
        for t in ET.parse(tmp_path / "f.svg").getroot().iter(f"{SVG}text")
        for fill in [t.get("fill")]
    }
    assert GRAD_COLOR not in fills


def test_draw_dot_and_png_by_suffix(tmp_path: Path) -> None:
    assert run("draw", "x*x", "x=3", "-o", "f.dot", cwd=tmp_path).returncode == 0
    assert (tmp_path / "f.dot").read_text().startswith("digraph")
    assert run("draw", "x*x", "x=3", "-o", "f.png", cwd=tmp_path).returncode == 0
    assert (tmp_path / "f.png").read_bytes().startswith(b"\x89PNG")


def test_draw_twice_gives_identical_bytes(tmp_path: Path) -> None:
    for name in ("a.svg", "b.svg"):
        run("draw", "2*(x*y + max(z, w))", "x=3", "y=-4", "z=2", "w=-1", "-o", name, cwd=tmp_path)
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()


def test_without_dot_a_clear_error_and_no_file_but_dot_files_still_work(tmp_path: Path) -> None:
    bare = tmp_path / "bin"  # a PATH on which there is no Graphviz
    bare.mkdir()
    env = {**os.environ, "PATH": str(bare)}
    out = tmp_path / "out"
    out.mkdir()
    done = run("draw", "x*y", "x=1", "y=2", "-o", "f.svg", cwd=out, env=env)
    assert_refused(done, "dot", "apt-get install graphviz", "brew install graphviz")
    assert list(out.iterdir()) == []
    assert run("draw", "x*y", "x=1", "y=2", "-o", "f.dot", cwd=out, env=env).returncode == 0
    assert [p.name for p in out.iterdir()] == ["f.dot"]


# ---- bad input: exit 2, one line, no traceback, no file --------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["x*y", "x=1", "y=abc"], ["the value of 'y' is not a number: 'abc'"]),
        (["x*y", "x=1", "y"], ["expected NAME=VALUE, got 'y'"]),
        (["x*y", "x=1", "y=2", "x=3"], ["variable 'x' is given twice (x=1 and x=3)"]),
        (["x*y", "x=1", "y=2", "q=3"], ["a value was given for 'q'"]),
        (["x*y", "x=1"], ["variable 'y' has no value at column 3"]),
        (["x*y", "x=1", "2y=2"], ["'2y' in '2y=2' is not a variable name"]),
        (["2*(x+", "x=1"], ["'(' was never closed at column 3"]),
        (["foo(x)", "x=1"], ["unknown function 'foo'"]),
        (["log(x)", "x=-1"], ["log of a non-positive number"]),
        (["x/y", "x=1", "y=0"], ["division by zero"]),
        (["-x", "x=1"], ["unrecognized option '-x'", "after --"]),
        (["x", "x=1", "--frob"], ["unrecognized option '--frob'"]),
    ],
)
def test_bad_input_for_grad(args: list[str], words: list[str]) -> None:
    assert_refused(run("grad", *args), *words)


HOSTILE = [
    "__import__('os').system('touch pwned')",
    "().__class__",
    "().__class__.__bases__[0].__subclasses__()",
    "(lambda: 1)()",
    "[x for x in (1, 2)]",
    "9**9**9",
    "(" * 10_000 + "1" + ")" * 10_000,
    "(" * 4_000 + "1" + ")" * 4_000,
    "-" * 9_000 + "1",
    "1+" * 50_000 + "1",  # 100 kB: a command-line argument holds at most 128 kB on Linux
]


@pytest.mark.parametrize("text", HOSTILE, ids=[t[:24] for t in HOSTILE])
def test_hostile_expressions_are_refused(text: str, tmp_path: Path) -> None:
    start = time.perf_counter()
    done = run("grad", text, cwd=tmp_path)
    assert time.perf_counter() - start < 10  # a safety bound (a process start), not a benchmark
    assert_refused(done)
    assert list(tmp_path.iterdir()) == []  # nothing ran, nothing was written


@pytest.mark.parametrize("text", HOSTILE[::3], ids=[t[:24] for t in HOSTILE[::3]])
def test_hostile_expressions_draw_nothing(text: str, tmp_path: Path) -> None:
    assert_refused(run("draw", text, "-o", "f.svg", cwd=tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_no_file_is_left_when_the_path_cannot_be_written(tmp_path: Path) -> None:
    (tmp_path / "taken.svg").mkdir()  # a folder where the picture should go
    assert_refused(run("draw", "x", "x=1", "-o", "taken.svg", cwd=tmp_path), "taken.svg")
    assert [p.name for p in tmp_path.iterdir()] == ["taken.svg"]  # no temporary file left
    assert_refused(run("draw", "x", "x=1", "-o", "missing/f.svg", cwd=tmp_path), "does not exist")


def test_an_unknown_suffix_is_refused_before_any_work(tmp_path: Path) -> None:
    done = run("draw", "x", "x=1", "-o", "f.txt", cwd=tmp_path)
    assert_refused(done, "'.txt'", ".svg .png .pdf .dot")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_draw_leaves_an_existing_file_alone(tmp_path: Path) -> None:
    target = tmp_path / "f.svg"
    target.write_text("keep")
    assert_refused(run("draw", "log(x)", "x=0", "-o", "f.svg", cwd=tmp_path))
    assert target.read_text() == "keep"


def test_usage_errors_are_one_line() -> None:
    assert_refused(run(), "required: COMMAND")
    assert_refused(run("frob"), "invalid choice: 'frob'")
    assert_refused(run("draw", "x", "x=1"), "required: -o/--output")


# ---- help and version ------------------------------------------------------------------


def test_help_shows_examples() -> None:
    done = run("--help")
    assert done.returncode == 0
    assert "examples:" in done.stdout
    assert 'scalargrad grad "(x+y)*z" x=-2 y=5 z=-4' in done.stdout
    assert 'scalargrad draw "2*(x*y + max(z, w))" x=3 y=-4 z=2 w=-1 -o routing.svg' in done.stdout
    for command in ("grad", "draw"):
        sub = run(command, "--help")
        assert sub.returncode == 0 and "examples:" in sub.stdout
    assert "--no-grad" in run("draw", "--help").stdout


def test_version() -> None:
    done = run("--version")
    assert done.returncode == 0
    assert done.stdout == f"scalargrad {metadata.version('scalargrad-circuits')}\n"
    assert metadata.version("scalargrad-circuits") == scalargrad.__version__


def test_python_dash_m_viz_is_the_same_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "viz", "grad", "x*y", "x=2", "y=3", "--json"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.stdout == '{"value": 6.0, "grad": {"x": 3.0, "y": 2.0}}\n'
