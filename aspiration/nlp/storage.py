"""Saving text-and-vector indexes in the safe format every shipped model uses: a float16 ``.npz``
of the vectors beside a JSON file of everything else (never pickle)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import numpy as np


def save_vector_index(index: Any, directory: Path, name: str) -> None:
    """Write a dataclass with a ``vectors`` field as NAME.npz (the vectors) and NAME.json (the other fields)."""
    meta = {field.name: getattr(index, field.name) for field in dataclasses.fields(index) if field.name != "vectors"}
    np.savez_compressed(directory / f"{name}.npz", vectors=index.vectors.astype(np.float16))
    (directory / f"{name}.json").write_text(json.dumps(meta, ensure_ascii=False))


def load_vector_index(cls: type, directory: Path, name: str) -> Any:
    meta = json.loads((directory / f"{name}.json").read_text())
    with np.load(directory / f"{name}.npz", allow_pickle=False) as arrays:
        vectors = arrays["vectors"].astype(np.float32)
    return cls(vectors=vectors, **meta)
