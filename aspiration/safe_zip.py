"""The one place that decides whether a zip-based file (DOCX, XLSX, ODT, ODS) is safe to open.

A zip bomb is a small file that inflates to gigabytes: python-docx and openpyxl would inflate it in
memory. The central directory states each member's sizes, and Python's ``zipfile`` never returns
more than the stated size of a member (a lying header ends in a CRC error, not in more bytes), so
checking the stated sizes before anything opens the file bounds what reading it can cost.
Pure Python, no Django: the importers, the evidence checks and the plan import all use it.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    members: int = 5000
    member_bytes: int = 200 * MIB
    total_bytes: int = 500 * MIB
    # Office XML compresses 5-30 times; a bomb's zeros compress a thousand times and more. Small
    # members may compress well by chance (a few KB of repeated styles), so only large ones count.
    ratio: int = 100
    ratio_from_bytes: int = MIB


DEFAULT = Limits()


class UnsafeZip(ValueError):
    """The archive is not a zip, or unpacking it would exceed a limit: the message says which."""


class NotAZip(UnsafeZip):
    """Not a readable zip archive at all."""


def check(source: str | Path | IO[bytes], limits: Limits = DEFAULT) -> list[zipfile.ZipInfo]:
    """The archive's members, after checking their count and stated sizes; raises ``UnsafeZip``."""
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise NotAZip(f"not a readable zip archive: {error}") from None
    if hasattr(source, "seek"):
        source.seek(0)
    if len(members) > limits.members:
        raise UnsafeZip(f"the archive has {len(members):,} members; at most {limits.members:,} are accepted")
    total = 0
    for member in members:
        if member.file_size > limits.member_bytes:
            raise UnsafeZip(f"the member {member.filename!r} unpacks to {member.file_size:,} bytes; "
                            f"at most {limits.member_bytes:,} are accepted")
        if member.file_size >= limits.ratio_from_bytes and member.file_size > limits.ratio * max(member.compress_size, 1):
            raise UnsafeZip(f"the member {member.filename!r} is compressed {member.file_size // max(member.compress_size, 1):,} "
                            f"times (at most {limits.ratio} accepted): a zip bomb")
        total += member.file_size
        if total > limits.total_bytes:
            raise UnsafeZip(f"the archive unpacks to more than {limits.total_bytes:,} bytes, the limit")
    return members


def read_member(archive: zipfile.ZipFile, name: str, max_bytes: int) -> bytes:
    """One member's bytes, refusing a member larger than ``max_bytes`` (whatever its header says)."""
    with archive.open(name) as member:
        data = member.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UnsafeZip(f"the member {name!r} is larger than {max_bytes:,} bytes")
    return data
