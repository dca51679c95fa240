"""The dossier ZIP from a status built by hand: sums that sha256sum checks, the overview's text,
the activities that import back, proof files byte for byte, names that never collide."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import pytest
from pypdf import PdfReader

from leerlog.registers import evidence
from leerlog.registers.dossier import gather, safe_name, write
from leerlog.registers.status import CategoryStatus, Counted, Status
from leerlog.storage.db import read_transaction
from leerlog.storage.store import Store

if TYPE_CHECKING:
    from conftest import Run


def add(run: Run, *args: str) -> str:
    done = run("add", "-q", *args)
    assert done.exit_code == 0, done.stderr
    return done.stdout.strip()


def keep(db: Path, activity_id: str, path: Path) -> None:
    store = Store(db)
    with store.change("anna", "evidence") as change:
        evidence.store(change.conn, activity_id, path, "anna")
    store.close()


def category(key: str, label: str, counted: list[Counted], minimum: int) -> CategoryStatus:
    tenths = sum(item.tenths for item in counted)
    return CategoryStatus(
        key, label, tenths, minimum, None, max(0, minimum * 10 - tenths), None,
        max(0, minimum * 10 - tenths), tuple(counted),
    )  # fmt: skip


def status(person: str, categories: tuple[CategoryStatus, ...]) -> Status:
    return Status(
        "skj-jeugdzorgwerker", "SKJ jeugdzorgwerker", person, "110012345",
        dt.date(2024, 1, 1), dt.date(2028, 12, 31), dt.date(2026, 11, 27), None,
        sum(c.tenths for c in categories), categories, (),
    )  # fmt: skip


def dossier_of(db: Path, made: Status, target: Path, language: str = "en") -> None:
    store = Store(db)
    with read_transaction(store.reader(), store.path) as conn:
        write(target, gather(made, conn), conn, language)
    store.close()


def unpack(target: Path, folder: Path) -> Path:
    folder.mkdir()
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        archive.extractall(folder)
    return folder


def sha256sum_check(folder: Path) -> list[str]:
    done = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.splitlines()


@pytest.fixture
def prepared(run: Run, db_path: Path, tmp_path: Path) -> tuple[Status, dict[str, bytes]]:
    """Three activities of anna, two counted; the first has two proof files named alike."""
    one = add(run, "formal", "Training traumasensitief werken", "-m", "3u", "-d", "2025-03-04",
              "--with", "Academie Noord")  # fmt: skip
    # A title a spreadsheet would run as a formula: the CSV guards it, import takes it back.
    two = add(run, "social", "@Supervisie casus Z", "-m", "1u30", "-d", "2025-06-10")
    add(run, "social", "Zelfreflectie in dagboek", "-m", "2u", "-d", "2025-06-11")
    first, second = tmp_path / "a" / "certificaat.pdf", tmp_path / "b" / "certificaat.pdf"
    first.parent.mkdir()
    second.parent.mkdir()
    first.write_bytes(b"%PDF-1.4 first\n" + bytes(range(256)) * 40)
    second.write_bytes(b"")
    signed = tmp_path / "lijst\u0007 ..\u00e9.png"
    signed.write_bytes(os.urandom(3000))
    for path, owner in ((first, one), (second, one), (signed, two)):
        keep(db_path, owner, path)
    store = Store(db_path)
    scholing = category("scholing", "Scholing", [Counted(store.find(one), 30)], 60)
    reflectie = category("reflectie", "Reflectie", [Counted(store.find(two), 15)], 50)
    store.close()
    made = status("anna", (scholing, reflectie, category("vrij", "Vrije ruimte", [], 50)))
    return made, {"one": first.read_bytes(), "empty": b"", "signed": signed.read_bytes()}


def test_the_unpacked_dossier_passes_sha256sum_and_holds_every_proof_byte_for_byte(
    prepared: tuple[Status, dict[str, bytes]], db_path: Path, tmp_path: Path
) -> None:
    made, contents = prepared
    target = tmp_path / "dossier.zip"
    dossier_of(db_path, made, target)
    folder = unpack(target, tmp_path / "unpacked")
    lines = sha256sum_check(folder)
    one = made.categories[0].counted[0].activity
    two = made.categories[1].counted[0].activity
    proofs = {
        f"bewijs/2025-03-04_{one.id[:8]}_1_certificaat.pdf": contents["one"],
        f"bewijs/2025-03-04_{one.id[:8]}_2_certificaat.pdf": contents["empty"],
        f"bewijs/2025-06-10_{two.id[:8]}_1_lijst_ .\u00e9.png": contents["signed"],
    }
    expected = ["overzicht.pdf", "activiteiten.csv", *proofs]
    assert lines == [f"{name}: OK" for name in expected]
    for name, content in proofs.items():
        assert (folder / name).read_bytes() == content
    assert sorted(p.name for p in (folder / "bewijs").iterdir()) == sorted(
        name.removeprefix("bewijs/") for name in proofs
    )
    # Each line is the digest worked out here, two spaces, the path.
    sums = (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert sums[2] == f"{hashlib.sha256(contents['one']).hexdigest()}  {expected[2]}"


def test_the_overview_shows_each_category_total_and_every_counted_activity(
    prepared: tuple[Status, dict[str, bytes]], db_path: Path, tmp_path: Path
) -> None:
    made, _contents = prepared
    target = tmp_path / "dossier.zip"
    dossier_of(db_path, made, target)
    with zipfile.ZipFile(target) as archive, archive.open("overzicht.pdf") as pdf:
        text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    # 3 hours: 3.0 points; 1h30: 1.5 points (as the status built above says).
    for line in (
        "Scholing: 3.0 points from 1 activity", "Reflectie: 1.5 points from 1 activity",
        "Vrije ruimte: 0.0 points from 0 activities", "Scholing 3.0 60 57.0",
        "Reflectie 1.5 50 48.5", "Total 4.5", "2025-03-04", "Training traumasensitief werken",
        "3:00 3.0", "Academie Noord", "2025-06-10", "Supervisie casus Z", "1:30 1.5",
        "Registration number 110012345", "Period 2024-01-01 to 2028-12-31", "Page 1 of 1",
    ):  # fmt: skip
        assert line in text, line
    assert "Zelfreflectie" not in text and "2025-06-11" not in text


def test_the_activities_import_back_into_an_empty_log_as_the_same_records(
    prepared: tuple[Status, dict[str, bytes]], db_path: Path, tmp_path: Path, run: Run,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    made, _contents = prepared
    target = tmp_path / "dossier.zip"
    dossier_of(db_path, made, target)
    folder = unpack(target, tmp_path / "unpacked")
    counted = [made.categories[0].counted[0].activity, made.categories[1].counted[0].activity]
    assert ",'@Supervisie casus Z," in (folder / "activiteiten.csv").read_text(encoding="utf-8")
    monkeypatch.setenv("LEERLOG_DB", str(tmp_path / "empty.db"))
    done = run("import", str(folder / "activiteiten.csv"))
    assert done.exit_code == 0, done.stderr
    listed = run("list", "--format", "json", "--all", "--period", "all")
    assert listed.exit_code == 0, listed.stderr
    back = sorted(json.loads(listed.stdout), key=lambda r: r["date"])
    assert back == [activity.as_json() for activity in counted]


def test_an_empty_period_still_gives_a_valid_dossier(
    db_path: Path, tmp_path: Path, run: Run
) -> None:
    add(run, "werk", "Iets van lang geleden", "-m", "1u", "-d", "2020-01-01")
    made = status("anna", (category("scholing", "Scholing", [], 60),))
    target = tmp_path / "leeg.zip"
    dossier_of(db_path, made, target)
    folder = unpack(target, tmp_path / "unpacked")
    assert sha256sum_check(folder) == ["overzicht.pdf: OK", "activiteiten.csv: OK"]
    assert (folder / "bewijs").is_dir() and not list((folder / "bewijs").iterdir())
    assert (folder / "activiteiten.csv").read_text(encoding="utf-8").count("\n") == 1
    text = PdfReader(folder / "overzicht.pdf").pages[0].extract_text()
    assert "Scholing: 0.0 points from 0 activities" in text
    assert "No activity counts here in this period." in text


@pytest.mark.parametrize(
    ("stored", "kept"),
    [
        ("certificaat.pdf", "certificaat.pdf"),
        ("../../etc/passwd", "_._etc_passwd"),
        ("a\\b:c*?.pdf", "a_b_c__.pdf"),
        ("regel\nbreuk\u202e.txt", "regel_breuk_.txt"),
        ("..", "file"),
        ("Verklaring Ö\u0308.pdf", "Verklaring Ö\u0308.pdf"),
        ("x" * 300 + ".pdf", "x" * 146 + ".pdf"),
        ("\u00e9" * 100 + ".pdf", "\u00e9" * 73 + ".pdf"),  # 2 bytes each: 146 + 4 = 150
        (".bashrc", "bashrc"),
        (
            "naam.met.een.heel.lange.extensie-zonder-einde",
            "naam.met.een.heel.lange.extensie-zonder-einde",
        ),
    ],
)
def test_a_stored_name_becomes_a_safe_readable_entry_name(stored: str, kept: str) -> None:
    import unicodedata

    assert safe_name(stored) == unicodedata.normalize("NFC", kept)


# A dossier written by a process that kills itself with SIGKILL once the first proof file is
# in the ZIP: what is in the target folder afterwards.
DYING = """
import datetime as dt, os, signal, sys
from pathlib import Path
from leerlog.registers import evidence
from leerlog.registers.dossier import gather, write
from leerlog.registers.status import CategoryStatus, Counted, Status
from leerlog.storage.db import read_transaction
from leerlog.storage.store import Store

original = evidence.copy_out

def dying(conn, evidence_id, out):
    written = original(conn, evidence_id, out)
    os.kill(os.getpid(), signal.SIGKILL)
    return written

evidence.copy_out = dying
store = Store(Path(sys.argv[1]))
activity = store.find(sys.argv[2])
counted = CategoryStatus("scholing", "Scholing", 10, 60, None, 590, None, 590,
                         (Counted(activity, 10),))
made = Status("skj-jeugdzorgwerker", "SKJ", "anna", None, dt.date(2024, 1, 1),
              dt.date(2028, 12, 31), dt.date(2026, 11, 27), None, 10, (counted,), ())
with read_transaction(store.reader(), store.path) as conn:
    write(Path(sys.argv[3]), gather(made, conn), conn, "en")
"""


@pytest.mark.parametrize("before", [False, True])
def test_a_killed_dossier_write_leaves_no_half_zip(
    run: Run, db_path: Path, tmp_path: Path, subprocess_env: dict[str, str], before: bool
) -> None:
    activity = add(run, "formal", "Training", "-m", "1u", "-d", "2025-03-04")
    for number in range(2):
        proof = tmp_path / f"bewijs{number}.bin"
        proof.write_bytes(os.urandom(200_000))
        keep(db_path, activity, proof)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "dossier.zip"
    previous = b""
    if before:
        with zipfile.ZipFile(target, "w") as archive:
            archive.writestr("overzicht.pdf", b"the previous dossier")
        previous = target.read_bytes()
    done = subprocess.run(
        [sys.executable, "-c", DYING, str(db_path), activity, str(target)],
        capture_output=True, text=True, env=subprocess_env, check=False,
    )  # fmt: skip
    assert done.returncode == -signal.SIGKILL, done.stderr
    if before:
        assert target.read_bytes() == previous
        with zipfile.ZipFile(target) as archive:
            assert archive.read("overzicht.pdf") == b"the previous dossier"
    else:
        assert not target.exists()
    # What is left: the hidden temporary file, named after the target, half written.
    left = [p.name for p in out.iterdir() if p.name != "dossier.zip"]
    assert len(left) == 1 and left[0].startswith(".dossier.zip.") and left[0].endswith(".tmp")
    # The next write, a minute later, removes it (its writer is gone) and writes the dossier.
    stale = out / left[0]
    os.utime(stale, (stale.stat().st_mtime - 61, stale.stat().st_mtime - 61))
    store = Store(db_path)
    counted = CategoryStatus(
        "scholing", "Scholing", 10, 60, None, 590, None, 590, (Counted(store.find(activity), 10),)
    )
    store.close()
    dossier_of(db_path, status("anna", (counted,)), target)
    assert sorted(p.name for p in out.iterdir()) == ["dossier.zip"]
    assert len(sha256sum_check(unpack(target, tmp_path / "unpacked"))) == 4


DUTCH = """
import datetime as dt, sys
from pathlib import Path
from leerlog.i18n import language
from leerlog.registers.dossier import gather, write
from leerlog.registers.status import CategoryStatus, Counted, Status
from leerlog.storage.db import read_transaction
from leerlog.storage.store import Store

store = Store(Path(sys.argv[1]))
activity = store.find(sys.argv[2])
counted = CategoryStatus("scholing", "Scholing", 25, 60, None, 575, None, 575,
                         (Counted(activity, 25),))
made = Status("skj-jeugdzorgwerker", "SKJ jeugdzorgwerker", "anna", "1100", dt.date(2024, 1, 1),
              dt.date(2028, 12, 31), dt.date(2026, 11, 27), None, 25, (counted,), ())
with read_transaction(store.reader(), store.path) as conn:
    write(Path(sys.argv[3]), gather(made, conn), conn, language()[0])
"""


def test_the_overview_speaks_dutch_in_the_dutch_interface(
    run: Run, db_path: Path, tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    activity = add(run, "formal", "Cursus", "-m", "2u30", "-d", "2025-03-04", "--with", "NJi")
    target = tmp_path / "dossier.zip"
    done = subprocess.run(
        [sys.executable, "-c", DUTCH, str(db_path), activity, str(target)],
        capture_output=True, text=True, env={**subprocess_env, "LEERLOG_LANG": "nl"}, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(target) as archive, archive.open("overzicht.pdf") as pdf:
        reader = PdfReader(pdf)
        text = reader.pages[0].extract_text()
        assert reader.metadata is not None and reader.metadata.title.startswith("Registerdossier")
    for line in (
        "Registerdossier", "Persoon anna", "Registratienummer 1100",
        "Periode 2024-01-01 t/m 2028-12-31", "Uiterste datum 2028-12-31",
        "Categorie Punten Minimum Nog nodig Verwachting", "Scholing 2,5 60 57,5",
        "57,5 te weinig op de uiterste datum", "Scholing: 2,5 punten uit 1 activiteit",
        "Datum Activiteit Uren Punten Accreditatie Organisator", "2025-03-04 Cursus 2:30 2,5",
        "Pagina 1 van 1",
    ):  # fmt: skip
        assert line in text, line
    assert "Points" not in text and "Page" not in text


def test_a_20_mib_proof_file_is_streamed_into_the_zip_not_held_in_memory(
    run: Run, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tracemalloc

    activity = add(run, "formal", "Opleiding", "-m", "8u", "-d", "2025-03-04")
    proof = tmp_path / "scan.tif"
    proof.write_bytes(os.urandom(evidence.MAX_BYTES))
    keep(db_path, activity, proof)
    store = Store(db_path)
    counted = CategoryStatus(
        "scholing", "Scholing", 80, 60, None, 520, None, 520, (Counted(store.find(activity), 80),)
    )
    store.close()
    # The most memory Python holds while the proof file goes from its blob into the ZIP.
    peaks: list[int] = []
    original = evidence.copy_out

    def measured(conn: sqlite3.Connection, evidence_id: str, out: BinaryIO) -> int:
        tracemalloc.start()
        try:
            return original(conn, evidence_id, out)
        finally:
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()

    monkeypatch.setattr(evidence, "copy_out", measured)
    target = tmp_path / "dossier.zip"
    dossier_of(db_path, status("anna", (counted,)), target)
    assert len(peaks) == 1 and peaks[0] < 4 * 1024 * 1024, peaks  # the file holds 20 MiB
    with zipfile.ZipFile(target) as archive:
        name = f"bewijs/2025-03-04_{activity[:8]}_1_scan.tif"
        with archive.open(name) as entry:
            digest = hashlib.file_digest(entry, "sha256").hexdigest()  # type: ignore[arg-type]
    assert digest == hashlib.sha256(proof.read_bytes()).hexdigest()


def test_what_is_read_in_one_read_transaction_is_one_state_of_the_log(
    run: Run, db_path: Path
) -> None:
    add(run, "formal", "Eerste", "-m", "1u", "-d", "2025-03-04")
    reader = Store(db_path)
    count = "SELECT count(*) FROM activities"
    with read_transaction(reader.reader(), reader.path) as conn:
        assert conn.execute(count).fetchone()[0] == 1
        # Another process writes meanwhile (WAL lets it); this read still sees the old state,
        # through the connection and through the store.
        add(run, "formal", "Tweede", "-m", "1u", "-d", "2025-03-05")
        assert conn.execute(count).fetchone()[0] == 1
        assert len(reader.query("SELECT id FROM activities")) == 1
    assert reader.reader().execute(count).fetchone()[0] == 2
    reader.close()
