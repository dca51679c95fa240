"""The floor of importing into leerlog's schema: the writes leerlog makes, and nothing else.

python schema_import.py FILE.csv NEW.db            # as leerlog writes: staged, then published
python schema_import.py FILE.csv NEW.db --once     # each row written once, in the file's order

csv.reader as in bare_import.py, but into leerlog's own tables, with leerlog's PRAGMAs and page
caches: each activity with its indexes (made after the rows, as into an empty log), a journal
entry holding its id (what undo takes back) and its person. Staged: the rows wait in an attached
temporary database, then one transaction writes the journal, the people and the activities in
id order, as leerlog import does. Once: the same writes straight from the file, no stage. No
validation, no duplicate checks and no personal-data guard: what any import into this schema
pays.
"""

import csv
import sys
import uuid
from itertools import islice
from pathlib import Path

from leerlog.domain.categories import BUILTIN_TYPES
from leerlog.storage.db import open_db
from leerlog.storage.journal import COLUMNS, FIELDS, POSITIONS
from leerlog.transfer.importing import STAGE_CACHE_KIB

STAMP = "2026-11-27T00:00:00.000Z"
ONCE = "--once" in sys.argv[3:]
conn = open_db(Path(sys.argv[2]), create=True)
assert conn is not None
conn.execute(f"PRAGMA main.cache_size=-{STAGE_CACHE_KIB}")
change = str(uuid.uuid4())
indexes = conn.execute(
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'activities'"
    " AND sql IS NOT NULL"
).fetchall()
target = "activities"
if not ONCE:
    conn.execute("ATTACH DATABASE '' AS stage")
    conn.execute(f"PRAGMA stage.cache_size=-{STAGE_CACHE_KIB}")
    conn.execute(f"CREATE TABLE stage.rows ({COLUMNS})")
    target = "stage.rows"
conn.execute("BEGIN IMMEDIATE" if ONCE else "BEGIN")
if ONCE:
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX "{name}"')
with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    cells = csv.reader(handle)
    header = next(cells)
    at = {name: header.index(name) for name in header}
    while chunk := list(islice(cells, 2000)):
        rows = [
            (
                c[at["id"]], c[at["person"]], c[at["date"]],
                BUILTIN_TYPES[c[at["type"]]].category, c[at["type"]], int(c[at["minutes"]]),
                c[at["title"]], c[at["with"]] or None,
                '["' + '", "'.join(c[at["tags"]].split(",")) + '"]' if c[at["tags"]] else "[]",
                c[at["reflection"]] or None, c[at["created_at"]], c[at["created_at"]], None, None,
            )
            for c in chunk
        ]  # fmt: skip
        conn.executemany(f"INSERT INTO {target} ({COLUMNS}) VALUES ({POSITIONS})", rows)
        if ONCE:
            conn.executemany(
                "INSERT INTO journal (change_id, actor, action, activity_id, before, after, at)"
                " VALUES (?, 'bench', 'import', ?, NULL, NULL, ?)",
                [(change, row[0], STAMP) for row in rows],
            )
            conn.executemany(
                "INSERT OR IGNORE INTO people (name, team, created_at) VALUES (?, NULL, ?)",
                [(person, STAMP) for person in dict.fromkeys(row[1] for row in rows)],
            )
if not ONCE:
    conn.execute("COMMIT")
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(
        "INSERT INTO journal (change_id, actor, action, activity_id, before, after, at)"
        " SELECT ?, 'bench', 'import', id, NULL, NULL, ? FROM stage.rows ORDER BY id",
        (change, STAMP),
    )
    conn.execute(
        "INSERT OR IGNORE INTO people (name, team, created_at)"
        " SELECT DISTINCT person, NULL, ? FROM stage.rows",
        (STAMP,),
    )
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    conn.execute(f"INSERT INTO activities SELECT {COLUMNS} FROM stage.rows ORDER BY id")
for _name, sql in indexes:
    conn.execute(sql)
conn.execute("COMMIT")
assert len(FIELDS) == len(rows[0])
