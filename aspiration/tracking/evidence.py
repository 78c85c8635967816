"""Checking uploaded evidence by what the bytes are, not what the name claims. Pure Python."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

# gettext only translates the messages; the checks themselves need nothing from Django.
from django.utils.translation import gettext as _

from aspiration import safe_zip


class EvidenceRejected(ValueError):
    pass


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extensions: tuple[str, ...]


PDF = FileKind("application/pdf", (".pdf",))
PNG = FileKind("image/png", (".png",))
JPEG = FileKind("image/jpeg", (".jpg", ".jpeg"))
DOCX = FileKind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
XLSX = FileKind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
ODT = FileKind("application/vnd.oasis.opendocument.text", (".odt",))
ODS = FileKind("application/vnd.oasis.opendocument.spreadsheet", (".ods",))
TEXT = FileKind("text/plain", (".txt", ".csv"))

ALLOWED = (PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS, TEXT)
ALLOWED_EXTENSIONS = tuple(ext for kind in ALLOWED for ext in kind.extensions)


# Office files are zips: their stated unpacked sizes are checked before any member is read.
ZIP_LIMITS = safe_zip.Limits(members=2000, member_bytes=50 * safe_zip.MIB, total_bytes=100 * safe_zip.MIB)
# The main part's content type, as [Content_Types].xml declares it in a real Word or Excel file.
MAIN_PARTS = {
    DOCX: ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    XLSX: ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
}


def _office_kind(data: bytes) -> FileKind | None:
    """A zip is only accepted when it really is an Office Open XML or OpenDocument file (and no zip bomb)."""
    buffer = io.BytesIO(data)
    try:
        safe_zip.check(buffer, ZIP_LIMITS)
    except safe_zip.NotAZip:
        return None
    except safe_zip.UnsafeZip:
        raise EvidenceRejected(_("The file would unpack to far more data than a document holds (a zip bomb?); "
                                 "it is refused.")) from None
    try:
        with zipfile.ZipFile(buffer) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = safe_zip.read_member(archive, "mimetype", 200).decode("ascii", "replace").strip()
                kind = {ODT.content_type: ODT, ODS.content_type: ODS}.get(declared)
                return kind if "content.xml" in names else None
            if "[Content_Types].xml" in names:
                types = safe_zip.read_member(archive, "[Content_Types].xml", safe_zip.MIB).decode("utf-8", "replace")
                for kind, (part, content_type) in MAIN_PARTS.items():
                    if part in names and content_type in types:
                        return kind
    except (zipfile.BadZipFile, OSError, KeyError, safe_zip.UnsafeZip, RuntimeError, NotImplementedError):
        return None
    return None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def detect(data: bytes) -> FileKind | None:
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    if _is_text(data):
        return TEXT
    return None


def too_big(size: int, max_bytes: int) -> str:
    return _("The file is %(size)s bytes; the limit is %(limit)s bytes.") % {"size": f"{size:,}", "limit": f"{max_bytes:,}"}


def check_upload(name: str, data: bytes, max_bytes: int) -> FileKind:
    """Return the file's kind, or raise ``EvidenceRejected`` saying why it is refused."""
    if len(data) == 0:
        raise EvidenceRejected(_("The file is empty."))
    if len(data) > max_bytes:
        raise EvidenceRejected(too_big(len(data), max_bytes))
    extension = PurePosixPath(name.lower()).suffix
    if extension not in ALLOWED_EXTENSIONS:
        raise EvidenceRejected(_("Files of type '%(type)s' are not accepted; allowed: %(allowed)s.")
                               % {"type": extension or name, "allowed": ", ".join(ALLOWED_EXTENSIONS)})
    kind = detect(data)
    if kind is None:
        raise EvidenceRejected(_("The file's content is not one of the accepted types (PDF, image, office document, text)."))
    if extension not in kind.extensions:
        raise EvidenceRejected(_("The file is named '%(extension)s' but its content is %(type)s.")
                               % {"extension": extension, "type": kind.content_type})
    return kind
