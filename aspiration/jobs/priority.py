"""Background work (the job worker, imports from the command line) yields the CPU to people's requests.

On a two-core machine an import's labelling and embedding used a whole core beside the web server, and
searches waited for it. A lower CPU priority (``nice``) costs the background work nothing on an idle machine
and gives the web processes first call on the cores when both want them. The database side is kept short
for the same reason: an import commits in small chunks (``aspiration.corpus.services``), so a background
process waiting for the CPU never holds a lock people's writes wait for.
"""

from __future__ import annotations

import os

NICENESS = 10  # a tenth of the CPU share of a normal process when both are busy (Linux's weights)


def background() -> None:
    """Lower this process's CPU priority to ``NICENESS`` (never raises it back; no-op without ``setpriority``)."""
    if not hasattr(os, "setpriority"):  # Windows
        return
    current = os.getpriority(os.PRIO_PROCESS, 0)
    if current < NICENESS:
        os.setpriority(os.PRIO_PROCESS, 0, NICENESS)
