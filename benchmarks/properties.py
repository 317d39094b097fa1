"""``python -m benchmarks.properties``: how fast ``scalargrad.testing`` generates and
checks random expression trees (first order, over the whole op table).

Prints the seconds for N accepted trees (default 1,000), hypothesis's generation and
rejected draws included, best of a few rounds."""

from __future__ import annotations

import argparse
import time

from hypothesis import HealthCheck, Phase, given, settings

from scalargrad.testing import Expression, assert_gradients_match, cases


def seconds_for(n: int) -> float:
    """Seconds to generate ``n`` (expression, point) cases and check each one."""

    @settings(
        max_examples=n,
        phases=[Phase.generate],
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(cases())
    def check(case: tuple[Expression, tuple[float, ...]]) -> None:
        assert_gradients_match(case[0], *case[1])

    start = time.perf_counter()
    check()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trees", type=int, default=1000, help="accepted trees per round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (the best is shown)")
    args = parser.parse_args()
    best = min(seconds_for(args.trees) for _ in range(args.rounds))
    print(f"{args.trees:,} random trees generated and checked: {best:.2f} s", end="")
    print(f" (best of {args.rounds})")


if __name__ == "__main__":
    main()
