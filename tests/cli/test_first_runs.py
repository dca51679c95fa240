"""The first runs of a team, at the same moment, on a file none of them has yet: one says it
made the file, and whoever stores second hears that they are new beside the other (the note is
told from the file as the write finds it, not as the run last read it)."""

from __future__ import annotations

from pathlib import Path

from test_timer_processes import race

from installed import unnoted

ROUNDS = 8


def test_two_first_runs_at_once_each_hear_what_they_did(
    subprocess_env: dict[str, str], db_path: Path
) -> None:
    for _round in range(ROUNDS):
        results = race(
            subprocess_env,
            ("--person", "anna", "add", "werk", "Huisbezoek", "-m", "45", "-q"),
            ("--person", "bob", "add", "werk", "Casus", "-m", "30", "-q"),
        )
        assert [code for code, _out, _err in results] == [0, 0], results
        said = [err for _code, _out, err in results]
        created = [err for err in said if "Created a new log at " in err]
        assert len(created) == 1, said
        notes = [line for err in said for line in err.splitlines() if line.startswith("note: ")]
        assert notes in (
            ["note: 'anna' is new in this log; known: bob"],
            ["note: 'bob' is new in this log; known: anna"],
        ), said
        assert all(unnoted(err) == "" for err in said), said
        for path in db_path.parent.iterdir():
            path.unlink()
