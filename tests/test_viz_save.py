"""viz.save: formats by suffix, whole files only, the same bytes every run, and a clear
error when Graphviz's dot is missing."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import scalargrad as sg
import viz
from scalargrad import Value

REPO = Path(__file__).resolve().parents[1]


def routing() -> Value:
    x, y, z, w = Value(3.0, "x"), Value(-4.0, "y"), Value(2.0, "z"), Value(-1.0, "w")
    f = 2 * (x * y + sg.max(z, w))
    f.backward()
    return f


@pytest.mark.parametrize(
    ("suffix", "magic"),
    [(".svg", b"<?xml"), (".png", b"\x89PNG"), (".pdf", b"%PDF"), (".dot", b"digraph")],
)
def test_save_writes_the_format_its_suffix_names(tmp_path: Path, suffix: str, magic: bytes) -> None:
    path = tmp_path / f"routing{suffix.upper() if suffix == '.png' else suffix}"
    assert viz.save(routing(), path) == path
    assert path.read_bytes().startswith(magic)
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temporary left


def test_unknown_suffix_is_refused_listing_the_allowed_ones(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.svg, \.png, \.pdf, \.dot") as info:
        viz.save(routing(), tmp_path / "routing.jpg")
    assert "'.jpg'" in str(info.value)
    with pytest.raises(ValueError, match=r"suffix '\(none\)'"):
        viz.save(routing(), tmp_path / "routing")
    assert list(tmp_path.iterdir()) == []


def test_bad_arguments_get_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match=r"scalargrad\.Compiled, got float 3\.0"):
        viz.draw(3.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="grad must be True, False or None"):
        viz.draw(routing(), grad="yes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        viz.save(routing(), tmp_path / "a.svg", colour=True)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        viz.save(routing(), tmp_path / "missing" / "a.svg")


def test_same_graph_same_bytes_every_run(tmp_path: Path) -> None:
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    viz.save(routing(), first)
    viz.save(routing(), second)
    assert first.read_bytes() == second.read_bytes()
    # Another process with another hash seed writes the same DOT and SVG.
    script = textwrap.dedent(
        """
        import sys
        import scalargrad as sg, viz
        from scalargrad import Value
        x, y, z, w = Value(3.0, "x"), Value(-4.0, "y"), Value(2.0, "z"), Value(-1.0, "w")
        f = 2 * (x * y + sg.max(z, w))
        f.backward()
        viz.save(f, sys.argv[1] + ".svg")
        viz.save(f, sys.argv[1] + ".dot")
        """
    )
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)}
        subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / f"run{seed}")], env=env, check=True
        )
    assert (tmp_path / "run1.svg").read_bytes() == first.read_bytes()
    assert (tmp_path / "run2.svg").read_bytes() == first.read_bytes()
    assert (tmp_path / "run1.dot").read_bytes() == (tmp_path / "run2.dot").read_bytes()
    assert (tmp_path / "run1.dot").read_text() == viz.draw(routing()).source


def test_node_ids_come_from_the_topological_order(tmp_path: Path) -> None:
    f = routing()
    d = viz.build(f)
    n = len(sg.topological_order(f))
    assert [b.id for b in d.boxes if b.kind != "fork"] == [f"n{i}" for i in range(n)] + ["out"]
    assert [w.id for w in d.wires] == [f"w{i}" for i in range(len(d.wires))]
    assert f"{id(f)}" not in viz.draw(f).source


MISSING_DOT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import viz
    from scalargrad import Value
    x, y = Value(1.0, "x"), Value(2.0, "y")
    f = x * y
    folder = Path(sys.argv[1])
    (folder / "old.svg").write_text("previous picture")
    viz.save(f, folder / "ok.dot")  # DOT needs no Graphviz
    for name in ("new.svg", "old.svg", "new.png", "new.pdf"):
        try:
            viz.save(f, folder / name)
        except viz.GraphvizNotFoundError as e:
            assert isinstance(e, RuntimeError)
            print(e)
        else:
            raise SystemExit(name + " written without dot?")
    """
)


def test_missing_dot_says_how_to_install_graphviz(tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "PATH": str(empty), "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", MISSING_DOT, str(out)], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    messages = done.stdout.splitlines()
    assert len(messages) == 4
    for message in messages:
        assert "`dot` program was not found" in message
        assert "apt-get install graphviz" in message
        assert "brew install graphviz" in message
    assert sorted(p.name for p in out.iterdir()) == ["ok.dot", "old.svg"]
    assert (out / "old.svg").read_text() == "previous picture"  # not clobbered
    assert (out / "ok.dot").read_text().startswith("digraph circuit {")


def test_a_folder_or_an_unknown_option_is_refused_before_any_work(tmp_path: Path) -> None:
    folder = tmp_path / "taken.svg"
    folder.mkdir()
    with pytest.raises(IsADirectoryError, match=r"taken\.svg'.*is a folder"):
        viz.save(routing(), folder)
    assert folder.is_dir() and list(folder.iterdir()) == []
    with pytest.raises(TypeError, match=r"'colour'.*grad, local, collapse, max_size"):
        viz.save(routing(), tmp_path / "a.html", colour=True)
    assert [p.name for p in tmp_path.iterdir()] == ["taken.svg"]
