"""A CSV file long enough that an import reads its end ahead in a second process.

Imported by name from the test folders (pytest puts tests/ on sys.path for its conftest).
"""

from __future__ import annotations

import csv
from pathlib import Path

from leerlog.transfer.importing import AHEAD_AFTER, CHUNK

# Past the chunks checked before the second process starts, and a few chunks more.
ROWS = (AHEAD_AFTER + 4) * CHUNK
LATE = (AHEAD_AFTER + 2) * CHUNK + 17  # a row the second process reads


def write_long(path: Path, rows: int = ROWS, bad_minutes: bool = True) -> Path:
    """ROWS activities; LATE's title holds a BSN, and LATE + 5 has 0 minutes if BAD_MINUTES."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["person", "date", "category", "minutes", "title"])
        for n in range(rows):
            title = "Casus van cliënt 123456782" if n == LATE else f"Casus {n}"
            minutes = "0" if bad_minutes and n == LATE + 5 else str(1 + n % 600)
            writer.writerow([f"p{n % 40}", f"2026-{1 + n % 10:02d}-{1 + n % 28:02d}", "social",
                             minutes, title])  # fmt: skip
    return path
