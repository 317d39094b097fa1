"""Parsing a typed expression with ``ast`` and checking it against a whitelist.

Nothing here evaluates anything. The raw text is bounded first (length, control
characters, bracket nesting, operator count), so ``ast.parse`` never sees an input that
could make it recurse deeply; then every node of the tree must be one of: a number, a
variable name, ``+ - * / **``, unary ``-`` or ``+``, or a call of one of the engine's
functions by its bare name with positional arguments. Anything else (attributes,
indexing, other calls, lambdas, comprehensions, strings, ...) is refused with its
position.
"""

from __future__ import annotations

import ast
import math
import re
import warnings
from dataclasses import dataclass

from ..op import Op
from ..ops import OPS
from .error import ExprError

MAX_LENGTH = 10_000  # characters
MAX_NESTING = 100  # brackets open at once
MAX_OPERATORS = 1_000  # characters among + - * / % @ & | ^ ~ < >: bounds the tree's depth

# The op table's gates an expression may call by name.
FUNCTIONS: dict[str, Op] = {name: op for name, op in OPS.items() if op.call}
FUNCTION_LIST = ", ".join(FUNCTIONS)
ALLOWED = (
    "an expression may use numbers, variable names, + - * / **, unary -, parentheses "
    f"and the functions {FUNCTION_LIST}"
)

# Python's operators -> the op table's names for them
BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
UNARY = {ast.USub: "-", ast.UAdd: "+"}
REFUSED_OPERATORS = {
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.MatMult: "@",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitAnd: "&",
    ast.BitXor: "^",
    ast.Invert: "~",
    ast.Not: "not",
}
OPERATOR_CHARS = frozenset("+-*/%@&|^~<>")
OPENING, CLOSING = "([{", ")]}"


@dataclass(frozen=True)
class Parsed:
    """A checked expression: its tree and its variables, in order of first appearance,
    each with the offset of its first use."""

    text: str
    body: ast.expr
    variables: dict[str, int]
    numbers: dict[ast.expr, float]  # every number node (a signed literal counts as one)


def parse(text: str) -> Parsed:
    """``text`` parsed and checked, or an ``ExprError`` saying what and where."""
    if not isinstance(text, str):
        raise TypeError(f"an expression is a str, got {type(text).__name__} {text!r}")
    check_text(text)
    # Line breaks become spaces (same length, so positions carry over) and leading
    # blanks are skipped: ast.parse in "eval" mode accepts neither. check_text refused
    # '#', so no comment can swallow what followed a line break.
    lead = len(text) - len(text.lstrip(" \t\n"))
    source = text[lead:].replace("\n", " ")
    try:
        with warnings.catch_warnings():  # "invalid decimal literal" and the like: the
            warnings.simplefilter("ignore")  # error, if any, is reported below instead
            tree = ast.parse(source, mode="eval")
    except SyntaxError as err:
        offset = lead + err.offset - 1 if err.offset else len(text)
        raise ExprError(_syntax_message(err), text, offset) from None
    except (RecursionError, MemoryError):
        # The pre-checks keep ast.parse far from its own limits; this is a last guard.
        raise ExprError(
            "expression too deeply nested to parse", text, None, "simplify it"
        ) from None
    except (ValueError, UnicodeError) as err:  # a last guard: check_text refuses these
        raise ExprError(f"cannot parse the expression ({type(err).__name__})") from None
    return _Checker(text, source, lead).check(tree.body)


def check_text(text: str) -> None:
    """Bounds on the raw text, checked before any parsing."""
    if len(text) > MAX_LENGTH:
        raise ExprError(
            f"expression too long: {len(text)} characters", hint=f"the limit is {MAX_LENGTH}"
        )
    if not text.strip():
        raise ExprError("empty expression", hint=ALLOWED)
    depth = operators = 0
    opened: list[int] = []
    for i, ch in enumerate(text):
        if ch in OPENING:
            opened.append(i)
            depth += 1
            if depth > MAX_NESTING:
                raise ExprError(
                    "brackets nested too deeply", text, i, f"at most {MAX_NESTING} may be open"
                )
        elif ch in CLOSING:
            if not opened:
                raise ExprError(f"unmatched {ch!r}", text, i)
            opened.pop()
            depth -= 1
        elif ch in OPERATOR_CHARS:
            operators += 1
            if operators > MAX_OPERATORS:
                raise ExprError(
                    "too many operators", text, i, f"an expression may have {MAX_OPERATORS}"
                )
        elif ch == "#":
            raise ExprError("'#' is not allowed", text, i, "an expression has no comments")
        elif (ch < " " and ch not in "\t\n") or ch == "\x7f":
            raise ExprError(f"control character U+{ord(ch):04X} is not allowed", text, i)
        elif "\ud800" <= ch <= "\udfff":  # not text at all: no encoding can carry it
            raise ExprError(f"lone surrogate U+{ord(ch):04X} is not allowed", text, i)
    if opened:
        raise ExprError(f"{text[opened[-1]]!r} was never closed", text, opened[-1])


def _syntax_message(err: SyntaxError) -> str:
    """Python's message without its Python-only advice ("Perhaps you forgot a comma?")."""
    msg = err.msg or "invalid syntax"
    if msg.startswith("invalid syntax"):
        return "invalid syntax"
    if "Exceeds the limit" in msg:
        return "number with too many digits"
    return re.sub(r" \(detected at line \d+\)", "", msg)


def describe(node: ast.AST) -> str:
    """What a refused node is, in a reader's words."""
    if isinstance(node, ast.Attribute):
        return f"attribute access ('.{node.attr}')"
    if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        return "a comprehension"
    known = {
        ast.Subscript: "indexing ('[...]')",
        ast.Lambda: "a lambda",
        ast.Compare: "a comparison",
        ast.BoolOp: "'and' / 'or'",
        ast.IfExp: "a conditional ('... if ... else ...')",
        ast.NamedExpr: "an assignment (':=')",
        ast.Starred: "unpacking ('*')",
        ast.JoinedStr: "an f-string",
        ast.Tuple: "a tuple (a comma outside a function call)",
        ast.List: "a list",
        ast.Set: "a set",
        ast.Dict: "a dict",
        ast.Await: "'await'",
        ast.Yield: "'yield'",
        ast.YieldFrom: "'yield from'",
        ast.Slice: "a slice",
    }
    return known.get(type(node), f"a {type(node).__name__} expression")


class _Checker:
    """Walks the tree iteratively (no recursion, whatever its depth), refusing the
    first node, in source order, that is not on the whitelist."""

    def __init__(self, text: str, source: str, lead: int) -> None:
        self.text = text
        self.source = source  # the text from ``lead`` on, on one line
        self.lead = lead
        self.variables: dict[str, int] = {}
        self.numbers: dict[ast.expr, float] = {}

    def check(self, body: ast.expr) -> Parsed:
        stack: list[ast.expr] = [body]
        while stack:
            node = stack.pop()
            stack.extend(reversed(self._children(node)))
        return Parsed(self.text, body, self.variables, self.numbers)

    def _offset(self, node: ast.AST, end: bool = False) -> int:
        """A node's start (or end) as an offset into the user's text. ``ast`` counts
        columns in UTF-8 bytes; the text is indexed in characters."""
        col_bytes = getattr(node, "end_col_offset" if end else "col_offset", None) or 0
        return self.lead + self._chars(col_bytes)

    def _chars(self, col_bytes: int) -> int:
        if self.source.isascii():
            return col_bytes
        return len(self.source.encode("utf-8")[:col_bytes].decode("utf-8", "ignore"))

    def _refuse(self, what: str, node: ast.AST, hint: str = ALLOWED) -> ExprError:
        return ExprError(what, self.text, self._offset(node), hint)

    def _children(self, node: ast.expr) -> list[ast.expr]:
        """Check ``node`` itself; return the sub-expressions still to check."""
        if isinstance(node, ast.Constant):
            self.numbers[node] = self._number(node, node.value)
            return []
        if isinstance(node, ast.Name):
            if node.id in FUNCTIONS:
                raise self._refuse(
                    f"{node.id!r} is a function, not a variable",
                    node,
                    f"call it, as in {node.id}(x)",
                )
            if node.id not in self.variables:
                self.variables[node.id] = self._offset(node)
            return []
        if isinstance(node, ast.UnaryOp):
            self._operator(node.op, node, node.operand)
            value = node.operand
            if isinstance(value, ast.Constant):  # -3 is one number, not a gate on 3
                number = self._number(value, value.value)
                self.numbers[node] = -number if isinstance(node.op, ast.USub) else number
                return []
            return [value]
        if isinstance(node, ast.BinOp):
            self._operator(node.op, node, node.left)
            return [node.left, node.right]
        if isinstance(node, ast.Call):
            return self._call(node)
        raise self._refuse(f"{describe(node)} is not allowed", node)

    def _number(self, node: ast.Constant, value: object) -> float:
        if type(value) is int:
            try:
                return float(value)
            except OverflowError:
                raise self._too_large(node) from None
        if type(value) is float:
            if math.isinf(value):  # 1e999: Python reads it as inf without a word
                raise self._too_large(node)
            return value
        kind = {bool: "a bool", str: "a string", bytes: "a bytes string", complex: "a complex"}
        what = kind.get(type(value), "the constant")
        raise self._refuse(f"{what} {value!r} is not a number", node, "only real numbers")

    def _too_large(self, node: ast.Constant) -> ExprError:
        literal = ast.get_source_segment(self.source, node) or repr(node.value)
        if len(literal) > 24:
            literal = f"{literal[:10]}…{literal[-10:]} ({len(literal)} characters)"
        return self._refuse(
            f"number too large for a float: {literal}", node, "the largest is about 1.8e308"
        )

    def _operator(self, op: ast.AST, node: ast.expr, before: ast.expr) -> None:
        if type(op) in BINARY or type(op) in UNARY:
            return
        symbol = REFUSED_OPERATORS.get(type(op), type(op).__name__)
        hint = "use ** for powers" if symbol == "^" else "the operators are + - * / **"
        # the operator sits at the node's start (unary) or after its left operand
        start = self._offset(node) if isinstance(node, ast.UnaryOp) else self._offset(before, True)
        found = self.text.find(symbol, start)
        where = found if found >= 0 else start
        raise ExprError(f"operator {symbol!r} is not allowed", self.text, where, hint)

    def _call(self, node: ast.Call) -> list[ast.expr]:
        func = node.func
        if not isinstance(func, ast.Name):
            raise self._refuse(
                f"calling {describe(func) if not isinstance(func, ast.Constant) else 'a number'}"
                " is not allowed",
                func,
                f"only the functions {FUNCTION_LIST} may be called, by name",
            )
        name = func.id
        if name not in FUNCTIONS:
            raise self._refuse(
                f"unknown function {name!r}", func, f"the functions are {FUNCTION_LIST}"
            )
        if node.keywords:
            keyword = node.keywords[0]
            raise self._refuse(
                f"keyword argument {keyword.arg or '**'!r} in {name}()",
                keyword,
                "pass arguments by position",
            )
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self._refuse(f"unpacking ('*') in {name}()", arg, "list the arguments")
        op = FUNCTIONS[name]
        fewest, most = op.fewest, op.arity
        count = len(node.args)
        if count < fewest or (most is not None and count > most):
            wanted = (
                f"exactly {fewest}"
                if most == fewest
                else f"at least {fewest}"
                if most is None
                else f"{fewest} to {most}"
            )
            plural = "s" if fewest != 1 or most not in (1, None) else ""
            raise self._refuse(
                f"{name}() takes {wanted} argument{plural}, got {count}",
                func,
                "",
            )
        return list(node.args)
