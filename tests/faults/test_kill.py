"""SIGKILL at a random moment: the file stays consistent, and an export is whole or absent.

A killed process cannot clean up after itself, so the tests only ask what SQLite's transactions
and leerlog's write-then-rename promise: every change is in the file whole or not at all, with its
journal entry, and a reader never sees half an export.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from faultkit import (
    PATIENCE_SECONDS,
    TODAY,
    as_json,
    count,
    integrity_ok,
    run_script,
    script,
    sqlite,
    succeeds,
)

if TYPE_CHECKING:
    from conftest import Leerlog

SEEDS = [11, 22, 33]
LOOPS = 3  # shell loops running side by side in the killed process group
# Once this many changes are in, the loops are well under way; the kill then follows after a
# seeded random delay of up to KILL_WITHIN seconds.
UNDER_WAY = 3
KILL_WITHIN = 3.0


def start_group(script_text: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """A shell in its own process group (the group id is its pid), so one kill ends all of it."""
    return subprocess.Popen(
        ["sh", "-c", script_text],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )


def kill_group_when(
    group: subprocess.Popen[bytes],
    ready: Callable[[], bool],
    seed: int,
    within: float = KILL_WITHIN,
) -> tuple[bool, str]:
    """Once READY, wait a seeded random 0..WITHIN seconds, then SIGKILL the whole group; whether
    it was under way, and its stderr."""
    deadline = time.monotonic() + PATIENCE_SECONDS
    under_way = False
    while group.poll() is None and time.monotonic() < deadline:
        if ready():
            under_way = True
            break
        time.sleep(0.05)
    if under_way:
        time.sleep(random.Random(seed).uniform(0.0, within))
    if group.poll() is None:
        os.killpg(group.pid, signal.SIGKILL)
    _, err = group.communicate(timeout=PATIENCE_SECONDS)
    return under_way, err.decode()


def journal(path: Path) -> list[dict[str, Any]]:
    with sqlite(path) as conn:
        rows = conn.execute(
            "SELECT seq, action, activity_id, before, after FROM journal ORDER BY seq"
        ).fetchall()
    return [
        {
            "seq": seq,
            "action": action,
            "id": activity_id,
            "before": None if before is None else json.loads(before),
            "after": None if after is None else json.loads(after),
        }
        for seq, action, activity_id, before, after in rows
    ]


def stored(path: Path) -> dict[str, dict[str, Any]]:
    with sqlite(path) as conn:
        conn.row_factory = sqlite3.Row
        return {row["id"]: as_json(row) for row in conn.execute("SELECT * FROM activities")}


def listed(leerlog: Leerlog) -> list[dict[str, Any]]:
    """Every activity through `leerlog list`, which validates each row as it reads it."""
    data = json.loads(succeeds(leerlog("list", "--all", "--format", "json", "--limit", "100000")))
    assert isinstance(data, list)
    return data


def numbers(titles: list[str], pattern: str) -> dict[str, list[int]]:
    """Per loop, the sorted numbers in the titles matching PATTERN (groups: loop, number)."""
    found: dict[str, list[int]] = {}
    for title in titles:
        match = re.fullmatch(pattern, title)
        assert match, title
        found.setdefault(match[1], []).append(int(match[2]))
    return {loop: sorted(values) for loop, values in found.items()}


# --- adds ----------------------------------------------------------------------------------------

ADD_LOOP = """
for p in $(seq {loops}); do
  ( i=0
    while [ $i -lt 200 ]; do
      i=$((i + 1))
      leerlog add werk "k$p-$i" -m 5 -t kill -r "reflectie $p-$i" -q >/dev/null || exit 1
    done ) &
done
wait
"""


@pytest.mark.parametrize("seed", SEEDS)
def test_sigkill_during_adds_leaves_every_add_whole_with_its_journal_entry(
    env: dict[str, str], leerlog: Leerlog, db_path: Path, seed: int
) -> None:
    succeeds(leerlog("people", "set", "anna", "--team", "Noord"))  # the file exists before polling
    group = start_group(ADD_LOOP.format(loops=LOOPS), env)
    under_way, err = kill_group_when(group, lambda: count(db_path) >= UNDER_WAY, seed)
    assert under_way, err
    assert group.returncode == -signal.SIGKILL, err

    integrity_ok(db_path)
    records = listed(leerlog)
    rows = stored(db_path)
    assert {r["id"] for r in records} == set(rows)
    for record in records:
        assert (record["person"], record["category"], record["minutes"], record["tags"]) == (
            "anna", "experiential", 5, ["kill"],
        )  # fmt: skip
        assert record["reflection"] == "reflectie " + record["title"][1:]
    # Each loop adds one after the other: a kill ends it after its last whole add, no gaps.
    per_loop = numbers([r["title"] for r in records], r"k(\d+)-(\d+)")
    for values in per_loop.values():
        assert values == list(range(1, len(values) + 1))
    # Every activity has its journal entry, and every journal entry its activity.
    entries = journal(db_path)
    assert [e["action"] for e in entries] == ["add"] * len(rows)
    assert {e["id"]: e["after"] for e in entries} == rows
    assert all(e["before"] is None for e in entries)

    # The file is usable at once: no lock or half transaction was left behind.
    succeeds(leerlog("add", "werk", "Na de kill", "-m", "5", "-q"))
    assert count(db_path) == len(rows) + 1


# --- edits ---------------------------------------------------------------------------------------

EDIT_LOOP = """
for id in {ids}; do
  ( i=0
    while [ $i -lt 300 ]; do
      i=$((i + 1))
      leerlog edit "$id" --title "versie $i" -m "$i" >/dev/null || exit 1
    done ) &
done
wait
"""


@pytest.mark.parametrize("seed", SEEDS)
def test_sigkill_during_edits_leaves_each_activity_as_its_last_journal_entry(
    env: dict[str, str], leerlog: Leerlog, db_path: Path, seed: int
) -> None:
    ids = [
        succeeds(leerlog("add", "intervisie", f"Casus {n}", "-m", "30", "-q")).strip()
        for n in range(LOOPS)
    ]

    def edits() -> int:
        return count(db_path, "SELECT count(*) FROM journal WHERE action = 'edit'")

    group = start_group(EDIT_LOOP.format(ids=" ".join(ids)), env)
    under_way, err = kill_group_when(group, lambda: edits() >= UNDER_WAY, seed)
    assert under_way, err
    assert group.returncode == -signal.SIGKILL, err

    integrity_ok(db_path)
    records = {r["id"]: r for r in listed(leerlog)}
    assert sorted(records) == sorted(ids)
    rows = stored(db_path)
    entries = journal(db_path)
    for activity_id in ids:
        history = [e for e in entries if e["id"] == activity_id]
        assert history[0]["action"] == "add" and history[0]["before"] is None
        assert all(e["action"] == "edit" for e in history[1:])
        # Each edit starts from the version the one before left: no edit half-applied or lost.
        for previous, entry in itertools.pairwise(history):
            assert entry["before"] == previous["after"]
        assert rows[activity_id] == history[-1]["after"]
        versions = [e["after"]["title"] for e in history[1:]]
        assert versions == [f"versie {n}" for n in range(1, len(versions) + 1)]
        assert records[activity_id]["title"] == history[-1]["after"]["title"]

    # Undo takes back the last whole edit, from its journal entry.
    last = entries[-1]
    assert last["action"] == "edit"
    succeeds(leerlog("undo"))
    assert stored(db_path)[last["id"]] == last["before"]
    integrity_ok(db_path)


# --- an export to a file -------------------------------------------------------------------------

EXPORT_ROWS = 100_000
HEADER = (
    "id,person,date,category,type,minutes,title,with,tags,reflection,created_at,updated_at,"
    "session,accreditation"
)
# Once the temporary file holds this much, the export is well under way (it writes some 11 MB
# in some 2.5 s here); the kill follows within EXPORT_KILL_WITHIN seconds, so it may also land
# after the rename.
EXPORT_UNDER_WAY_BYTES = 256 * 1024
EXPORT_KILL_WITHIN = 5.0


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], bytes]:
    """100,000 activities imported once, the environment to reach them, and their full export."""
    folder = tmp_path_factory.mktemp("export-kill")
    source = folder / "rows.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["person", "date", "category", "minutes", "title"])
        writer.writerows(
            (f"p{n % 40}", f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}",
             ("experiential", "social", "formal")[n % 3], 1 + n % 600, f"Activiteit {n}")
            for n in range(EXPORT_ROWS)
        )  # fmt: skip
    env = {
        **os.environ,
        "LEERLOG_DB": str(folder / "leerlog.db"),
        "LEERLOG_CONFIG": str(folder / "no-config.toml"),
        "LEERLOG_TODAY": TODAY,
        "LEERLOG_PERSON": "anna",
        "LEERLOG_LANG": "en",
        "NO_COLOR": "1",
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_script(env, *args)

    done = run("import", str(source))
    assert done.returncode == 0, done
    reference = folder / "reference.csv"
    done = run("export", "activities", "--output", str(reference))
    assert done.returncode == 0, done
    whole = reference.read_bytes()
    assert whole.decode().splitlines()[0] == HEADER
    assert whole.count(b"\n") == 1 + EXPORT_ROWS
    return env, whole


def temporaries(folder: Path, name: str) -> list[str]:
    """atomic_output's temporary files for NAME: `.NAME.<random>.tmp`."""
    pattern = re.compile(rf"\.{re.escape(name)}\..+\.tmp")
    return sorted(p.name for p in folder.iterdir() if pattern.fullmatch(p.name))


@pytest.mark.parametrize(("seed", "before"), [(11, "absent"), (22, "old")])
def test_sigkill_during_an_export_leaves_the_file_whole_or_as_it_was(
    big_db: tuple[dict[str, str], bytes], tmp_path: Path, seed: int, before: str
) -> None:
    env, whole = big_db
    folder = tmp_path / "hr"
    folder.mkdir()
    target = folder / "activities.csv"
    old = b"id,person\nlast month's export\n"
    if before == "old":
        target.write_bytes(old)
    process = subprocess.Popen(
        [script(), "export", "activities", "--output", str(target)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )

    def writing() -> bool:
        return any(
            (folder / name).stat().st_size > EXPORT_UNDER_WAY_BYTES
            for name in temporaries(folder, target.name)
        )

    under_way, err = kill_group_when(process, writing, seed, EXPORT_KILL_WITHIN)
    assert process.returncode in (-signal.SIGKILL, 0), err
    assert under_way or process.returncode == 0, err

    # The file is never half-written: the export's bytes whole, or what was there before.
    if target.exists():
        assert target.read_bytes() in (whole, old if before == "old" else whole)
    else:
        assert before == "absent"
    # A killed process cannot remove its temporary file: at most one `.activities.csv.*.tmp`
    # (mode 0600, part of the export) stays beside FILE; leerlog does not clean such leftovers
    # up later either. Nothing else appears.
    left = temporaries(folder, target.name)
    assert len(left) <= 1
    if process.returncode == 0:
        assert left == []
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        left + ([target.name] if target.exists() else [])
    )
    integrity_ok(Path(env["LEERLOG_DB"]))

    # The next run writes the whole file and adds no temporary file of its own.
    done = run_script(env, "export", "activities", "--output", str(target))
    assert done.returncode == 0, done
    assert target.read_bytes() == whole
    assert temporaries(folder, target.name) == left
