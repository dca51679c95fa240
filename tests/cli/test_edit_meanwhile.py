"""Two edits of one record at the same moment: each sets the fields it was given over the record
as it is when its write begins, so both land and neither is refused (the contract: several
processes may write at once without losing or refusing a write). A record deleted meanwhile is
refused, and nothing is changed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from test_timer_processes import race

from leerlog.storage.store import Store

if TYPE_CHECKING:
    from conftest import Result, Run
    from leerlog.domain.models import Activity

ROUNDS = 10


def add(run: Run) -> str:
    done = run("add", "werk", "Huisbezoek", "-m", "30", "-q")
    assert done.exit_code == 0, done.stderr
    return done.stdout.strip()


def record(run: Run, activity_id: str) -> dict[str, Any]:
    listed = json.loads(run("list", "--all", "--format", "json").stdout)
    return next(r for r in listed if r["id"] == activity_id)


def journal(db_path: Path) -> list[tuple[str, str]]:
    store = Store(db_path)
    try:
        return [
            (r["actor"], r["action"]) for r in store.query("SELECT * FROM journal ORDER BY seq")
        ]
    finally:
        store.close()


def meanwhile(monkeypatch: pytest.MonkeyPatch, db_path: Path, change: Any) -> None:
    """Another process's CHANGE (of a Store and the record), made right after this edit read it."""
    found = Store.find

    def find(self: Store, id_: str) -> Activity:
        activity = found(self, id_)
        monkeypatch.setattr(Store, "find", found)  # once
        other = Store(db_path)
        try:
            change(other, activity)
        finally:
            other.close()
        return activity

    monkeypatch.setattr(Store, "find", find)


def edited_after_bob(
    run: Run,
    activity_id: str,
    bobs: dict[str, Any],
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Result:
    """`edit ID -m 50`, with bob's edit (BOBS) made right after the edit read the record."""
    meanwhile(
        monkeypatch,
        db_path,
        lambda other, a: other.update(a, a.model_copy(update=bobs), "bob"),
    )
    return run("edit", activity_id[:8], "-m", "50")


def test_an_edit_lands_over_one_made_after_it_read_the_record(
    run: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    activity_id = add(run)
    done = edited_after_bob(run, activity_id, {"tags": ("schuldhulp",)}, db_path, monkeypatch)
    assert (done.exit_code, done.stderr) == (0, ""), done.stderr
    after = record(run, activity_id)
    assert (after["minutes"], after["tags"]) == (50, ["schuldhulp"])
    assert journal(db_path) == [("anna", "add"), ("bob", "edit"), ("anna", "edit")]
    undone = run("undo")  # anna's undo takes back her minutes, not bob's tag
    assert undone.exit_code == 0, undone.stderr
    assert (record(run, activity_id)["minutes"], record(run, activity_id)["tags"]) == (
        30,
        ["schuldhulp"],
    )


def test_an_edit_of_a_record_deleted_meanwhile_is_refused(
    run: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    activity_id = add(run)
    meanwhile(monkeypatch, db_path, lambda other, a: other.delete(a, "bob"))
    done = run("edit", activity_id[:8], "-m", "50")
    assert done.exit_code == 1 and done.stdout == ""
    assert done.stderr.splitlines()[0] == (
        f"Error: activity {activity_id[:8]} was changed in the meantime; nothing was changed"
    )
    assert journal(db_path) == [("anna", "add"), ("bob", "delete")]


def test_edits_by_two_processes_at_once_both_land(run: Run, subprocess_env: dict[str, str]) -> None:
    activity_id = add(run)
    for round_ in range(ROUNDS):
        results = race(
            subprocess_env,
            ("edit", activity_id[:8], "-m", str(40 + round_)),
            ("--person", "bob", "edit", activity_id[:8], "--tag", f"t{round_}"),
        )
        assert [code for code, _out, _err in results] == [0, 0], results
        after = record(run, activity_id)
        assert (after["minutes"], after["tags"]) == (40 + round_, [f"t{round_}"]), after


def test_an_edit_someone_made_meanwhile_is_not_made_twice(
    run: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    activity_id = add(run)
    done = edited_after_bob(run, activity_id, {"minutes": 50}, db_path, monkeypatch)
    assert (done.exit_code, done.stdout, done.stderr) == (0, "", "Nothing changed.\n")
    assert journal(db_path) == [("anna", "add"), ("bob", "edit")]
