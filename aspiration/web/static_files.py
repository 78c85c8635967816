"""Static files: WhiteNoise serving the hashed names ``collectstatic`` writes, cached for a year, and whether those
names are still the installed files'."""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from whitenoise.middleware import WhiteNoiseMiddleware as _WhiteNoiseMiddleware


class WhiteNoiseMiddleware(_WhiteNoiseMiddleware):
    """WhiteNoise with a year, not its ten, for files whose name carries their hash: a year is the longest
    lifetime HTTP caches are told to honour (RFC 9111 §5.3), and a changed file gets a new name anyway."""

    FOREVER = 365 * 24 * 60 * 60


def manifest_is_stale() -> bool:
    """Whether ``collectstatic`` must run again before serving: its manifest is missing, lists other files than the
    installed ones, or is older than one of them (an upgrade changed a stylesheet or a script, and the pages would
    link to hashed names that no longer match, or are not there)."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return True
    try:
        listed = set(json.loads(manifest.read_text(encoding="utf-8"))["paths"])
    except (ValueError, KeyError):
        return True
    collected_at = manifest.stat().st_mtime
    installed = set()
    for finder in finders.get_finders():
        # The patterns collectstatic ignores by default, so both sides list the same files.
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            installed.add(path.replace(os.sep, "/"))
            if os.path.getmtime(storage.path(path)) > collected_at:
                return True
    return installed != listed
