"""The register dossier: one ZIP with the overview, the activities, the proof files and their sums.

Entries: `overzicht.pdf` (dossier_pdf), `activiteiten.csv` (the activities CSV that `leerlog
import` reads back), `bewijs/` (every shown proof file of the counted activities, streamed from
its blob into its entry) and `SHA256SUMS` (computed while the entries are written, in the
format `sha256sum -c` checks). The caller reads the status and the proof files in one read
transaction; the ZIP is written atomically (transfer.atomic.atomic_binary).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import time
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, cast

from leerlog.domain.errors import DataProblem, InvalidValue
from leerlog.domain.text import user_path
from leerlog.i18n import _, ngettext
from leerlog.registers import evidence

if TYPE_CHECKING:
    import sqlite3

    from leerlog.domain.models import Activity
    from leerlog.registers.evidence import Evidence
    from leerlog.registers.status import Status

OVERVIEW = "overzicht.pdf"
ACTIVITIES = "activiteiten.csv"
FOLDER = "bewijs/"
SUMS = "SHA256SUMS"
# Bytes (UTF-8) of a proof file's own name kept in its entry's name: with the date and ids in
# front, a name stays under the 255 bytes most file systems take.
NAME_LIMIT = 150
# Characters that no file system of Windows, macOS or Linux takes in a name, and the backslash
# (which sha256sum would escape), become "_".
_UNSAFE = re.compile(r'[/\\<>:"|?*]')


@dataclass(frozen=True)
class Proof:
    """A proof file of a counted activity, and the path of its entry in the ZIP."""

    evidence: Evidence
    entry: str


@dataclass(frozen=True)
class Dossier:
    """What goes in the ZIP: the status and, once each, the activities it counts, oldest first."""

    status: Status
    activities: tuple[Activity, ...]
    proofs: dict[str, tuple[Proof, ...]]  # per activity id, in the order they were added

    @property
    def proof_count(self) -> int:
        return sum(len(proofs) for proofs in self.proofs.values())


def output_path(template: str, today: dt.date, database: Path) -> Path:
    """The file --output names, {date} filled in; a usage error for another placeholder, a name
    that does not end in .zip, a folder, or the database itself."""
    unknown = sorted(set(re.findall(r"\{[^{}]*\}", template)) - {"{date}"})
    if unknown:
        raise InvalidValue(
            _("--output {template} has {names}, which leerlog does not fill in").format(
                template=template, names=", ".join(unknown)
            ),
            _("use {date} for today's date"),
        )
    path = user_path(template.replace("{date}", today.isoformat()), "--output")
    if path.is_dir():
        raise InvalidValue(
            _("--output {path} is a folder").format(path=path),
            _("give a file name, e.g. {example}").format(example=path / "dossier.zip"),
        )
    if path.suffix.lower() != ".zip":
        raise InvalidValue(
            _("--output {path} is not a .zip file").format(path=path),
            _("give a file name ending in .zip, e.g. --output dossier-{date}.zip"),
        )
    if path.resolve() == database.resolve():
        raise InvalidValue(
            _("{path} is the database itself; it was left as it is").format(path=path),
            _("choose another file name for the dossier"),
        )
    return path


def gather(status: Status, conn: sqlite3.Connection) -> Dossier:
    """The dossier of STATUS, with the proof files CONN shows for its counted activities."""
    counted: dict[str, Activity] = {}
    for category in status.categories:
        for item in category.counted:
            counted.setdefault(item.activity.id, item.activity)
    activities = tuple(sorted(counted.values(), key=lambda a: (a.date, a.created_at, a.id)))
    used: set[str] = set()
    proofs = {
        activity.id: tuple(
            Proof(found, _entry(activity, found, used))
            for found in evidence.shown(conn, activity.id)
        )
        for activity in activities
    }
    return Dossier(status, activities, proofs)


def safe_name(name: str) -> str:
    """A stored file name made fit for a ZIP entry: one UTF-8 name, no folder, no `..`, no
    control characters, at most NAME_LIMIT bytes (its suffix kept)."""
    text = unicodedata.normalize("NFC", name)
    text = "".join(
        "_" if unicodedata.category(char)[0] in "CZ" and char != " " else char for char in text
    )
    text = _UNSAFE.sub("_", text)
    while ".." in text:
        text = text.replace("..", ".")
    text = text.strip(" .") or "file"
    stem, dot, suffix = text.rpartition(".")
    if not (dot and stem and len(suffix) <= 10):
        stem, suffix = text, ""
    end = "." + suffix if suffix else ""
    while len((stem + end).encode()) > NAME_LIMIT:
        stem = stem[:-1]
    return (stem.rstrip(" .") or "file") + end


def _entry(activity: Activity, found: Evidence, used: set[str]) -> str:
    """bewijs/DATE_ID8_N_NAME; the whole id (then the proof's id) when that name is taken."""
    name = safe_name(found.name)
    for key in (activity.id[:8], activity.id, f"{activity.id}_{found.id}"):
        entry = f"{FOLDER}{activity.date.isoformat()}_{safe_name(key)}_{found.number}_{name}"
        if entry.casefold() not in used:
            used.add(entry.casefold())
            return entry
    raise AssertionError(entry)  # pragma: no cover - a proof's id is unique


class _Hashing(io.RawIOBase):
    """Passes bytes on to an entry of the ZIP while it computes their SHA-256."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.digest = hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.digest.update(data)
        self.out.write(data)
        return len(data)


@dataclass(frozen=True)
class Written:
    """What a dossier holds: its activities and proof files, and the characters its PDF's
    font could not show."""

    activities: int
    proofs: int
    missing: list[str]


def summary(path: Path, status: Status, written: Written) -> list[str]:
    """What the command says when the dossier is written: where, and what it holds (and the
    letters the PDF's font could not show, if any)."""
    lines = []
    if written.missing:
        lines.append(
            _("note: the PDF's font has no letters for {chars}; they are left out of it").format(
                chars=" ".join(written.missing[:20])
            )
        )
    activities = ngettext("{count} activity", "{count} activities", written.activities)
    proofs = ngettext("{count} proof file", "{count} proof files", written.proofs)
    lines.append(
        _("Wrote the dossier of {person} ({register}) to {path}").format(
            person=status.person, register=status.profile_label, path=path
        )
    )
    lines.append(
        activities.format(count=written.activities) + ", " + proofs.format(count=written.proofs)
    )
    return lines


def write(path: Path, dossier: Dossier, conn: sqlite3.Connection, language: str) -> Written:
    """The dossier in PATH, written atomically; CONN is the read transaction it was gathered in."""
    from leerlog.registers.dossier_pdf import render
    from leerlog.transfer.atomic import atomic_binary
    from leerlog.transfer.writers import write_activities_csv

    entries = {
        key: tuple(proof.entry for proof in proofs) for key, proofs in dossier.proofs.items()
    }
    content, missing = render(dossier.status, entries, language)
    stamp = time.localtime()[:6]
    sums: list[tuple[str, str]] = []
    with atomic_binary(path) as out, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:

        def entry(name: str) -> zipfile.ZipInfo:
            info = zipfile.ZipInfo(name, date_time=stamp)  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            return info

        with archive.open(entry(OVERVIEW), "w") as handle:
            hashing = _Hashing(cast(BinaryIO, handle))
            hashing.write(content)
        sums.append((hashing.digest.hexdigest(), OVERVIEW))
        with archive.open(entry(ACTIVITIES), "w") as handle:
            hashing = _Hashing(cast(BinaryIO, handle))
            text = io.TextIOWrapper(io.BufferedWriter(hashing), encoding="utf-8", newline="")
            write_activities_csv((a.as_json() for a in dossier.activities), text)
            text.flush()
            text.detach()
        sums.append((hashing.digest.hexdigest(), ACTIVITIES))
        folder = zipfile.ZipInfo(FOLDER, date_time=stamp)  # type: ignore[arg-type]
        folder.external_attr = (0o40755 << 16) | 0x10
        archive.writestr(folder, b"")
        for activity in dossier.activities:
            for proof in dossier.proofs[activity.id]:
                with archive.open(entry(proof.entry), "w") as handle:
                    hashing = _Hashing(cast(BinaryIO, handle))
                    evidence.copy_out(conn, proof.evidence.id, cast(BinaryIO, hashing))
                if hashing.digest.hexdigest() != proof.evidence.sha256:
                    raise DataProblem(
                        _("the proof file {name} of activity {id} is not what was stored").format(
                            name=proof.evidence.name, id=activity.id
                        ),
                        _("the log may be damaged; restore it from a backup"),
                    )
                sums.append((hashing.digest.hexdigest(), proof.entry))
        with archive.open(entry(SUMS), "w") as handle:
            handle.write("".join(f"{digest}  {name}\n" for digest, name in sums).encode())
    return Written(len(dossier.activities), dossier.proof_count, missing)
