"""Text made safe to print: control and bidi characters shown as escapes (pure text, no I/O).

A shared team file holds other people's titles and names. Printed raw, an ESC or C1 sequence in
one of them could clear a teammate's screen, retitle the window or plant a disguised link, and a
bidi override could make a line read differently from what it is. Everything leerlog prints for
people goes through here; files and data formats keep the text exactly.
"""

from __future__ import annotations

_CONTROL = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]
_BIDI = [0x061C, 0x200E, 0x200F, 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_ESCAPES = {code: f"\\x{code:02x}" for code in _CONTROL} | {
    code: f"\\u{code:04x}" for code in _BIDI
}
_IN_A_CELL = str.maketrans(_ESCAPES)
_IN_LINES = str.maketrans({k: v for k, v in _ESCAPES.items() if chr(k) not in "\t\n"})


def cell(text: str) -> str:
    """For a table cell or a one-line message: nothing may break the layout, not even a newline."""
    # Every character escaped here is one Python calls unprintable: most text takes no copy.
    return text if text.isprintable() else text.translate(_IN_A_CELL)


def lines(text: str) -> str:
    """For text whose own tabs and newlines are its layout."""
    return text if text.isprintable() else text.translate(_IN_LINES)
