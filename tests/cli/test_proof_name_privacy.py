"""A proof file's name is written by a dossier (its ZIP entry, its checksums, its overview), so a
client's details in it are refused there and listed by `check`, as in an activity's text."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from personal_data import BSN, WARNING, warnings

if TYPE_CHECKING:
    from conftest import Run


def test_a_proof_file_named_after_a_client_is_refused_by_the_dossier_and_checked(
    run: Run, tmp_path: Path
) -> None:
    proof = tmp_path / f"bewijs klant {BSN}.txt"
    proof.write_text("Deelname meldcode\n")
    added = run("add", "workshop", "Training meldcode", "-m", "3u", "-d", "2025-05-01",
                "--evidence", str(proof), "-q")  # fmt: skip
    assert added.exit_code == 0, added.stderr
    activity_id = added.stdout.strip()
    said = (
        f"warning: the proof file name field of {activity_id[:8]} looks like it holds a BSN"
        f" (123…782); {WARNING}"
    )
    assert warnings(added) == [said]
    again = run("evidence", "add", activity_id[:8], str(proof))
    assert again.exit_code == 0 and warnings(again) == [said]
    assert run("evidence", "remove", activity_id[:8], "2").exit_code == 0
    assert run("register", "set", "skj-jeugdzorgwerker", "--start", "2024-01-01").exit_code == 0
    target = tmp_path / "dossier.zip"
    refused = run("register", "dossier", "-o", str(target))
    assert refused.exit_code == 1 and refused.stdout == "" and not target.exists()
    assert refused.stderr.splitlines() == [
        f"{activity_id[:8]}: the proof file name field looks like it holds a BSN (123…782)",
        "Error: 1 activity looks like it holds a client's personal data; nothing was written",
        "Hint: remove the file with 'leerlog evidence remove ID NUMBER' and add it again under"
        " another name, or give --allow-personal-data to write it anyway",
    ]
    found = json.loads(run("check", "--format", "json").stdout)
    assert [(r["id"], r["field"], r["kind"], r["value"]) for r in found] == [
        (activity_id, "proof", "bsn", "123…782"),
    ]
    allowed = run("register", "dossier", "-o", str(target), "--allow-personal-data")
    assert allowed.exit_code == 0, allowed.stderr
    with zipfile.ZipFile(target) as written:
        assert any(BSN in name for name in written.namelist())
    # Removed, it is no longer written, nor found.
    assert run("evidence", "remove", activity_id[:8], "1").exit_code == 0
    assert run("check").exit_code == 0
    target.unlink()
    assert run("register", "dossier", "-o", str(target)).exit_code == 0
