"""The ``scalargrad`` command: the gradients and the circuit of a typed expression.

    scalargrad grad "(x+y)*z" x=-2 y=5 z=-4 [--json]
    scalargrad explain "(x+y)*z" x=-2 y=5 z=-4
    scalargrad draw "2*(x*y + max(z, w))" x=3 y=-4 z=2 w=-1 -o routing.svg

Exit status 0 on success; 2 on bad input, with one line on stderr and no output file.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import textwrap
import unicodedata
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import NoReturn

from scalargrad import ExprError, ScalarGradError, Value, expr
from scalargrad.expr.parse import FUNCTIONS as EXPRESSION_FUNCTIONS

from .errors import GraphvizFailedError, GraphvizNotFoundError
from .model import GraphTooLargeError
from .save import WRITERS, save
from .text import text

PROG = "scalargrad"
DISTRIBUTION = "scalargrad-circuits"  # the name pip knows (see pyproject.toml)
FUNCTIONS = textwrap.fill(
    " ".join(EXPRESSION_FUNCTIONS), 78, initial_indent="  ", subsequent_indent="  "
)

EPILOG = f"""\
examples:
  {PROG} grad "(x+y)*z" x=-2 y=5 z=-4
  {PROG} grad "(x+y)*z" x=-2 y=5 z=-4 --json
  {PROG} explain "2*(x*y + max(z, w))" x=3 y=-4 z=2 w=-1   (backward, gate by gate)
  {PROG} draw "2*(x*y + max(z, w))" x=3 y=-4 z=2 w=-1 -o routing.svg
  {PROG} draw "2*(x*y + max(z, w))" x=3 y=-4 z=2 w=-1 -o routing.html   (step through backward)
  {PROG} draw "sigmoid(w0*x0 + w1*x1 + w2)" w0=2 x0=-1 w1=-3 x1=-2 w2=-3 -o neuron.png --local
  {PROG} grad -- "-x*y" x=1 y=2        (an expression starting with '-' goes after --)

expressions: numbers, variable names, + - * / **, unary -, parentheses and the
functions
{FUNCTIONS}
every variable needs a value, given as NAME=VALUE.
exit status: 0 on success, 2 on bad input (one line on stderr, no file written).
"""


class UsageError(Exception):
    """Bad input on the command line: printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse whose errors are one line on stderr (no usage block), exit status 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Run an expression forward and backward: print its gradients or draw "
        "its circuit (values on the wires, gradients under them).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    grad = commands.add_parser(
        "grad",
        help="print the value and the gradient of every variable",
        description="Print the expression's value and d value / d variable for each variable.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_expression(grad)
    grad.add_argument(
        "--json",
        action="store_true",
        help='print {"value": ..., "grad": {name: ...}} (inf and nan as the strings '
        '"inf", "-inf", "nan")',
    )

    explain = commands.add_parser(
        "explain",
        help="print the backward pass gate by gate, in words",
        description="Run the expression forward and backward and print what each gate "
        "does in backward, in the order it runs: what it sends to which input, and the "
        "+= sums of values read more than once (the step page's captions, as text).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_expression(explain)

    draw = commands.add_parser(
        "draw",
        help="draw the circuit to a file (" + " ".join(WRITERS) + ")",
        description="Run forward and backward and draw the circuit; the suffix of the "
        "output file picks the format.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_expression(draw)
    draw.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="file to write: " + _suffixes()
    )
    draw.add_argument("--no-grad", action="store_true", help="draw values only, no gradients")
    draw.add_argument("--local", action="store_true", help="also show each wire's local gradient")
    draw.add_argument(
        "--collapse",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="draw groups of gates as single boxes (default: only for large graphs)",
    )
    return parser


def _add_expression(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("expression", help='the expression, quoted, e.g. "(x+y)*z"')
    sub.add_argument("values", nargs="*", metavar="NAME=VALUE", help="a value per variable")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        return _run(args)
    except UsageError as err:
        print(f"{PROG}: error: {_one_line(str(err))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`scalargrad grad ... | head -1`)
        # Point stdout at devnull so the flush at exit does not fail a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _run(argv: list[str]) -> int:
    parser = build_parser()
    try:
        ns, extra = parser.parse_known_args(argv)
    except SystemExit as done:  # --help and --version print and stop
        return done.code if isinstance(done.code, int) else 0
    # NAME=VALUE may come after options too (argparse would take only the first run)
    for arg in extra:
        if arg.startswith("-"):
            parser.error(
                f"unrecognized option {arg!r} (an expression that starts with '-' goes after --)"
            )
    values = parse_values([*ns.values, *extra])
    # refuse a bad suffix before any work, with viz's list of formats
    if ns.command == "draw" and Path(ns.output).suffix.lower() not in WRITERS:
        suffix = Path(ns.output).suffix or "(none)"
        raise UsageError(
            f"cannot tell the format of {ns.output!r} from its suffix {suffix!r}; "
            f"use one of {_suffixes()}"
        )
    out, inputs = _evaluate(ns.expression, values, backward=not getattr(ns, "no_grad", False))
    if ns.command == "grad":
        print(_json(out, inputs) if ns.json else _table(out, inputs))
        return 0
    if ns.command == "explain":
        try:
            print(text(out))
        except GraphTooLargeError as err:
            raise UsageError(str(err)) from None
        return 0
    _draw(out, ns)
    return 0


def parse_values(args: Sequence[str]) -> dict[str, float]:
    """``["x=3", "y=-4"]`` as ``{"x": 3.0, "y": -4.0}``; a UsageError for anything else."""
    values: dict[str, float] = {}
    given: dict[str, str] = {}
    for arg in args:
        name, eq, text = arg.partition("=")
        # as Python reads the names in the expression: µ (micro sign) is μ (mu)
        name = unicodedata.normalize("NFKC", name.strip())
        if not eq:
            raise UsageError(f"expected NAME=VALUE, got {arg!r}")
        if not name.isidentifier():
            raise UsageError(f"{name!r} in {arg!r} is not a variable name")
        if name in values:
            raise UsageError(f"variable {name!r} is given twice ({given[name]} and {arg})")
        try:
            values[name] = float(text)
        except ValueError:
            raise UsageError(f"the value of {name!r} is not a number: {text!r}") from None
        given[name] = arg
    return values


def _evaluate(
    text: str, values: dict[str, float], backward: bool
) -> tuple[Value, dict[str, Value]]:
    try:
        out, inputs = expr(text, **values)
        if backward:
            out.backward()
    except ExprError as err:
        raise UsageError(err.summary) from None
    except ScalarGradError as err:  # log(-1), x/0, exp(1000), 9**9**9 ...
        raise UsageError(str(err)) from None
    return out, inputs


def _draw(out: Value, ns: argparse.Namespace) -> None:
    grad = False if ns.no_grad else None
    try:
        path = save(out, ns.output, grad=grad, local=ns.local, collapse=ns.collapse)
    except (GraphvizNotFoundError, GraphvizFailedError, GraphTooLargeError) as err:
        raise UsageError(str(err)) from None
    except OSError as err:  # save() writes through a temporary file: nothing is left
        message = f"cannot write {ns.output!r}: {err.strerror}" if err.strerror else str(err)
        raise UsageError(message) from None
    print(f"wrote {path}")


def _table(out: Value, inputs: dict[str, Value]) -> str:
    lines = [f"value: {out.data!r}"]
    if not inputs:
        return "\n".join([*lines, "(no variables)"])
    rows = [("variable", "value", "gradient")]
    rows += [(name, repr(v.data), repr(v.grad)) for name, v in inputs.items()]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines.append("")
    for name, value, grad in rows:
        lines.append(f"{name:<{widths[0]}}  {value:>{widths[1]}}  {grad:>{widths[2]}}".rstrip())
    return "\n".join(lines)


def _json(out: Value, inputs: dict[str, Value]) -> str:
    grads = {name: _json_number(v.grad) for name, v in inputs.items()}
    return json.dumps({"value": _json_number(out.data), "grad": grads})


def _json_number(x: float) -> float | str:
    """A float JSON can hold; inf and nan (which strict JSON cannot) as strings."""
    return x if math.isfinite(x) else repr(x)


def _suffixes() -> str:
    return " ".join(WRITERS)


def _one_line(message: str) -> str:
    """``message`` on one line that any terminal can print (a lone surrogate typed in an
    argument is shown as its escape, not left to fail the write)."""
    text = " ".join(message.split())
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "(not installed)"
