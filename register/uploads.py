"""Storing uploaded evidence safely: PDF, PNG or JPEG by content (not by name; providers'
documents may also be DOCX, XLSX or ODT, recognised by their zip container's own
description of its content, never by the extension), within the
configured size, under a random name outside any static folder, with its SHA-256. The name
it is downloaded under is the uploader's, without invisible characters (a right-to-left
override can make "gpj.exe" look like "exe.jpg") and with the extension of the content type
it was detected as (``download_name``)."""

from __future__ import annotations

import hashlib
import io
import secrets
import zipfile
from pathlib import Path

from flask import current_app, send_file
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import FileStorage

from register.domain.text import strip_invisible
from register.errors import ActionRefused
from register.extensions import db
from register.models.files import StoredFile

#: magic bytes → content type
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def sniff_content_type(head: bytes) -> str | None:
    """The content type the first bytes show, or None when it is not PDF, PNG or JPEG."""
    for magic, content_type in SIGNATURES:
        if head.startswith(magic):
            return content_type
    return None


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
#: Office Open XML: the part that must be there and the content type [Content_Types].xml
#: must give it (a macro-enabled document declares another type, and is not accepted)
OOXML = (
    ("word/document.xml", DOCX + ".main+xml", DOCX),
    ("xl/workbook.xml", XLSX.replace(".sheet", ".sheet.main+xml"), XLSX),
)


def sniff_document_type(data: bytes) -> str | None:
    """What a provider's document is, by content: PDF, PNG or JPEG by their first bytes;
    DOCX and XLSX by their zip container's ``[Content_Types].xml``; ODT by the container's
    first entry ``mimetype``. None for anything else (a zip with another content, an
    extension alone)."""
    kind = sniff_content_type(data[:16])
    if kind is not None or not data.startswith(b"PK\x03\x04"):
        return kind
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as container:
            names = container.namelist()
            if names and names[0] == "mimetype":
                return ODT if container.read("mimetype").strip() == ODT.encode() else None
            if "[Content_Types].xml" not in names:
                return None
            types = container.read("[Content_Types].xml")[:65536].decode("utf-8", "replace")
            for part, part_type, content_type in OOXML:
                if part in names and f'ContentType="{part_type}"' in types:
                    return content_type
    except (zipfile.BadZipFile, KeyError, ValueError, RuntimeError):
        return None
    return None


#: content type → the extensions a file of that type may carry (the first is added otherwise)
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    ODT: (".odt",),
}


def download_name(filename: str, content_type: str) -> str:
    """The name a stored file is kept and downloaded under: the last part of ``filename``
    without invisible control and format characters, ending in an extension of
    ``content_type`` ("scan.html" detected as a PDF becomes "scan.html.pdf")."""
    name = (strip_invisible(filename.replace("\\", "/")) or "").rsplit("/", 1)[-1].strip()
    allowed = EXTENSIONS[content_type]
    if not name.lower().endswith(allowed):
        name = (name or "file")[: 255 - len(allowed[0])] + allowed[0]
    return name[-255:] if len(name) > 255 else name


def upload_dir() -> Path:
    path = Path(current_app.config["UPLOAD_FOLDER"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def discard_stored(rows) -> int:
    """Delete stored files, their content first and then their rows (deleting a person's
    files, or files past their retention); returns how many."""
    folder = upload_dir()
    count = 0
    for stored in rows:
        (folder / stored.storage_name).unlink(missing_ok=True)
        db.session.delete(stored)
        count += 1
    return count


def upload_digest(upload: FileStorage | None) -> str | None:
    """The SHA-256 of ``upload``'s content (None without a file), read without using the
    upload up: the stream is put back at its start, for ``store_upload``."""
    if upload is None or not upload.filename:
        return None
    data = upload.stream.read(current_app.config["MAX_UPLOAD_BYTES"] + 1)
    upload.stream.seek(0)
    return hashlib.sha256(data).hexdigest()


def store_upload(
    upload: FileStorage, uploaded_by=None, field: str = "file", documents: bool = False
) -> StoredFile:
    """Check and store ``upload``; returns the new (flushed) StoredFile row. A file that
    cannot be accepted is refused (``ActionRefused`` on the form field ``field``) before
    anything is stored. ``documents``: a provider's document, which may also be DOCX, XLSX
    or ODT."""
    if upload is None or not upload.filename:
        raise ActionRefused(_l("Choose a file to upload."), field)
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise ActionRefused(
            _l("The file is larger than %(mb)s MB. Upload a smaller file.", mb=limit // 2**20),
            field,
        )
    if not data:
        raise ActionRefused(_l("The file is empty."), field)
    content_type = sniff_document_type(data) if documents else sniff_content_type(data[:16])
    if content_type is None and documents:
        raise ActionRefused(
            _l(
                "Upload a PDF, Word (DOCX), Excel (XLSX), OpenDocument text (ODT), PNG or JPEG "
                "file. Other file types are not accepted."
            ),
            field,
        )
    if content_type is None:
        raise ActionRefused(
            _l("Upload a PDF, PNG or JPEG file. Other file types are not accepted."), field
        )
    storage_name = secrets.token_hex(16)
    (upload_dir() / storage_name).write_bytes(data)
    stored = StoredFile(
        storage_name=storage_name,
        original_name=download_name(upload.filename, content_type),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by_id=getattr(uploaded_by, "id", None),
    )
    db.session.add(stored)
    db.session.flush()
    return stored


def send_stored_file(stored: StoredFile):
    """A download response for ``stored``; the caller has checked access and logged it."""
    return send_file(
        upload_dir() / stored.storage_name,
        mimetype=stored.content_type,
        as_attachment=True,
        download_name=stored.original_name,
        max_age=0,
    )
