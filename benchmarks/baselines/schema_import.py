"""The floor of importing into leerlog's schema: the inserts leerlog makes, and nothing else.

csv.reader and executemany as in bare_import.py, but into leerlog's own tables: each activity
with its indexes, a journal row holding its JSON copy (what undo checks against) and its person,
with leerlog's PRAGMAs and import page cache. No validation and no duplicate checks: what any
import into this schema pays.
"""

import csv
import json
import sys
import uuid
from itertools import islice
from pathlib import Path

from leerlog.domain.categories import BUILTIN_TYPES
from leerlog.storage.db import open_db
from leerlog.storage.journal import COLUMNS, POSITIONS
from leerlog.transfer.importing import IMPORT_CACHE_KIB

STAMP = "2026-11-27T00:00:00.000Z"
encode = json.JSONEncoder(ensure_ascii=False).encode
conn = open_db(Path(sys.argv[2]), create=True)
assert conn is not None
conn.execute(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")
change = str(uuid.uuid4())
with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    rows = csv.reader(handle)
    header = next(rows)
    conn.execute("BEGIN IMMEDIATE")
    while chunk := list(islice(rows, 2000)):
        records = []
        for cells in chunk:
            r = dict(zip(header, cells, strict=True))
            tags = [tag for tag in r["tags"].split(",") if tag]
            # The keys in the order leerlog's journal copy has them.
            records.append({
                "person": r["person"], "date": r["date"],
                "category": BUILTIN_TYPES[r["type"]].category, "type": r["type"],
                "minutes": int(r["minutes"]), "title": r["title"], "with": r["with"] or None,
                "tags": tags, "reflection": r["reflection"] or None, "id": r["id"],
                "created_at": r["created_at"], "updated_at": r["created_at"],
                "session": None, "accreditation": None,
            })  # fmt: skip
        conn.executemany(
            "INSERT INTO journal (change_id, actor, action, activity_id, before, after, at)"
            " VALUES (?, 'bench', 'import', ?, NULL, ?, ?)",
            [(change, r["id"], encode(r), STAMP) for r in records],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO people (name, team, created_at) VALUES (?, NULL, ?)",
            [(person, STAMP) for person in dict.fromkeys(r["person"] for r in records)],
        )
        conn.executemany(
            f"INSERT INTO activities ({COLUMNS}) VALUES ({POSITIONS})",
            [
                (
                    r["id"], r["person"], r["date"], r["category"], r["type"], r["minutes"],
                    r["title"], r["with"], encode(r["tags"]), r["reflection"], r["created_at"],
                    r["updated_at"], None, None,
                )
                for r in records
            ],
        )  # fmt: skip
    conn.execute("COMMIT")
