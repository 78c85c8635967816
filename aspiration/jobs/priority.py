"""Background work (the job worker, imports from the command line) yields the CPU to people's requests.

On a two-core machine an import's labelling and embedding used a whole core beside the web server, and
searches waited for it. A lower CPU priority (``nice``) costs the background work nothing on an idle machine
and gives the web processes first call on the cores when both want them. The database side is kept short
for the same reason: an import commits in small chunks (``aspiration.corpus.services``), so a background
process waiting for the CPU never holds a lock people's writes wait for.
"""

from __future__ import annotations

import os

NICENESS = 10  # below the web server: a tenth of its CPU share when both are busy (Linux's weights)

_lowered = False


def background() -> None:
    """Run this process ``NICENESS`` steps below the priority it started at (the web server's, when ``serve``
    starts it, or the shell's), once per process; a no-op where the system has no ``nice``."""
    global _lowered
    if _lowered or not hasattr(os, "nice"):  # Windows
        return
    os.nice(NICENESS)  # relative: a server run under `nice` keeps its lead over its jobs
    _lowered = True
