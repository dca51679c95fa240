"""The floor for `leerlog report`: a bare Typer app, one aggregate query, one Rich table."""

import sqlite3

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer()


@app.command()
def report(person: str, db: str = typer.Option(...)) -> None:
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT category, count(*), sum(minutes) FROM activities"
        " WHERE person = ? AND date BETWEEN '2025-11-28' AND '2026-11-27' GROUP BY category",
        (person,),
    ).fetchall()
    table = Table("category", "activities", "minutes")
    for category, count, minutes in rows:
        table.add_row(category, str(count), str(minutes))
    Console().print(table)


if __name__ == "__main__":
    app()
