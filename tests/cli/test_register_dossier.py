"""`leerlog register dossier`: the ZIP a jeugdzorgwerker hands to SKJ, through the real commands.

The points are worked out here by hand from the SKJ profile: one point per 60 net minutes,
formal types as scholing, supervisie and intervisie as reflectie, self-reflection nowhere, and
only activities from the period's start (2024-01-01) up to today (2026-11-27).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pypdf import PdfReader

from installed import run_script
from zips import sha256sum_check, unpack

if TYPE_CHECKING:
    from cli.conftest import Cli
    from conftest import Run

SKJ = "skj-jeugdzorgwerker"


def ok(run: Run, *args: str) -> str:
    done = run(*args)
    assert done.exit_code == 0, (args, done.stderr)
    return done.stdout


def pdf_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive, archive.open("overzicht.pdf") as pdf:
        return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


class Prepared:
    """anna's SKJ registration and her log: three activities that count, three that do not."""

    def __init__(self, cli: Cli, run: Run, tmp_path: Path) -> None:
        ok(run, "register", "set", SKJ, "--start", "2024-01-01", "--number", "110012345")
        self.certificate = tmp_path / "proof" / "certificaat.pdf"
        self.certificate.parent.mkdir()
        self.certificate.write_bytes(b"%PDF-1.4 certificate\n" + os.urandom(5000))
        self.training = cli.add(
            "course", "Training traumasensitief werken", "-m", "3u", "-d", "2025-03-04",
            "--with", "Academie Noord", "--accreditation", "PE-778812",
            "--evidence", str(self.certificate),
        )  # fmt: skip
        self.supervisie = cli.add(
            "supervisie", "Supervisie casus Z", "-m", "1u30", "-d", "2025-06-10",
            "--reflection", "Ik merkte dat ik te snel oplossingen aandroeg.",
        )  # fmt: skip
        self.intervisie = cli.add("intervisie", "Intervisie Noord", "-m", "45", "-d", "2026-02-02")
        # Not counted: self-reflection (nowhere for SKJ), before the period, someone else's.
        self.diary = cli.add(
            "self-reflection", "Dagboek bijgehouden", "-m", "2u", "-d", "2025-06-11"
        )
        self.old = cli.add("course", "Oude cursus", "-m", "8u", "-d", "2023-12-31")
        self.bob = cli.add("course", "Cursus van Bob", "-m", "1u", "-d", "2025-01-05", "-p", "bob")
        # The same name twice on one activity: both arrive.
        self.list_one = tmp_path / "a" / "presentielijst.pdf"
        self.list_two = tmp_path / "b" / "presentielijst.pdf"
        for number, path in enumerate((self.list_one, self.list_two)):
            path.parent.mkdir()
            path.write_bytes(f"list {number}\n".encode() + os.urandom(100))
        ok(run, "evidence", "add", self.intervisie, str(self.list_one), str(self.list_two))


@pytest.fixture
def prepared(cli: Cli, run: Run, tmp_path: Path) -> Prepared:
    return Prepared(cli, run, tmp_path)


def test_the_dossier_holds_the_overview_the_activities_and_every_proof_file(
    prepared: Prepared, cli: Cli, run: Run, tmp_path: Path
) -> None:
    before = cli.snapshot()
    done = run("register", "dossier", "--output", str(tmp_path / "out" / "dossier-{date}.zip"))
    assert done.exit_code == 0, done.stderr
    assert cli.snapshot() == before  # a dossier only reads the log
    target = tmp_path / "out" / "dossier-2026-11-27.zip"
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"Wrote the dossier of anna (SKJ youth care worker) to {target}",
        "3 activities, 3 proof files",
    ]
    folder = unpack(target, tmp_path / "unpacked")
    training, intervisie = prepared.training[:8], prepared.intervisie[:8]
    proofs = {
        f"bewijs/2025-03-04_{training}_1_certificaat.pdf": prepared.certificate,
        f"bewijs/2026-02-02_{intervisie}_1_presentielijst.pdf": prepared.list_one,
        f"bewijs/2026-02-02_{intervisie}_2_presentielijst.pdf": prepared.list_two,
    }
    assert sha256sum_check(folder) == [
        f"{name}: OK" for name in ("overzicht.pdf", "activiteiten.csv", *proofs)
    ]
    for name, original in proofs.items():
        assert (folder / name).read_bytes() == original.read_bytes()


def test_the_overview_shows_each_category_total_and_every_counted_activity(
    prepared: Prepared, run: Run, tmp_path: Path
) -> None:
    target = tmp_path / "dossier.zip"
    ok(run, "register", "dossier", "-o", str(target))
    text = pdf_text(target)
    # training (formal): 3 h = 3.0. reflection (supervisie, intervisie): 1h30 + 45 min = 135
    # min = 2.25, shown as 2.2 (rounded down once, on the sum); the intervisie alone is
    # 0.75, shown as 0.7. free choice (other social and experiential): nothing; the
    # self-reflection counts nowhere. SKJ has no total minimum: 3 h + 2h15 = 5.25, total 5.2. What is
    # left is worked out in minutes too: 50 h - 2h15 = 47h45, 47.75 shown as 47.8 (rounded up).
    for line in (
        "Person anna", "Registration number 110012345", "Period 2024-01-01 to 2028-12-31",
        "Deadline 2028-12-31", "training 3.0 60 57.0", "reflection 2.2 50 47.8",
        "free choice 0.0 50 50.0", "Total 5.2",
        "Training: 3.0 points from 1 activity", "Reflection: 2.2 points from 2 activities",
        "Free choice: 0.0 points from 0 activities",
        "2025-03-04 Training traumasensitief werken 3:00 3.0 PE-778812 Academie Noord",
        "2025-06-10 Supervisie casus Z 1:30 1.5", "2026-02-02 Intervisie Noord 0:45 0.7",
        "Ik merkte dat ik te snel oplossingen aandroeg.",
    ):  # fmt: skip
        assert line in text, line
    for title in ("Dagboek bijgehouden", "Oude cursus", "Cursus van Bob"):
        assert title not in text
    assert "2025-06-11" not in text and "2023-12-31" not in text


def test_the_activities_import_back_into_an_empty_log_as_the_same_records(
    prepared: Prepared, cli: Cli, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "dossier.zip"
    ok(run, "register", "dossier", "-o", str(target))
    counted = {prepared.training, prepared.supervisie, prepared.intervisie}
    records = [r for r in cli.records("--all", "--period", "all") if r["id"] in counted]
    folder = unpack(target, tmp_path / "unpacked")
    monkeypatch.setenv("LEERLOG_DB", str(tmp_path / "empty" / "leerlog.db"))
    ok(run, "import", str(folder / "activiteiten.csv"))
    back = cli.records("--all", "--period", "all")
    assert sorted(back, key=lambda r: r["id"]) == sorted(records, key=lambda r: r["id"])


def test_the_dossier_speaks_dutch_in_the_dutch_interface(
    prepared: Prepared, tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    target = tmp_path / "dossier.zip"
    done = run_script(
        {**subprocess_env, "LEERLOG_LANG": "nl"}, "register", "dossier", "-o", str(target)
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == "3 activiteiten, 3 bewijsstukken"
    text = pdf_text(target)
    for line in (
        "Registerdossier", "Persoon anna", "Registratienummer 110012345", "Pagina 1 van",
        "Datum Activiteit Uren Punten Accreditatie Organisator",
        "2025-03-04 Training traumasensitief werken 3:00 3,0 PE-778812 Academie Noord",
    ):  # fmt: skip
        assert line in text, line


def test_an_empty_period_still_gives_a_valid_dossier(run: Run, cli: Cli, tmp_path: Path) -> None:
    cli.add("course", "Lang geleden", "-m", "2u", "-d", "2019-05-05")
    ok(run, "register", "set", SKJ, "--start", "2024-01-01")
    target = tmp_path / "leeg.zip"
    done = run("register", "dossier", "-o", str(target))
    assert done.exit_code == 0, done.stderr
    assert done.stderr.splitlines()[-1] == "0 activities, 0 proof files"
    folder = unpack(target, tmp_path / "unpacked")
    assert sha256sum_check(folder) == ["overzicht.pdf: OK", "activiteiten.csv: OK"]
    assert (folder / "activiteiten.csv").read_text(encoding="utf-8").count("\n") == 1
    text = pdf_text(target)
    assert "No activity counts here in this period." in text and "Lang geleden" not in text


# leerlog register dossier, in a process that kills itself with SIGKILL once the first proof
# file is in the ZIP.
DYING = """
import os, signal, sys
from leerlog.registers import evidence

original = evidence.copy_out

def dying(conn, evidence_id, out):
    written = original(conn, evidence_id, out)
    os.kill(os.getpid(), signal.SIGKILL)
    return written

evidence.copy_out = dying
sys.argv = ["leerlog", "register", "dossier", "--output", sys.argv[1]]
from leerlog.cli.app import main
main()
"""


@pytest.mark.parametrize("before", [False, True])
def test_a_killed_dossier_write_leaves_no_half_zip(
    prepared: Prepared, run: Run, tmp_path: Path, subprocess_env: dict[str, str], before: bool
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "dossier.zip"
    if before:
        ok(run, "register", "dossier", "-o", str(target))
    previous = target.read_bytes() if before else None
    done = subprocess.run(
        [sys.executable, "-c", DYING, str(target)],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, env=subprocess_env,
        check=False,
    )  # fmt: skip
    assert done.returncode == -signal.SIGKILL, done.stderr
    if previous is None:
        assert not target.exists()
    else:
        assert target.read_bytes() == previous
        assert len(sha256sum_check(unpack(target, tmp_path / "before"))) == 5
    left = sorted(p.name for p in out.iterdir() if p.name != "dossier.zip")
    assert len(left) == 1 and left[0].startswith(".dossier.zip.") and left[0].endswith(".tmp")


def test_several_registrations_need_profile_and_none_needs_register_set(
    cli: Cli, run: Run, tmp_path: Path
) -> None:
    cli.add("course", "Cursus", "-m", "1u", "-d", "2025-01-05")
    target = tmp_path / "dossier.zip"
    done = run("register", "dossier", "-o", str(target))
    cli.fails(done, 1)
    assert "leerlog register set" in done.stderr
    ok(run, "register", "set", SKJ, "--start", "2024-01-01")
    ok(run, "register", "set", "vvn-kwaliteitsregister", "--start", "2023-06-01")
    done = run("register", "dossier", "-o", str(target))
    cli.fails(done, 2)
    assert SKJ in done.stderr and "vvn-kwaliteitsregister" in done.stderr
    assert "--profile" in done.stderr
    assert not target.exists()
    ok(run, "register", "dossier", "--profile", "vvn-kwaliteitsregister", "-o", str(target))
    assert "Registration number" in pdf_text(target)


def test_a_read_command_never_creates_a_database(run: Run, db_path: Path, tmp_path: Path) -> None:
    done = run("register", "dossier", "-o", str(tmp_path / "dossier.zip"))
    assert done.exit_code == 1 and "Traceback" not in done.stderr
    assert not db_path.exists() and not (tmp_path / "dossier.zip").exists()


def test_json_of_status_and_the_overview_agree(
    prepared: Prepared, run: Run, tmp_path: Path
) -> None:
    status = json.loads(ok(run, "register", "status", "--format", "json"))
    target = tmp_path / "dossier.zip"
    ok(run, "register", "dossier", "-o", str(target))
    text = pdf_text(target)
    for category in status["categories"]:
        points = f"{category['points']:.1f}"
        label = category["label"]
        assert f"{label[0].upper()}{label[1:]}: {points} points" in text  # heading: a capital
        assert f"{label} {points} {category['minimum']}" in text  # its row in the status table


def test_registerplein_minima_left_to_the_config_show_as_not_set(
    cli: Cli, run: Run, tmp_path: Path
) -> None:
    ok(run, "register", "set", "registerplein", "--start", "2025-01-01", "--number", "4610123")
    cli.add("course", "Training PE", "-m", "2u", "-d", "2025-04-01", "--accreditation", "PE-1")
    cli.add("course", "Training zonder ID", "-m", "1u", "-d", "2025-04-02")
    target = tmp_path / "dossier.zip"
    ok(run, "register", "dossier", "-o", str(target))
    text = pdf_text(target)
    # With its PE-online id the training is accredited (2.0); without one it is other (1.0).
    for line in (
        "accredited 2.0 not set — —", "other 1.0 — — —", "Accredited: 2.0 points from 1 activity",
        "2025-04-01 Training PE 2:00 2.0 PE-1", "Other: 1.0 points from 1 activity",
        "2025-04-02 Training zonder ID 1:00 1.0", "Registration number 4610123",
    ):  # fmt: skip
        assert line in text, line


def test_letters_the_font_lacks_are_named_and_the_rest_is_written(
    cli: Cli, run: Run, tmp_path: Path
) -> None:
    ok(run, "register", "set", SKJ, "--start", "2024-01-01")
    cli.add("course", "Cursus \U00013000 hiërogliefen", "-m", "1u", "-d", "2025-01-01")
    target = tmp_path / "dossier.zip"
    done = run("register", "dossier", "-o", str(target))
    assert done.exit_code == 0, done.stderr
    assert done.stderr.splitlines()[0] == (
        "note: the PDF's font has no letters for \U00013000; they are left out of it"
    )
    assert done.stderr.splitlines()[-1] == "1 activity, 0 proof files"
    assert "hiërogliefen" in pdf_text(target)


def test_a_register_with_a_total_shows_it_with_its_own_minimum(
    cli: Cli, run: Run, tmp_path: Path
) -> None:
    # From 2022-01-01 the period ends on 2026-12-31, before 2027-07-01: 147 in all, 64 of them
    # accredited.
    ok(run, "register", "set", "vvn-kwaliteitsregister", "--start", "2022-01-01")
    cli.add("course", "Wondzorg", "-m", "3u", "-d", "2026-01-10", "--accreditation", "V-1")
    cli.add("reading", "Vakliteratuur", "-m", "2u", "-d", "2026-02-10")
    target = tmp_path / "dossier.zip"
    ok(run, "register", "dossier", "-o", str(target))
    text = pdf_text(target)
    # accredited 3.0 of 64: 61.0 left; other 2.0 (no minimum); total 5.0 of 147: 142.0 left.
    for line in (
        "Period 2022-01-01 to 2026-12-31", "accredited 3.0 64 61.0", "other 2.0 — —",
        "Total 5.0 147 142.0", "2026-01-10 Wondzorg 3:00 3.0 V-1",
        "2026-02-10 Vakliteratuur 2:00 2.0",
    ):  # fmt: skip
        assert line in text, line


def test_a_word_wider_than_its_column_stays_whole(run: Run, cli: Cli, tmp_path: Path) -> None:
    # At the table's 9 points, either word is wider than its 30 mm column: it is set smaller.
    ok(run, "register", "set", SKJ, "--start", "2024-01-01")
    cli.add(
        "course", "Training traumasensitief werken", "-m", "3u", "-d", "2025-03-04",
        "--with", "Jeugdzorgacademie Nederland", "--accreditation", "PE-2025-778812-AB",
    )  # fmt: skip
    target = tmp_path / "dossier.zip"
    ok(run, "register", "dossier", "-o", str(target))
    text = pdf_text(target)
    assert "PE-2025-778812-AB Jeugdzorgacademie" in text, text
