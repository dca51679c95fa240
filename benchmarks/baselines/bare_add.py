"""The framework floor for `leerlog add`: a bare Typer app that inserts one row with sqlite3."""

import sqlite3
import uuid

import typer

app = typer.Typer()


@app.command()
def add(
    what: str, title: str, minutes: int = typer.Option(..., "-m"), db: str = typer.Option(...)
) -> None:
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(
            "INSERT INTO activities (id, person, date, category, type, minutes, title, tags, created_at, updated_at)"
            " VALUES (?, 'bench', '2026-11-27', 'social', ?, ?, ?, '[]', 'now', 'now')",
            (str(uuid.uuid4()), what, minutes, title),
        )
    print("added")


if __name__ == "__main__":
    app()
