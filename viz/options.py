"""``DrawOptions``: the options every picture takes, checked once.

``viz.draw``, ``viz.save``, ``viz.build`` and the step page all take these four keyword
arguments and turn them into one ``DrawOptions``; a bad value is refused here, with
its name, before any layout runs.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

# Past DEFAULT_MAX_SIZE boxes and wires no layout is attempted (see model.py).
DEFAULT_MAX_SIZE = 800


@dataclass(frozen=True)
class DrawOptions:
    """grad:      show gradients under the wires; None (default) shows them when any
                  Value in the graph has a non-zero ``.grad`` (i.e. after ``backward()``).
    local:     also show each wire's local gradient d gate / d input (in blue).
    collapse:  draw groups of gates as single boxes (each neuron of an MLP becomes one
               box); None (default) collapses a circuit of more than 300 boxes and wires.
    max_size:  refuse (GraphTooLargeError) to lay out more boxes and wires than this,
               or a tangle whose layout cost (long wires counted by the ranks they
               cross) passes 12.5 times this; raise it if you are ready to wait.
    """

    grad: bool | None = None
    local: bool = False
    collapse: bool | None = None
    max_size: int = DEFAULT_MAX_SIZE

    def __post_init__(self) -> None:
        for name in ("grad", "collapse"):
            option = getattr(self, name)
            if option is not None and not isinstance(option, bool):
                raise TypeError(
                    f"{name} must be True, False or None (decide automatically), "
                    f"got {type(option).__name__} {option!r}"
                )
        if not isinstance(self.local, bool):
            raise TypeError(
                f"local must be True or False, got {type(self.local).__name__} {self.local!r}"
            )
        size = self.max_size
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ValueError(f"max_size must be a positive int, got {size!r}")


NAMES = tuple(f.name for f in fields(DrawOptions))
