"""Hostile input to the drawing and the command line: nothing lost, one clear line.

Each test is a defect found by attacking ``scalargrad draw``/``grad`` and ``expr``: a
read-only or symlinked output file, a 250-byte file name, a lone surrogate, U+FFFE in a
label, Python's SyntaxWarning, NFKC names, ``1e999`` and a missing ``dot`` for a page.
The console script runs for real, in a subprocess.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import stat
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scalargrad as sg
import viz
from scalargrad import ExprError, ScalarGradError, Value
from tests.test_cli import SCRIPT, assert_refused, run
from viz.cli import main


def test_a_read_only_file_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "ro.svg"
    target.write_text("keep me")
    target.chmod(0o444)  # refused by its mode bits, even for root, who may write anything
    done = run("draw", "x*2", "x=1", "-o", str(target))
    assert_refused(done, "permission denied", "ro.svg")
    assert target.read_text() == "keep me"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ro.svg"]  # no temporary left


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "f.svg"
    target.write_text("old")
    target.chmod(0o600)
    assert run("draw", "x*2", "x=1", "-o", str(target)).returncode == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text().lstrip().startswith("<?xml")


def test_a_symlink_is_written_through_to_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real.svg"
    real.write_text("old")
    link = tmp_path / "link.svg"
    link.symlink_to(real.name)
    assert run("draw", "x*2", "x=1", "-o", str(link)).returncode == 0
    assert link.is_symlink() and os.readlink(link) == "real.svg"
    assert real.read_text().lstrip().startswith("<?xml")


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.dot"
    link.symlink_to("made.dot")
    assert run("draw", "x*2", "x=1", "-o", str(link)).returncode == 0
    assert link.is_symlink() and (tmp_path / "made.dot").read_text().startswith("digraph")


def test_a_name_as_long_as_the_file_system_allows_works(tmp_path: Path) -> None:
    name = "a" * (os.pathconf(tmp_path, "PC_NAME_MAX") - 4) + ".svg"
    done = run("draw", "x*2", "x=1", "-o", str(tmp_path / name))
    assert done.returncode == 0, done.stderr
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_a_lone_surrogate_is_an_expr_error_and_one_line(tmp_path: Path) -> None:
    with pytest.raises(ExprError, match=r"lone surrogate U\+DCFF is not allowed at column 2"):
        sg.expr("x\udcff", x=1)
    # a shell passes the byte 0xff; Python's arguments carry it as U+DCFF
    done = subprocess.run(
        [os.fsencode(SCRIPT), b"grad", b"x\xff", b"x=1"], capture_output=True, timeout=60
    )
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode().splitlines() == [
        "scalargrad: error: lone surrogate U+DCFF is not allowed at column 2"
    ]


@pytest.mark.parametrize("label", ["a\ufffeb", "\uffff", "x\ufdd0", "\U0010ffff"])
def test_noncharacters_in_labels_are_spelled_out(label: str, tmp_path: Path) -> None:
    x = Value(1.5, label)
    y = x * 2
    y.backward()
    viz.save(y, tmp_path / "f.svg")  # dot accepts the file: no "not well-formed"
    text = (tmp_path / "f.svg").read_text()
    ET.fromstring(text)
    assert label not in text
    viz.save(y, tmp_path / "f.html")
    assert label not in (tmp_path / "f.html").read_text()


def test_a_syntax_warning_does_not_reach_stderr() -> None:
    done = run("grad", "1if x else 2", "x=1")
    assert_refused(done, "a conditional")


def test_names_are_nfkc_normalised_like_the_expression() -> None:
    done = run("grad", "µ*2", "µ=3", "--json")  # U+00B5 MICRO SIGN in both places
    assert done.returncode == 0, done.stderr
    # U+03BC GREEK SMALL LETTER MU, as Python reads the name in the expression
    assert json.loads(done.stdout) == {"value": 6.0, "grad": {"\u03bc": 2.0}}
    out, inputs = sg.expr("µ*2", **{"\u00b5": 3})
    assert out.data == 6.0 and list(inputs) == ["\u03bc"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("1e999*x", ("number too large for a float: 1e999",)),
        ("x + 1e308*10", ("result too large in '*'", "1e+308 * 10.0")),
        ("x + 10**309", ("result too large in '**'", "10.0 ** 309.0")),
        ("x - 1e308 - 1e308", ()),  # a variable takes part: floats carry inf, as designed
    ],
)
def test_overflowing_literals_and_constant_arithmetic_are_refused(
    text: str, words: tuple[str, ...]
) -> None:
    done = run("grad", text, "x=1")
    if words:
        assert_refused(done, *words)
    else:
        assert done.returncode == 0 and "-inf" in done.stdout


def test_without_dot_a_page_says_what_it_needs_dot_for(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": str(Path(SCRIPT).parent)}  # the script, and no dot
    done = run("draw", "x*2", "x=1", "-o", str(tmp_path / "f.html"), env=env)
    assert_refused(done, "step-by-step page (.html)", "needs dot", "apt-get install graphviz")
    assert list(tmp_path.iterdir()) == []


# ---- fuzz: random text never gets past ExprError / exit 2 --------------------------------

ALPHABET = st.characters(codec=None, categories=None)  # every code point, surrogates included
TEXTS = st.one_of(
    st.text(ALPHABET, max_size=40),
    st.text("xyz0123456789.e+-*/()**, sincolgmaxrelu\ufffe\udcff", max_size=40),
)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_expr_raises_only_expr_error_or_the_engines_errors(text: str) -> None:
    names = {"x": 0.5, "y": -1.5, "z": 2.0}
    with contextlib.suppress(ExprError, ScalarGradError):  # anything else fails the test
        sg.expr(text, **{k: v for k, v in names.items() if k in text})


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_the_command_line_exits_0_or_2_with_one_line_and_no_file(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "f.dot"
        err, out = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            status = main(["draw", "--", text, "x=0.5", "-o", str(target)])
        if status == 2:
            lines = err.getvalue().splitlines()
            assert len(lines) == 1 and lines[0].startswith("scalargrad: error: ")
            lines[0].encode("utf-8")  # printable: no lone surrogate reaches the terminal
            assert list(Path(folder).iterdir()) == []
        else:
            assert status == 0 and target.exists(), err.getvalue()
