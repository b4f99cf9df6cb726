"""JSON Schema (2020-12) files generated from the models: ``schema/*.schema.json``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .data import CONFIGS

__all__ = ["SCHEMA_FILES", "json_schema", "write_schemas"]

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    f"{config.model.__name__.lower()}.schema.json": config.model
    for config in sorted(CONFIGS.values(), key=lambda c: c.model.__name__)
}
"""Schema file names (``quote.schema.json``...) and the model each is generated from: one per
config of :data:`quotes.data.CONFIGS`."""


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema 2020-12 of one record model (descriptions come from field docstrings)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **model.model_json_schema(),
    }


def render(model: type[BaseModel]) -> str:
    """The schema file's exact text."""
    return json.dumps(json_schema(model), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: str | Path) -> list[Path]:
    """Write every schema file into ``folder`` (atomically) and return their paths."""
    from .io import atomic_output

    written = []
    for name, model in SCHEMA_FILES.items():
        target = Path(folder) / name
        with atomic_output(target) as tmp:
            tmp.write_text(render(model), encoding="utf-8")
        written.append(target)
    return written
