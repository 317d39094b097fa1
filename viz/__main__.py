"""``python -m viz``: the ``scalargrad`` command line."""

from .cli import main

raise SystemExit(main())
