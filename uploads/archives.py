"""Zip packages (DOCX, ODT) judged from their directory before anything is expanded: no bombs, no tricks.

DOCX and ODT files are zip archives. Their sizes, entry count, compression ratio, paths and nested archives
are checked from the central directory, whose own size is bounded first, so a zip bomb is refused unexpanded.
"""

import io
import shutil
import struct
import tempfile
import zipfile
import zlib
from pathlib import PurePosixPath, PureWindowsPath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The end of central directory record, its zip64 locator and zip64 record (APPNOTE 4.3.14-4.3.16).
END_SIGNATURE = b"PK\x05\x06"
END_RECORD = struct.Struct("<4s4H2LH")
MAX_ZIP_COMMENT = 0xFFFF
ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
ZIP64_LOCATOR = struct.Struct("<4sLQL")
ZIP64_END_SIGNATURE = b"PK\x06\x06"
ZIP64_END_RECORD = struct.Struct("<4sQ2H2L4Q")

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


def _end_record(fileobj):
    """The tail of ``fileobj`` (as long as the longest archive comment) and where its last end record starts in it,
    or None when it has none: zip readers take the last one, looking from the end."""
    fileobj.seek(0, io.SEEK_END)
    length = fileobj.tell()
    tail_size = min(length, END_RECORD.size + MAX_ZIP_COMMENT)
    fileobj.seek(length - tail_size)
    tail = fileobj.read(tail_size)
    fileobj.seek(0)
    at = tail.rfind(END_SIGNATURE)
    if at < 0 or len(tail) - at < END_RECORD.size:
        return None
    return tail, at


def ends_in_zip_end_record(fileobj):
    """Whether zip readers, which look for the end record in a file's last 64 KiB (and 22 bytes), find one in
    ``fileobj``: they then read it as an archive, whatever comes before."""
    return _end_record(fileobj) is not None


def central_directory_size(fileobj):
    """The size the end record gives the archive's directory (zip64 included), or None when there is no record.

    Read by hand from the APPNOTE layout, so that the directory can be bounded before zipfile reads it whole.
    """
    if (end := _end_record(fileobj)) is None:
        return None
    tail, at = end
    size = END_RECORD.unpack_from(tail, at)[5]
    if size != 0xFFFFFFFF:
        return size
    # A zip64 archive: its locator, just before the end record, points at the zip64 end record.
    locator_at = at - ZIP64_LOCATOR.size
    if locator_at < 0 or tail[locator_at : locator_at + 4] != ZIP64_LOCATOR_SIGNATURE:
        return None
    record_offset = ZIP64_LOCATOR.unpack_from(tail, locator_at)[2]
    fileobj.seek(record_offset)
    record = fileobj.read(ZIP64_END_RECORD.size)
    fileobj.seek(0)
    if len(record) < ZIP64_END_RECORD.size or not record.startswith(ZIP64_END_SIGNATURE):
        return None
    return ZIP64_END_RECORD.unpack(record)[8]


def has_joined_data(fileobj, archive):
    """Whether ``fileobj`` holds bytes before the first entry of ``archive`` or after its end record and comment:
    another file joined to the archive (a polyglot), which one program reads and another never sees."""
    if (end := _end_record(fileobj)) is None:
        return True
    tail, at = end
    comment_length = END_RECORD.unpack_from(tail, at)[7]
    first_entry = min((entry.header_offset for entry in archive.infolist()), default=0)
    return first_entry > 0 or at + END_RECORD.size + comment_length < len(tail)


def open_archive(fileobj):
    """A ZipFile of ``fileobj``, once the end record shows a directory of a sane size; ValidationError otherwise."""
    size = central_directory_size(fileobj)
    if size is not None and size > MAX_CENTRAL_DIRECTORY:
        raise _too_many_parts()
    return zipfile.ZipFile(fileobj)


def is_embedded_package(name, depth=0):
    """Whether the entry ``name`` of an archive at ``depth`` (0: the document, 1: a package it embeds) is an Office
    file that Word embeds, allowed in a DOCX as other archives are not."""
    return depth == 0 and name.startswith(EMBEDDED_PREFIX) and name.lower().endswith(EMBEDDED_SUFFIXES)


def check_archive(archive, *, depth=0):
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
    seen = set()
    for entry in entries:
        name = entry.filename
        path = name.replace("\\", "/")
        # Two entries of one name (Office part names ignore case) are read as one or the other by different
        # programs: this check could pass one part while Word or the virus scanner opened the other.
        if (
            not name
            or path.startswith("/")
            or ".." in PurePosixPath(path).parts
            or PureWindowsPath(name).drive
            or path.casefold() in seen
        ):
            raise ValidationError(_("The file contains unsafe paths."), code="archive_paths")
        seen.add(path.casefold())
        if name.lower().endswith(NESTED_ARCHIVE_SUFFIXES) and not is_embedded_package(name, depth):
            raise _nested()
    # Only now, with every size checked, is anything expanded: at most a few KiB of each entry,
    # and each embedded package once (its size counted in the total above).
    for entry in entries:
        if entry.is_dir() or not entry.file_size:
            continue
        if is_embedded_package(entry.filename, depth):
            _check_embedded(archive, entry)
            continue
        with archive.open(entry) as data:
            if data.read(8).startswith(ARCHIVE_MAGIC):
                raise _nested()


def _check_embedded(archive, entry):
    """An Office file embedded in a DOCX: an archive checked like the outer one, and holding no archive itself
    (what it holds is checked as the document is: inspection._inspect_embedded_package)."""
    with tempfile.SpooledTemporaryFile(max_size=10 * 1024 * 1024) as copy:
        with archive.open(entry) as data:
            shutil.copyfileobj(data, copy)
        try:
            with open_archive(copy) as inner:
                check_archive(inner, depth=1)
        except UNREADABLE:
            raise _nested() from None
