"""The text an import reads: a file, or a pipe ('-' is stdin), as UTF-8, with its first characters.

A regular file is read twice from its start: once for its first characters (which tell its
format), then as a whole. A pipe cannot go back, so the bytes read for its first characters are
put back in front of the rest. A device (a terminal, /dev/zero) is refused: it may never end.
"""

from __future__ import annotations

import codecs
import io
import os
import stat
from pathlib import Path
from typing import BinaryIO, TextIO

from leerlog.domain.errors import DataProblem, InvalidValue
from leerlog.i18n import _, os_reason

HEAD_CHARS = 512  # enough to tell CSV from JSON, and an empty file from one with rows
STDIN = "-"


class _Replayed(io.RawIOBase):
    """A stream that cannot seek, with the bytes already read from it put back in front."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            count = min(len(buffer), len(self._head))
            buffer[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        return self._rest.readinto(buffer)  # type: ignore[attr-defined,no-any-return]

    def close(self) -> None:
        self._rest.close()
        super().close()


def _binary(path: str, source: str) -> BinaryIO:
    """PATH (or stdin) opened for bytes: a regular file, a pipe or /dev/null; nothing that may
    never end. OSError when it cannot be opened (stdin too, when it is closed)."""
    if path == STDIN:
        if os.isatty(0):
            raise InvalidValue(
                _("'-' reads the file from stdin, but stdin is the terminal"),
                _("give a file name, or pipe a file in: ... | leerlog import -"),
            )
        binary: BinaryIO = open(0, "rb", closefd=False)  # noqa: SIM115
    else:
        binary = Path(path).open("rb")  # noqa: SIM115 (returned open)
    info = os.fstat(binary.fileno())
    empty = stat.S_ISCHR(info.st_mode) and info.st_rdev == os.stat(os.devnull).st_rdev
    streams = stat.S_ISFIFO(info.st_mode) or stat.S_ISSOCK(info.st_mode)
    if not (stat.S_ISREG(info.st_mode) or streams or empty):
        binary.close()
        raise DataProblem(
            _("{path} is not a file or a pipe; nothing was imported").format(path=source),
            _("give the file to import, e.g. leerlog import activiteiten.csv"),
        )
    return binary


def source_name(path: str) -> str:
    """How messages name the import's file."""
    return _("stdin") if path == STDIN else path


def open_import(path: str, source: str) -> tuple[TextIO, str]:
    """The import's text (UTF-8, a BOM left out, line ends kept) and its first HEAD_CHARS
    characters. UnicodeDecodeError when those are not UTF-8; OSError when it cannot be opened;
    SOURCE names it in a refusal."""
    binary = _binary(path, source)
    try:
        if binary.seekable():
            handle = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")  # type: ignore[arg-type]
            start = handle.tell()  # 0, but for stdin redirected from a file read in part
            head = handle.read(HEAD_CHARS)
            handle.seek(start)
            return handle, head
        # At most four bytes a character: this many bytes hold the first HEAD_CHARS characters.
        first = binary.read(4 * HEAD_CHARS)
        head = codecs.getincrementaldecoder("utf-8-sig")().decode(first)[:HEAD_CHARS]
    except BaseException:
        binary.close()
        raise
    replayed = io.BufferedReader(_Replayed(first, binary), buffer_size=1 << 16)
    return io.TextIOWrapper(replayed, encoding="utf-8-sig", newline=""), head


def cannot_open(path: str, source: str, error: OSError) -> DataProblem:
    """PATH (named SOURCE) could not be opened: the system's reason, and what to do."""
    hint = _("pipe a file in, or give its name") if path == STDIN else _("check the path")
    return DataProblem(
        _("cannot read {path}: {reason}").format(path=source, reason=os_reason(error)), hint
    )
