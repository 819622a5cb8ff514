"""Hatchling build hook: put the dataset into the wheel as package data.

The repository's top-level ``ontology/``, ``data/`` and ``queries/`` folders (and
``CITATION.cff``) are the one source of truth; a normal wheel carries them under
``scokg/_dataset/`` (where :func:`scokg.project.bundled_root` finds them). An editable
install gets nothing copied: it keeps reading the repository folders, so no stale copy can
shadow them.
"""

from __future__ import annotations

from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

DATASET = {
    "ontology": "scokg/_dataset/ontology",
    "data": "scokg/_dataset/data",
    "queries": "scokg/_dataset/queries",
    "CITATION.cff": "scokg/_dataset/CITATION.cff",
}


class DatasetHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name == "wheel" and version == "standard":
            build_data.setdefault("force_include", {}).update(DATASET)
