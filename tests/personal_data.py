"""What the personal-data tests put in a log: a BSN and an IBAN that pass their checks, and the
warning leerlog gives when it stores them.

Imported by name from the test folders (pytest puts tests/ on sys.path for its conftest).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conftest import Result

BSN = "123456782"
IBAN = "NL91ABNA0417164300"
WARNING = "client data does not belong in a learning log"


def warnings(result: Result) -> list[str]:
    """The lines of stderr that warn of what a stored text looks like."""
    return [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
