"""Babel extraction: the usual _() and N_() calls, plus the docstrings of the CLI commands.

A command's docstring is its help text (cli.help.doc translates it), so pybabel must see it;
babel.cfg names this function for src/leerlog/cli/*.py.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterator
from typing import IO, Any

from babel.messages.extract import extract_python


def extract(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    source = fileobj.read()
    fileobj.seek(0)
    yield from extract_python(fileobj, keywords, comment_tags, options)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef):
            text = ast.get_docstring(node, clean=False)
            if text and "Example:" in text:
                yield node.lineno, None, inspect.cleandoc(text), []
