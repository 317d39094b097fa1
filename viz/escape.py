"""User text (labels, names) made safe for Graphviz HTML-like labels and for HTML.

Every character a markup parser would act on (``& < > " '``) becomes an entity, and
control characters become visible escapes (a newline shows as the two characters
``\\n``), so ``<IMG SRC=x>`` or ``a\\nb`` appear on the picture exactly as typed.
Bidirectional controls (``U+202E`` and the like) are spelled out too: obeyed, they would
reorder the text after them, so a label ``"\\u202eevil"`` would read "live". So are lone
surrogates and the noncharacters (``U+FFFE``, ``U+FFFF`` ...), which no XML file (SVG,
the page) may hold.
Graphviz also expands ``\\N`` (node name), ``\\G`` (graph name) and the like inside
HTML-like labels, after decoding entities, so for DOT every backslash is doubled.
"""

from __future__ import annotations

MAX_CHARS = 40  # longer labels are cut (with an ellipsis) so one name cannot flood the layout

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_VISIBLE = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# marks and overrides of the Unicode bidirectional algorithm: they reorder what follows
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def visible(text: str, limit: int = MAX_CHARS) -> str:
    """``text`` with control characters, bidirectional controls, lone surrogates and
    noncharacters spelled out, cut to ``limit``."""
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if ch in _VISIBLE:
            out.append(_VISIBLE[ch])
        elif code < 0x20 or 0x7F <= code < 0xA0:
            out.append(f"\\x{code:02x}")
        elif 0xD800 <= code <= 0xDFFF or ch in _BIDI or _noncharacter(code):
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    shown = "".join(out)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _noncharacter(code: int) -> bool:
    """U+FDD0..U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF, ...):
    never text, and XML (so SVG, so dot's output) cannot carry U+FFFE and U+FFFF."""
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def markup(text: str, limit: int = MAX_CHARS) -> str:
    """``text`` ready to sit between tags of an HTML-like label: shown literally."""
    return "".join(_ENTITIES.get(ch, ch) for ch in visible(text, limit))


def dot_markup(text: str, limit: int = MAX_CHARS) -> str:
    """``markup`` for a Graphviz HTML-like label: backslashes doubled, so ``\\N`` stays."""
    return markup(text, limit).replace("\\", "\\\\")
