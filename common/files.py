"""What an uploaded file really is, judged by its content, never by its name.

Accepted kinds are PDF, Word 97-2003 (DOC), Word (DOCX) and OpenDocument text
(ODT). Zip-based kinds are checked from the archive's directory alone, before
anything is decompressed, so a zip bomb is refused without being expanded.
"""

import shutil
import tempfile
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    extension: str
    content_type: str


PDF = FileKind("pdf", "PDF", "pdf", "application/pdf")
DOC = FileKind("doc", "DOC", "doc", "application/msword")
DOCX = FileKind("docx", "DOCX", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
ODT = FileKind("odt", "ODT", "odt", "application/vnd.oasis.opendocument.text")

KINDS = {kind.code: kind for kind in (PDF, DOC, DOCX, ODT)}

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

# Limits on an archive, read from its directory before anything is expanded.
MAX_ARCHIVE_ENTRIES = 2000
MAX_ARCHIVE_UNCOMPRESSED = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
# The directory is read whole before its entries can be counted: bound its size first (2,000 real entries need
# far less; 47-byte records pointing at one entry would otherwise be over 200,000 in a 10 MB file).
MAX_CENTRAL_DIRECTORY = MAX_ARCHIVE_ENTRIES * 256
NESTED_ARCHIVE_SUFFIXES = (
    ".zip", ".jar", ".7z", ".rar", ".gz", ".tgz", ".bz2", ".xz", ".zst", ".tar", ".cab",
    ".docx", ".docm", ".odt", ".xlsx", ".xlsm", ".pptx", ".pptm",
)  # fmt: skip
# Word keeps the Office files a document embeds (a chart's workbook, say) here; they are checked in turn.
EMBEDDED_PREFIX = "word/embeddings/"
EMBEDDED_SUFFIXES = (".docx", ".docm", ".xlsx", ".xlsm", ".xlsb", ".pptx", ".pptm", ".vsdx")
# How archives start, whatever they are called: zip, 7z, rar, gzip, bzip2, xz, zstd, cab.
ARCHIVE_MAGIC = (
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"\x28\xb5\x2f\xfd",
    b"MSCF",
)


def _read_head(fileobj, size=4096):
    fileobj.seek(0)
    head = fileobj.read(size)
    fileobj.seek(0)
    return head


def _too_many_parts():
    return ValidationError(_("The file holds too many parts to be a normal document."), code="archive_entries")


def _bomb():
    return ValidationError(
        _("The file expands to far more than its size: it is refused as a possible archive bomb."),
        code="archive_bomb",
    )


def _nested():
    return ValidationError(_("The file contains another archive, which is not accepted."), code="archive_nested")


# What zipfile raises on archives it cannot read; RuntimeError is an encrypted entry (never in an Office file),
# NotImplementedError a compression method it does not know.
UNREADABLE = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,
    RuntimeError,
    NotImplementedError,
    zlib.error,  # data that does not inflate
)


def _open_archive(fileobj):
    """A ZipFile of ``fileobj``, once the end record shows a directory of a sane size; ValidationError otherwise."""
    # zipfile's own reader of the end record (zip64 included): private, but unchanged since Python 2.6.
    end = zipfile._EndRecData(fileobj)
    if end is not None and end[zipfile._ECD_SIZE] > MAX_CENTRAL_DIRECTORY:
        raise _too_many_parts()
    return zipfile.ZipFile(fileobj)


def _is_embedded_package(name, depth):
    return depth == 0 and name.startswith(EMBEDDED_PREFIX) and name.lower().endswith(EMBEDDED_SUFFIXES)


def _check_archive(archive, *, depth=0):
    entries = archive.infolist()
    if len(entries) > MAX_ARCHIVE_ENTRIES:
        raise _too_many_parts()
    total = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries) or 1
    if total > MAX_ARCHIVE_UNCOMPRESSED or total / packed > MAX_COMPRESSION_RATIO:
        raise _bomb()
    for entry in entries:
        # Office files are only ever stored or deflated; deflated data is never much larger than what it holds,
        # so more compressed bytes than declared ones mean the declared size is a lie.
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _bomb()
        if entry.compress_size > entry.file_size + entry.file_size // 100 + 1024:
            raise _bomb()
    for entry in entries:
        name = entry.filename
        path = name.replace("\\", "/")
        if not name or path.startswith("/") or ".." in PurePosixPath(path).parts or PureWindowsPath(name).drive:
            raise ValidationError(_("The file contains unsafe paths."), code="archive_paths")
        if name.lower().endswith(NESTED_ARCHIVE_SUFFIXES) and not _is_embedded_package(name, depth):
            raise _nested()
    # Only now, with every size checked, is anything expanded: at most a few KiB of each entry,
    # and each embedded package once (its size counted in the total above).
    for entry in entries:
        if entry.is_dir() or not entry.file_size:
            continue
        if _is_embedded_package(entry.filename, depth):
            _check_embedded(archive, entry)
            continue
        with archive.open(entry) as data:
            if data.read(8).startswith(ARCHIVE_MAGIC):
                raise _nested()


def _check_embedded(archive, entry):
    """An Office file embedded in a DOCX: an archive checked like the outer one, and holding no archive itself."""
    with tempfile.SpooledTemporaryFile(max_size=10 * 1024 * 1024) as copy:
        with archive.open(entry) as data:
            shutil.copyfileobj(data, copy)
        try:
            with _open_archive(copy) as inner:
                _check_archive(inner, depth=1)
        except UNREADABLE:
            raise _nested() from None


def _zip_kind(fileobj):
    try:
        with _open_archive(fileobj) as archive:
            _check_archive(archive)
            names = set(archive.namelist())
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
            if "mimetype" in names and "content.xml" in names:
                info = archive.getinfo("mimetype")
                # The mimetype entry is stored uncompressed and tiny by the ODF rules.
                if info.file_size <= 100 and archive.read("mimetype").strip() == ODT_MIMETYPE:
                    return ODT
    except UNREADABLE:
        return None
    finally:
        fileobj.seek(0)
    return None


def detect_kind(fileobj):
    """Return the FileKind of an open file, or None when it is none of the accepted kinds.

    Raises ValidationError for archives that are dangerous to open.
    """
    head = _read_head(fileobj)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(OLE2_MAGIC):
        # An OLE2 container is a Word document when it holds a "WordDocument" stream,
        # whose name is stored in UTF-16 in the directory sectors.
        fileobj.seek(0)
        body = fileobj.read(2 * 1024 * 1024)
        fileobj.seek(0)
        return DOC if "WordDocument".encode("utf-16-le") in body else None
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(fileobj)
    return None


def validate_document_file(upload, *, accepted=tuple(KINDS), max_size):
    """Check an uploaded file and return its FileKind; raise ValidationError with a clear message."""
    if upload.size == 0:
        raise ValidationError(_("The file “%(name)s” is empty."), code="empty", params={"name": upload.name})
    if upload.size > max_size:
        raise ValidationError(
            _("The file “%(name)s” is larger than the limit of %(limit)s."),
            code="too_large",
            params={"name": upload.name, "limit": filesizeformat(max_size)},
        )
    kind = detect_kind(upload)
    if kind is None or kind.code not in accepted:
        raise ValidationError(
            _("The file “%(name)s” is not a %(kinds)s document, whatever its name says."),
            code="wrong_type",
            params={"name": upload.name, "kinds": ", ".join(KINDS[code].label for code in accepted)},
        )
    return kind


MAX_SUFFIX = 10


def clean_filename(name, *, max_length=150, extension=None):
    """A file name safe to show and to send back: no path, control or bidirectional characters.

    Compatibility forms are folded first (NFKC): full-width dots and slashes are a path here, as once normalised.
    With ``extension`` (the kind's, from the content), the name ends in it: "page.html" becomes "page.html.pdf".
    """
    name = unicodedata.normalize("NFKC", name or "")
    name = PureWindowsPath(PurePosixPath(name).name).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip(" .") or "file"
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix) > MAX_SUFFIX:
        stem, suffix = name, ""
    if extension and suffix.lower() != extension:
        stem, suffix = name, extension
    keep = max_length - len(suffix) - 1 if suffix else max_length
    stem = stem[:keep].rstrip(" .") or "file"
    return f"{stem}.{suffix}" if suffix else stem
