"""``ExprError``: what is wrong with a typed expression, and where.

``str(err)`` is the one-line summary followed, when the error has a position, by the
offending line of the expression with a caret under the place::

    '(' was never closed at column 3
      2*(x+
        ^

``err.summary`` is that first line alone (what a command line prints).
"""

from __future__ import annotations

CARET_WIDTH = 72  # a longer line is shown as a window of this many characters around the caret


class ExprError(ValueError):
    """A typed expression that cannot be parsed, is not allowed, or lacks a value.

    ``text`` is the expression, ``offset`` the 0-based index into it of the offending
    character (None when the error is about the whole text or about a value), ``what``
    the problem and ``hint`` what is allowed instead.
    """

    def __init__(
        self, what: str, text: str = "", offset: int | None = None, hint: str = ""
    ) -> None:
        self.what = what
        self.text = text
        self.offset = None if offset is None else max(0, min(offset, len(text)))
        self.hint = hint
        super().__init__(self.summary)

    @property
    def line(self) -> int | None:
        """1-based line of the offending character (None without a position)."""
        if self.offset is None:
            return None
        return self.text.count("\n", 0, self.offset) + 1

    @property
    def column(self) -> int | None:
        """1-based column of the offending character (None without a position)."""
        if self.offset is None:
            return None
        return self.offset - (self.text.rfind("\n", 0, self.offset) + 1) + 1

    @property
    def summary(self) -> str:
        """One line: what is wrong, where, and what is allowed."""
        where = ""
        if self.offset is not None:
            multiline = "\n" in self.text
            where = f" at line {self.line}, column {self.column}" if multiline else ""
            where = where or f" at column {self.column}"
        hint = f"; {self.hint}" if self.hint else ""
        return f"{self.what}{where}{hint}"

    def caret(self) -> str:
        """The offending line, indented, with ``^`` under the offending character."""
        if self.offset is None:
            return ""
        start = self.text.rfind("\n", 0, self.offset) + 1
        end = self.text.find("\n", self.offset)
        line = self.text[start : len(self.text) if end < 0 else end]
        col = self.offset - start
        if len(line) > CARET_WIDTH:  # a window around the caret, elided on both sides
            left = max(0, min(col - CARET_WIDTH // 2, len(line) - CARET_WIDTH))
            prefix = "..." if left > 0 else ""
            suffix = "..." if left + CARET_WIDTH < len(line) else ""
            line = prefix + line[left : left + CARET_WIDTH] + suffix
            col = col - left + len(prefix)
        # keep tabs under tabs so the caret lines up however the terminal shows them
        pad = "".join(ch if ch == "\t" else " " for ch in line[:col])
        # a lone surrogate cannot be printed or encoded: one replacement character keeps
        # the caret in place
        line = "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in line)
        return f"  {line}\n  {pad}^"

    def __str__(self) -> str:
        caret = self.caret()
        return f"{self.summary}\n{caret}" if caret else self.summary
