"""An editor for the tests: set as EDITOR, it does to the file what the plan says, one step per
opening, and keeps what it was given.

    EDITOR="python scripted_editor.py"  EDITOR_PLAN='[step, ...]'  EDITOR_LOG=folder

A step is {"replace": [[old, new], ...]} (each old text must be in the file), {"write": text},
{"run": [program, args...]} (before saving; its stdout kept as EDITOR_LOG/N.out), {"exit": code} (after the rest), or {} (save it as
it is). Each opening N leaves EDITOR_LOG/N.toml (the text it was given), EDITOR_LOG/N.json (the
file's path and mode, and the arguments), and EDITOR_LOG/openings (the count). An opening the
plan has no step for, or an old text that is not there, ends with exit status 97.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

UNPLANNED = 97


def main() -> int:
    *flags, name = sys.argv[1:]
    path = Path(name)
    log = Path(os.environ["EDITOR_LOG"])
    log.mkdir(parents=True, exist_ok=True)
    counter = log / "openings"
    opening = int(counter.read_text()) + 1 if counter.exists() else 1
    counter.write_text(str(opening))
    text = path.read_text(encoding="utf-8")
    (log / f"{opening}.toml").write_text(text, encoding="utf-8")
    seen = {"path": str(path), "mode": stat.S_IMODE(path.stat().st_mode), "flags": flags}
    (log / f"{opening}.json").write_text(json.dumps(seen), encoding="utf-8")
    plan = json.loads(os.environ["EDITOR_PLAN"])
    if opening > len(plan):
        return UNPLANNED
    step = plan[opening - 1]
    for old, new in step.get("replace", []):
        if old not in text:
            return UNPLANNED
        text = text.replace(old, new)
    if "write" in step:
        text = step["write"]
    if "run" in step:
        done = subprocess.run(step["run"], capture_output=True, text=True, check=False)
        (log / f"{opening}.out").write_text(done.stdout, encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    return int(step.get("exit", 0))


if __name__ == "__main__":
    sys.exit(main())
