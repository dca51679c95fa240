"""The floor for `leerlog import`: csv.reader and executemany, no validation."""

import csv
import sqlite3
import sys

conn = sqlite3.connect(sys.argv[2])
conn.execute(
    "CREATE TABLE IF NOT EXISTS activities (id TEXT PRIMARY KEY, person TEXT, date TEXT,"
    " category TEXT, type TEXT, minutes INTEGER, title TEXT, with_ TEXT, tags TEXT,"
    " reflection TEXT, created_at TEXT)"
)
with open(sys.argv[1], newline="", encoding="utf-8") as handle, conn:
    rows = csv.reader(handle)
    next(rows)
    conn.executemany("INSERT INTO activities VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
