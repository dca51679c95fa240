"""Compile the gettext catalogues (.po, under version control) to .mo when leerlog is built."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogues(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        locale = Path(self.root) / "src" / "leerlog" / "locale"
        for po in locale.glob("*/LC_MESSAGES/leerlog.po"):
            with po.open("rb") as source:
                catalogue = read_po(source)
            mo = po.with_suffix(".mo")
            with mo.open("wb") as target:
                write_mo(target, catalogue)
            build_data.setdefault("artifacts", []).append(str(mo.relative_to(self.root)))
