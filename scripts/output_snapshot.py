"""Record what leerlog prints for a fixed set of runs, to compare two versions byte for byte.

    .venv/bin/python scripts/output_snapshot.py before.json   # on the old commit
    .venv/bin/python scripts/output_snapshot.py after.json    # on the new one
    diff before.json after.json && echo identical

Every run gets a fresh, fixed environment (today, person, width, no colour) in a fixed folder, in
English and in Dutch; new ids and timestamps are replaced by placeholders, since they differ from
run to run by design. Nothing else is normalised.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("SNAPSHOT_DIR", "/tmp/leerlog-output-snapshot"))
LEERLOG = str(Path(sys.executable).parent / "leerlog")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SHORT_ID = re.compile(r"\b[0-9a-f]{8}\b")  # ids as tables show them
STAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?"
    r"|\d{4}-\d{2}-\d{2} \d{2}:\d{2}\b"  # as show prints them, in local time
)

COMMANDS = (
    [],
    ["add"], ["list"], ["show"], ["edit"], ["delete"], ["undo"], ["report"], ["import"], ["sync"],
    ["config"], ["backup"], ["export"], ["export", "balance"], ["export", "activities"],
    ["types"], ["types", "add"], ["people"], ["people", "set"], ["people", "list"],
    ["people", "forget"],
)  # fmt: skip

READS = (
    ["list"], ["list", "--all"], ["list", "--all", "--limit", "3"], ["list", "--team", "Team Noord"],
    ["list", "--all", "--format", "csv"], ["list", "--all", "--format", "json"],
    ["list", "--all", "--format", "jsonl"], ["list", "--category", "social", "--all"],
    ["list", "--type", "intervisie", "--all"], ["list", "--tag", "schuldhulp", "--all"],
    ["list", "--period", "last-month", "--all"], ["report"], ["report", "--by", "count"],
    ["report", "--all"], ["report", "--team", "Team Noord"], ["report", "--all", "--monthly"],
    ["report", "--person", "joost", "--period", "this-quarter"], ["report", "--format", "json"],
    ["report", "--all", "--format", "csv"], ["report", "--target", "60:25:15"],
    ["report", "--all", "--monthly", "--format", "json"], ["report", "--since", "2026-10-01",
    "--until", "2026-11-30"], ["report", "--person", "nobody-here"],
    ["export", "balance"], ["export", "balance", "--excel"], ["export", "balance", "--team",
    "Team Zuid"], ["export", "balance", "--period", "2026-11", "--format", "json"],
    ["export", "activities"], ["export", "activities", "--format", "jsonl"],
    ["export", "activities", "--format", "json", "--person", "joost"],
    ["export", "activities", "--format", "xapi"], ["types"], ["people", "list"], ["config"],
)  # fmt: skip

ERRORS = (
    ["add", "werk", "Iets", "-m", "0"], ["add", "werk", "Iets", "-m", "abc"],
    ["add", "werk", "Iets", "-m", "30", "-d", "2030-01-01"], ["add", "onbekend", "Iets", "-m", "3"],
    ["add", "werk"], ["add", "werk", "Iets", "-m", "30", "--tga", "x"], ["lijst"], ["exprt"],
    ["list", "--limit", "0"], ["list", "--format", "xml"], ["report", "--by", "uren"],
    ["report", "--period", "vorige-maand"], ["report", "--target", "50:50:50"],
    ["report", "--since", "2026-12-01", "--until", "2026-01-01"], ["edit", "zzzz", "-m", "3"],
    ["delete", "zzzz", "--yes"], ["import", "/nonexistent.csv"],
    ["export", "balance", "--format", "pdf"], ["types", "add", "x y", "--category", "werk"],
    ["people", "set", "", "--team", "A"], ["add", "coaching", "Iets", "-m", "30", "-c", "formal"],
    ["show", "zzzz"],
)  # fmt: skip


def environment(lang: str) -> dict[str, str]:
    return {
        "PATH": f"{Path(LEERLOG).parent}:/usr/bin:/bin",
        "HOME": str(WORK / "home"),
        "LANG": "C.UTF-8",
        "LEERLOG_LANG": lang,
        "LEERLOG_DB": str(WORK / "log.db"),
        "LEERLOG_CONFIG": str(WORK / "config.toml"),
        "LEERLOG_TODAY": "2026-11-27",
        "LEERLOG_PERSON": "fatima",
        "NO_COLOR": "1",
        "COLUMNS": "100",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def normalise(text: str) -> str:
    return SHORT_ID.sub("<id>", STAMP.sub("<time>", UUID.sub("<uuid>", text)))


def run(results: dict[str, list[object]], lang: str, args: list[str], stdin: str = "") -> str:
    done = subprocess.run(
        [LEERLOG, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment(lang),
        cwd=WORK,
        check=False,
    )
    key = normalise(f"{lang} {len(results):03d} " + " ".join(args))
    results[key] = [done.returncode, normalise(done.stdout), normalise(done.stderr)]
    return done.stdout


def changes(results: dict[str, list[object]], lang: str) -> None:
    """Adds, edits, deletes, undo, import and backup on the sample log."""
    new = run(results, lang, ["add", "intervisie", "Casus", "-m", "1u30", "-q"]).strip()
    run(results, lang, ["add", "werk", "Huisbezoek", "-m", "45", "-t", "a", "-t", "b"])
    run(results, lang, ["edit", new, "--minutes", "50", "--title", "Casus twee"])
    run(results, lang, ["show", new])
    run(results, lang, ["show", new[:8], "--format", "json"])
    run(results, lang, ["list", "--limit", "2"])
    run(results, lang, ["delete", new, "--yes"])
    run(results, lang, ["delete", new])
    run(results, lang, ["undo"])
    run(results, lang, ["undo"])
    exported = WORK / "export.csv"
    run(results, lang, ["export", "activities", "--output", str(exported)])
    run(results, lang, ["import", str(exported)])
    bad = WORK / "bad.csv"
    bad.write_text("person,date,minutes,title\nanna,2026-13-01,0,\n", encoding="utf-8")
    run(results, lang, ["import", str(bad)])
    run(results, lang, ["export", "balance", "--output", str(WORK / "out" / "b-{period}.csv")])
    run(results, lang, ["backup", str(WORK / "copy.db")])
    run(results, lang, ["types", "add", "buddy", "--category", "social", "--label", "Buddy"])
    run(results, lang, ["people", "set", "nieuw", "--team", "Team Oost"])
    run(results, lang, ["people", "forget", "nieuw", "--yes"])
    run(results, lang, ["undo"])


def snapshot() -> dict[str, list[object]]:
    results: dict[str, list[object]] = {}
    for lang in ("en", "nl"):
        shutil.rmtree(WORK, ignore_errors=True)
        (WORK / "home").mkdir(parents=True)
        run(results, lang, ["list"])  # a read before the file exists
        subprocess.run(
            ["sh", str(ROOT / "examples" / "sample-log.sh")],
            env=environment(lang),
            cwd=WORK,
            check=True,
            capture_output=True,
        )
        for command in COMMANDS:
            run(results, lang, [*command, "--help"])
        for args in (*READS, *ERRORS):
            run(results, lang, list(args))
        changes(results, lang)
        (WORK / "config.toml").write_text('nonsense = "x"\n', encoding="utf-8")
        run(results, lang, ["list"])
    return results


def main() -> None:
    target = Path(sys.argv[1])
    results = snapshot()
    target.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(results)} runs written to {target}")


if __name__ == "__main__":
    main()
