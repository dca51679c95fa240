"""The figures `run.py` measures: each sets up its data once, then alternates the two sides."""

from __future__ import annotations

import shutil
from collections.abc import Callable

from generate import generate
from harness import (
    AGGREGATE,
    ENV,
    PYTHON,
    WORK,
    Figure,
    compare,
    fresh,
    leerlog,
    make_db,
    reference_db,
    run,
)  # fmt: skip

HERE = WORK.parent
# What the sqlite3 shell writes for figure e: the columns of the activities CSV, oldest first.
EXPORT = (
    'SELECT id, person, date, category, type, minutes, title, "with", tags, reflection,'
    " created_at, updated_at, session, accreditation FROM activities ORDER BY date, person"
)
# Start-up figures last a third of a second and swing by 5-10% from one run to the next (fsync,
# the scheduler); at least this many alternating runs keep their medians steady.
QUICK_RUNS = 21


def _small_db() -> None:
    """10,000 activities (100 people x 100), once."""
    if not (WORK / "small.db").exists():
        generate(WORK / "small.csv", 100, 100)
        make_db(WORK / "small.csv", WORK / "small.db")


def _big_db(scale: float) -> str:
    """1,000,000 activities (10,000 people x 100) at scale 1, once per scale."""
    people = max(10, int(10_000 * scale))
    name = f"big-{people}"
    if not (WORK / f"{name}.db").exists():
        generate(WORK / f"{name}.csv", people, 100)
        make_db(WORK / f"{name}.csv", WORK / f"{name}.db")
        reference_db(WORK / f"{name}.db", WORK / f"{name}-ref.db")
    return name


def _size(name: str) -> str:
    """How a big file reads in the table: 'big-10000' is 1,000,000 activities of 10,000 people."""
    people = int(name.split("-")[1])
    return f"{people * 100:,} activities of {people:,} people"


def add(runs: int, scale: float) -> list[Figure]:
    _small_db()
    shutil.copy(WORK / "small.db", WORK / "small-bare.db")
    ours = leerlog("--db", str(WORK / "small.db"), "add", "intervisie", "Bench", "-m", "30", "-q")
    bare = [PYTHON, str(HERE / "baselines" / "bare_add.py"), "intervisie", "Bench", "-m", "30"]
    bare_add = lambda: run([*bare, "--db", str(WORK / "small-bare.db")])  # noqa: E731
    mine, theirs, _ = compare(max(runs, QUICK_RUNS), ours, bare_add)
    return [
        Figure("a", "add on a 10,000-row file vs bare Typer + sqlite3 insert", mine, theirs, 1.15)
    ]


def report(runs: int, scale: float) -> list[Figure]:
    _small_db()
    ours = leerlog("--db", str(WORK / "small.db"), "report", "--person", "medewerker-00001")
    bare = [
        PYTHON,
        str(HERE / "baselines" / "bare_report.py"),
        "medewerker-00001",
        "--db",
        str(WORK / "small.db"),
    ]
    mine, theirs, _ = compare(max(runs, QUICK_RUNS), ours, lambda: run(bare))
    return [
        Figure(
            "b",
            "report for one person (10,000 rows) vs bare Typer + query + Rich table",
            mine,
            theirs,
            1.15,
        )
    ]


def import_(runs: int, scale: float) -> list[Figure]:
    name = _big_db(scale)
    source = WORK / f"{name}.csv"

    def ours() -> tuple[float, int]:
        return leerlog("--db", str(fresh(WORK / "import.db")), "import", str(source))()

    def bare() -> tuple[float, int]:
        return run(
            [
                PYTHON,
                str(HERE / "baselines" / "bare_import.py"),
                str(source),
                str(fresh(WORK / "import-bare.db")),
            ]
        )

    mine, theirs, peak = compare(runs, ours, bare)
    note = f"(peak memory {peak / 1024:.0f} MiB; target <= 150 MiB)"
    label = f"import of {_size(name)} (CSV) vs csv.reader + executemany"
    return [Figure("c", label, mine, theirs, 2.5, note)]


def aggregates(runs: int, scale: float) -> list[Figure]:
    name = _big_db(scale)
    db, ref = str(WORK / f"{name}.db"), str(WORK / f"{name}-ref.db")
    shell: Callable[[], tuple[float, int]] = lambda: run(["sqlite3", ref, AGGREGATE])  # noqa: E731
    figures = []
    for key, label, args in (
        ("d1", "export balance", ("export", "balance")),
        ("d2", "report --all", ("report", "--all")),
    ):
        mine, theirs, _ = compare(runs, leerlog("--db", db, *args), shell)
        figures.append(
            Figure(key, f"{label} over {_size(name)} vs sqlite3 shell aggregate", mine, theirs, 1.3)
        )
    return figures


def export(runs: int, scale: float) -> list[Figure]:
    name = _big_db(scale)
    db = str(WORK / f"{name}.db")
    shell = ["sqlite3", "-csv", "-header", db, EXPORT]
    mine, theirs, peak = compare(
        runs, leerlog("--db", db, "export", "activities"), lambda: run(shell)
    )
    note = f"(peak memory {peak / 1024:.0f} MiB; target <= 100 MiB)"
    return [
        Figure("e", f"export activities, {_size(name)}, vs sqlite3 -csv", mine, theirs, 2.0, note)
    ]


def sync(runs: int, scale: float) -> list[Figure]:
    from bench_sync import measure

    return [measure(runs, scale)]


def dutch(runs: int, scale: float) -> list[Figure]:
    """Issue 8: the Dutch interface may not make `leerlog add` start slower by more than 10%."""
    _small_db()
    args = ("--db", str(WORK / "small.db"), "add", "intervisie", "Bench", "-m", "30", "-q")
    dutch = leerlog(*args, env={**ENV, "LEERLOG_LANG": "nl"})
    english = leerlog(*args, env={**ENV, "LEERLOG_LANG": "en"})
    mine, theirs, _ = compare(max(runs, QUICK_RUNS), dutch, english)
    return [Figure("g", "add in Dutch vs the same add in English", mine, theirs, 1.10)]


def session(runs: int, scale: float) -> list[Figure]:
    """Issue 16: one `session add` for 40 people may cost at most 1.5x one `add`."""
    _small_db()
    for name in ("small-session.db", "small-one.db"):
        shutil.copy(WORK / "small.db", WORK / name)
    present = ",".join(f"deelnemer-{n:02d}" for n in range(40))
    forty = leerlog(
        "--db", str(WORK / "small-session.db"), "session", "add", "intervisie", "Bench",
        "-m", "30", "--leader", "begeleider", "--at", "9:30", "--present", present,
    )  # fmt: skip
    one = leerlog(
        "--db", str(WORK / "small-one.db"), "add", "intervisie", "Bench", "-m", "30", "-q"
    )
    mine, theirs, _ = compare(max(runs, QUICK_RUNS), forty, one)
    return [Figure("j", "session add of 40 people vs one add (10,000-row file)", mine, theirs, 1.5)]


def register_status(runs: int, scale: float) -> list[Figure]:
    """Issue 17: `register status` for a person with 1,000 activities may cost at most 1.3x
    `report` for the same person on the same file (10 people x 1,000 activities)."""
    db = WORK / "registers.db"
    if not db.exists():
        generate(WORK / "registers.csv", 10, 1000)
        make_db(WORK / "registers.csv", db)
        leerlog(
            "--db", str(db), "register", "set", "skj-jeugdzorgwerker", "--start", "2024-01-01",
            "--person", "medewerker-00000",
        )()  # fmt: skip
    person = ("--person", "medewerker-00000")
    status = leerlog("--db", str(db), "register", "status", *person)
    report = leerlog("--db", str(db), "report", *person)
    mine, theirs, _ = compare(max(runs, QUICK_RUNS), status, report)
    label = "register status, 1,000 activities of one person, vs report for them"
    return [Figure("k", label, mine, theirs, 1.3)]


def completion(runs: int, scale: float) -> list[Figure]:
    """Issue 15: a Tab may take at most 1.3x an add on the same file, measured alongside it."""
    _small_db()
    db = str(WORK / "small.db")
    add = leerlog("--db", db, "add", "intervisie", "Bench", "-m", "30", "-q")
    figures = []
    for key, label, shell, line in (
        ("h1", "Tab after add --person medewerker-0001 (100 people)", "bash",
         f"leerlog --db {db} add intervisie --person medewerker-0001"),
        ("h2", "Tab after edit (your newest ids)", "bash", f"leerlog --db {db} edit "),
        ("h3", "Tab after leerlog in zsh (every command, with its help)", "zsh", "leerlog "),
    ):  # fmt: skip
        asking = {**ENV, "LEERLOG_PERSON": "medewerker-00001", "LEERLOG_DB": db}
        if shell == "bash":
            words = line.split(" ")
            asking |= {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
        else:
            asking |= {"_TYPER_COMPLETE_ARGS": line}
        asking["_LEERLOG_COMPLETE"] = f"complete_{shell}"
        mine, theirs, _ = compare(max(runs, QUICK_RUNS), leerlog(env=asking), add)
        figures.append(Figure(key, f"{label}, 10,000-row file, vs add", mine, theirs, 1.3))
    return figures


def search(runs: int, scale: float) -> list[Figure]:
    """Issue 15: list --search folds case and accents beyond ASCII in Python, row by row; the
    baseline is the same listing without the search (SQLite's LIKE and lower() fold ASCII only,
    so they cannot do it alone)."""
    name = _big_db(scale)
    db = str(WORK / f"{name}.db")
    ours = leerlog("--db", db, "list", "--all", "--search", "intake 12")
    plain = leerlog("--db", db, "list", "--all")
    mine, theirs, _ = compare(runs, ours, plain)
    label = f"list --all --search over {_size(name)} vs the same list without --search"
    return [Figure("i", label, mine, theirs, 3.0)]


FIGURES: dict[str, Callable[[int, float], list[Figure]]] = {
    "a": add,
    "b": report,
    "c": import_,
    "d": aggregates,
    "e": export,
    "f": sync,
    "g": dutch,
    "h": completion,
    "i": search,
    "j": session,
    "k": register_status,
}
