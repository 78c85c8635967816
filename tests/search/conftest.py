"""Search tests: a private vector folder per test, and the real embedder loaded once."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def vector_dir(settings, tmp_path):
    settings.SEARCH_VECTOR_DIR = str(tmp_path / "search")
    return tmp_path / "search"
