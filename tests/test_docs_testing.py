"""docs/testing.md: every ```python block runs, in order, as shown (a doctest)."""

import doctest
import re
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "testing.md"


def test_the_testing_guide_runs_as_shown() -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 5, "docs/testing.md lost its examples"
    test = doctest.DocTestParser().get_doctest("\n".join(blocks), {}, "testing.md", None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0 and runner.tries > 0
