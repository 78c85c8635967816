"""The text of a document uploaded to be matched: Word (.docx), PDF (its text layer) or plain text.

Read in memory and never stored. Refused with a reason a person understands: too large, not one of
the three kinds, a Word file that would inflate too far (``safe_zip``), a PDF without a text layer.
"""

from __future__ import annotations

import io
from pathlib import PurePosixPath

from django.utils.translation import gettext as _

from aspiration import safe_zip

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PDF_PAGES = 300
KINDS = (".docx", ".pdf", ".txt")


class UnreadableUpload(ValueError):
    """The upload cannot be matched; the message says why, in the reader's language."""


def upload_text(upload) -> str:
    """The text of an uploaded file, paragraphs separated by blank lines."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise UnreadableUpload(too_big(upload.size))
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise UnreadableUpload(too_big(len(data)))
    suffix = PurePosixPath(upload.name or "").suffix.lower()
    if suffix == ".docx":
        return docx_text(data)
    if suffix == ".pdf":
        return pdf_text(data)
    if suffix == ".txt":
        return plain_text(data)
    raise UnreadableUpload(_("Only Word (.docx), PDF and plain text (.txt) files can be matched."))


def too_big(size: int) -> str:
    return _("The file has %(size).1f MB; files up to %(limit)d MB can be matched.") % {
        "size": size / 1024 / 1024, "limit": MAX_UPLOAD_BYTES // 1024 // 1024}


def plain_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


def docx_text(data: bytes) -> str:
    """Paragraphs of the body and of table cells (UPR matrices and many reports are tables), in order."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        safe_zip.check(io.BytesIO(data))
        document = docx.Document(io.BytesIO(data))
    except (safe_zip.UnsafeZip, KeyError, ValueError, PackageNotFoundError) as error:
        raise UnreadableUpload(_("This is not a readable Word (.docx) document.")) from error
    paragraphs: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraphs.append("".join(node.text or "" for node in block.iter() if node.tag.endswith("}t")))
        elif tag == "tbl":
            for cell in block.iter():
                if cell.tag.endswith("}tc"):
                    paragraphs.append("\n".join(
                        "".join(node.text or "" for node in p.iter() if node.tag.endswith("}t"))
                        for p in cell.iter() if p.tag.endswith("}p")))
    return "\n\n".join(p for p in paragraphs if p.strip())


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = len(reader.pages)
        if pages <= MAX_PDF_PAGES:
            text = "\f".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise UnreadableUpload(_("This is not a readable PDF document.")) from error
    if pages > MAX_PDF_PAGES:
        raise UnreadableUpload(_("The PDF has %(count)d pages; at most %(limit)d can be matched.")
                               % {"count": pages, "limit": MAX_PDF_PAGES})
    if not text.strip():
        raise UnreadableUpload(_("This PDF has no text layer (a scan?): paste its text instead."))
    return text
