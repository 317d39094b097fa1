"""``python -m scalargrad``: the ``scalargrad`` command (grad, explain, draw).

The command line lives in ``viz`` (it draws); this entry point reaches it only when run
as ``python -m scalargrad``. ``import scalargrad`` never loads it: the engine stays
standard library only (tests/test_packaging.py checks both).
"""

import importlib
import sys


def main() -> int:
    try:
        cli = importlib.import_module("viz.cli")
    except ImportError as err:  # pragma: no cover - viz ships with scalargrad
        print(f"scalargrad: error: the command line needs viz ({err})", file=sys.stderr)
        return 2
    status: int = cli.main()
    return status


raise SystemExit(main())
