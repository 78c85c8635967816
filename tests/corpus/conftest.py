from __future__ import annotations

import io

import pytest
from django.core.management import call_command


@pytest.fixture
def reference(db):
    """Countries, mechanisms and taxonomies as shipped (REF's loader, about 0.2 s)."""
    call_command("load_reference", stdout=io.StringIO())


@pytest.fixture
def corpus_fixtures(fixtures_dir):
    return fixtures_dir / "corpus"


def run(*args, **options) -> str:
    """Run an aspiration command; return what it printed."""
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()
