"""leerlog: a command-line logbook for workplace learning (70:20:10)."""

__version__ = "0.1.0"
