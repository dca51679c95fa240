"""The Python floor for `leerlog export activities`: one query written by csv.writer, no checks."""

import csv
import sqlite3
import sys

conn = sqlite3.connect(sys.argv[1])
writer = csv.writer(sys.stdout, lineterminator="\n")
cursor = conn.execute(sys.argv[2])
writer.writerow(column[0] for column in cursor.description)
writer.writerows(cursor)
