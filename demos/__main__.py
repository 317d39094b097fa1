"""``python -m demos [--out DIR] [--quiet]``: run the whole gallery, print a short table,
write DIR/index.html. Exits 1 if any demo misses its seed numbers."""

from __future__ import annotations

import argparse
import time

from .gallery import gallery, table
from .mnist import EPOCHS
from .moons import STEPS
from .report import out_dir, quiet


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demos", description=__doc__)
    parser.add_argument("--out", default="out", help="folder for the page and pictures")
    parser.add_argument("--quiet", action="store_true", help="print only the table")
    parser.add_argument("--moons-steps", type=int, default=STEPS, metavar="N",
                        help=f"SGD steps for the moons demo (default: {STEPS})")
    parser.add_argument("--mnist-epochs", type=int, default=EPOCHS, metavar="N",
                        help=f"epochs for the MNIST demo (default: {EPOCHS})")
    args = parser.parse_args(argv)
    folder = out_dir(args.out)
    start = time.perf_counter()
    entries, _ = gallery(folder, quiet if args.quiet else print, args.moons_steps,
                         args.mnist_epochs)
    print(table(entries, folder))
    print(f"gallery ran in {time.perf_counter() - start:.1f}s")
    return 0 if all(e.passed for e in entries) else 1


if __name__ == "__main__":
    raise SystemExit(main())
