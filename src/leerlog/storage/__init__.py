"""SQLite storage: the connection and its pragmas, migrations, queries, and the journal behind undo."""
