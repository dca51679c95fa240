"""Run leerlog as `python -m leerlog`."""

from leerlog.cli.app import main

main()
