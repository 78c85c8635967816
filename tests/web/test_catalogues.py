"""Every string a person reads exists in all six languages: the catalogues, regenerated from today's sources,
have no untranslated and no fuzzy entry (a fuzzy entry is gettext's guess from an older string, not shown).

The check runs ``makemessages`` on a copy of the sources, so a new ``{% translate %}`` or ``gettext`` call
without its translations fails here rather than showing English on an Arabic page.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import aspiration

SOURCES = Path(aspiration.__file__).parent
LANGUAGES = ("ar", "es", "fr", "ru", "zh_Hans")
# The reports have their own catalogue (their strings are also rendered outside a request, in jobs).
CATALOGUES = {"web": ("", ("-i", "*/migrations/*", "-i", "reports/*")), "reports": ("reports", ())}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("msgfmt") is None or shutil.which("xgettext") is None,
                       reason="needs GNU gettext (apt-get install gettext)"),
]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("sources") / "aspiration"
    shutil.copytree(SOURCES, copy, ignore=shutil.ignore_patterns("*.npz", "*.gz", "__pycache__", "*.mo"))
    for where, options in CATALOGUES.values():
        args = [sys.executable, "-m", "django", "makemessages", "--settings=aspiration.settings",
                *(f"-l={language}" for language in LANGUAGES), *options]
        subprocess.run(args, cwd=copy / where, check=True, capture_output=True,
                       env=os.environ | {"PYTHONPATH": str(copy.parent)})
    return copy


@pytest.mark.parametrize("catalogue", sorted(CATALOGUES))
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(regenerated, catalogue, language):
    po = regenerated / CATALOGUES[catalogue][0] / "locale" / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    missing = re.findall(r"(\d+) (fuzzy|untranslated)", result.stderr)
    assert not missing, f"{language} {catalogue}: {result.stderr.strip()} — translate the new strings"
