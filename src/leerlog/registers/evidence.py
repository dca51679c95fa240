"""Proof files kept inside the log: streamed in and out in chunks, never held whole in memory.

A file is checked before anything is written (missing, a folder, unreadable, over MAX_BYTES)
and read once: its bytes go into a blob of the size it had, through SQLite's incremental blob
I/O, while its SHA-256 is computed. A file that changes size while it is read is refused, and
the caller's transaction takes back what was written.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from leerlog.domain.errors import DataProblem, InvalidValue
from leerlog.i18n import _, os_reason
from leerlog.storage.journal import new_id, now

MAX_BYTES = 20 * 1024 * 1024  # 20 MiB, the most one proof file may hold
CHUNK = 1024 * 1024
_COLUMNS = "id, activity_id, name, size, sha256, media_type, added_by, added_at"


@dataclass(frozen=True)
class Evidence:
    """One proof file of an activity; NUMBER counts its activity's shown files from 1."""

    id: str
    activity_id: str
    number: int
    name: str
    size: int
    sha256: str
    media_type: str
    added_by: str
    added_at: str

    def as_json(self) -> dict[str, object]:
        return {
            "number": self.number,
            "name": self.name,
            "size": self.size,
            "sha256": self.sha256,
            "media_type": self.media_type,
            "added_by": self.added_by,
            "added_at": self.added_at,
        }


def media_type(name: str) -> str:
    """The media type a file's name suggests (application/octet-stream when it says none)."""
    guessed, _encoding = mimetypes.guess_type(name, strict=False)
    return guessed or "application/octet-stream"


def open_proof(path: Path) -> tuple[BinaryIO, int]:
    """PATH opened for reading, with its size; InvalidValue or DataProblem saying why not."""
    try:
        # Without O_NONBLOCK a named pipe would wait for a writer; a regular file ignores it.
        handle = os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC), "rb")
    except FileNotFoundError:
        raise InvalidValue(
            _("no file at {path}").format(path=path),
            _("give the path of the certificate or signed list to keep"),
        ) from None
    except IsADirectoryError:
        raise InvalidValue(_("{path} is a folder, not a file").format(path=path)) from None
    except OSError as error:
        raise DataProblem(
            _("cannot read {path}: {reason}").format(path=path, reason=os_reason(error)),
            _("check the file and its permissions"),
        ) from None
    info = os.fstat(handle.fileno())
    problem = None
    if stat.S_ISDIR(info.st_mode):
        problem = InvalidValue(_("{path} is a folder, not a file").format(path=path))
    elif not stat.S_ISREG(info.st_mode):
        problem = InvalidValue(_("{path} is not a regular file").format(path=path))
    elif info.st_size > MAX_BYTES:
        problem = InvalidValue(
            _("{path} holds {size} bytes; a proof file may hold at most 20 MiB").format(
                path=path, size=info.st_size
            ),
            _("keep a smaller copy, for instance a scan at a lower resolution"),
        )
    if problem is not None:
        handle.close()
        raise problem
    return handle, info.st_size


def store(conn: sqlite3.Connection, activity_id: str, path: Path, actor: str) -> str:
    """Keep the file at PATH as proof of ACTIVITY_ID (inside the caller's transaction); its id."""
    handle, size = open_proof(path)
    evidence_id, digest = new_id(), hashlib.sha256()
    with handle:
        cursor = conn.execute(
            "INSERT INTO evidence (id, activity_id, name, size, sha256, media_type, data,"
            " added_by, added_at) VALUES (?, ?, ?, ?, '', ?, zeroblob(?), ?, ?)",
            (evidence_id, activity_id, path.name, size, media_type(path.name), size, actor, now()),
        )
        written = 0
        if size:
            with conn.blobopen("evidence", "data", cursor.lastrowid) as blob:
                while chunk := handle.read(min(CHUNK, size - written + 1)):
                    if written + len(chunk) > size:
                        break
                    blob.write(chunk)
                    digest.update(chunk)
                    written += len(chunk)
        if written != size or handle.read(1):
            raise DataProblem(
                _("{path} changed while it was read; nothing was stored").format(path=path),
                _("try again when the file is complete"),
            )
    conn.execute("UPDATE evidence SET sha256 = ? WHERE id = ?", (digest.hexdigest(), evidence_id))
    return evidence_id


def shown(conn: sqlite3.Connection, activity_id: str) -> list[Evidence]:
    """The proof files of ACTIVITY_ID that are not removed, in the order they were added."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM evidence WHERE activity_id = ? AND removed_at IS NULL"
        " ORDER BY rowid",
        (activity_id,),
    ).fetchall()
    return [Evidence(row[0], row[1], number, *row[2:]) for number, row in enumerate(rows, 1)]


def shown_ids(conn: sqlite3.Connection, activity_id: str) -> list[str]:
    """The ids of shown(): what a journal entry keeps under "evidence"."""
    return [evidence.id for evidence in shown(conn, activity_id)]


def copy_out(conn: sqlite3.Connection, evidence_id: str, out: BinaryIO) -> int:
    """Write the bytes of EVIDENCE_ID to OUT in chunks; how many were written."""
    row = conn.execute("SELECT rowid, size FROM evidence WHERE id = ?", (evidence_id,)).fetchone()
    if row is None:
        raise DataProblem(_("the proof file is gone from the log"))
    if not row[1]:
        return 0
    with conn.blobopen("evidence", "data", row[0], readonly=True) as blob:
        while chunk := blob.read(CHUNK):
            out.write(chunk)
    return int(row[1])


def hide(conn: sqlite3.Connection, evidence_id: str) -> None:
    """Remove a proof file from view; undo of the journaled change shows it again."""
    conn.execute("UPDATE evidence SET removed_at = ? WHERE id = ?", (now(), evidence_id))
