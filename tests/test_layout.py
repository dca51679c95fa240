"""The house rules of src/leerlog: small folders, small files, each package saying what it is for.

The import rules themselves (layers, no circles) are import-linter's contracts in pyproject.toml.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import leerlog

ROOT = Path(leerlog.__file__).parent
FOLDERS = sorted(p for p in [ROOT, *ROOT.rglob("*")] if p.is_dir() and (p / "__init__.py").exists())


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: str(p.relative_to(ROOT.parent)))
def test_a_package_has_at_most_12_modules_and_says_what_it_is_for(folder: Path) -> None:
    modules = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
    assert len(modules) <= 12, sorted(p.name for p in modules)
    docstring = ast.get_docstring(ast.parse((folder / "__init__.py").read_text()))
    assert docstring and len(docstring.splitlines()) == 1, folder


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in ROOT.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}


def test_no_two_test_modules_share_a_name() -> None:
    # tests/ has no packages: pytest imports each test module by its name, and a second module
    # of the same name in another folder stops the whole run at collection.
    names = [p.name for p in Path(__file__).parent.rglob("test_*.py")]
    assert sorted({n for n in names if names.count(n) > 1}) == []
