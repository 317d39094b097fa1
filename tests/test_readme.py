"""The README's REPL sessions (its ```python blocks) run as doctests: the front door
must stay true."""

import doctest
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_examples_run_as_shown() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert blocks, "README.md shows no ```python REPL session"
    test = doctest.DocTestParser().get_doctest("\n".join(blocks), {}, "README.md", None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0 and runner.tries > 0


def test_plain_python_doctest_passes_on_the_readme(tmp_path: Path) -> None:
    # Every >>> of the README, ```text blocks included, as a reader would run them: in a
    # folder of their own (the pictures it saves land there).
    done = subprocess.run(
        [sys.executable, "-m", "doctest", str(README)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert {"routing.svg", "newton_gradient.svg"} <= {p.name for p in tmp_path.iterdir()}
