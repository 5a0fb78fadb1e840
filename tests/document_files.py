"""Well-formed documents of every accepted kind, built in memory for tests (no committed binaries).

Each builder makes the smallest file its kind's library reads as valid: a one-page PDF, a DOCX with its
required parts, an ODT with its manifest, and a Word 97-2003 compound file with a WordDocument stream.
"""

import io
import struct
import zipfile
import zlib

CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" ContentType="{main}"/></Types>'
)
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
PACKAGE_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
DOCUMENT = (
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>A written submission</w:t></w:r></w:p></w:body></w:document>"
)
RELATIONSHIP = (
    '<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{type}" '
    'Target="{target}"{mode}/>'
)


def pdf(content=b"BT /F1 12 Tf 72 720 Td (A written submission) Tj ET", *, compress=False, catalog=b"", page=b""):
    """A valid one-page PDF whose page content is ``content``; ``catalog``/``page`` add keys to those objects."""
    stream, extra = (zlib.compress(content), b"/Filter/FlateDecode") if compress else (content, b"")
    objects = [
        b"<</Type/Catalog/Pages 2 0 R%s>>" % catalog,
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R%s>>" % page,
        b"<</Length %d%s>>\nstream\n%s\nendstream" % (len(stream), extra, stream),
    ]
    return pdf_file(objects)


def pdf_file(objects, *, version=b"1.4"):
    """A PDF of ``objects`` (their bodies, numbered from 1, the first the catalog) with its cross-reference table."""
    out = b"%%PDF-%s\n" % version
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def docx(extra=(), *, compression=zipfile.ZIP_DEFLATED, relationships=(), main=WORD_MAIN):
    """A valid DOCX; ``extra`` adds (name, bytes) entries, ``relationships`` (type, target, external) links."""
    links = "".join(
        RELATIONSHIP.format(
            id=f"rId{number}", type=kind, target=target, mode=' TargetMode="External"' if external else ""
        )
        for number, (kind, target, external) in enumerate(relationships, 10)
    )
    parts = {
        "[Content_Types].xml": CONTENT_TYPES.format(main=main),
        "_rels/.rels": PACKAGE_RELS,
        "word/document.xml": DOCUMENT,
    }
    if links:
        parts["word/_rels/document.xml.rels"] = (
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{links}'
            "</Relationships>"
        )
    parts.update(extra)  # an extra entry of the same name replaces the default part
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
ODT_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
ODT_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'office:version="1.2"><office:body><office:text><text:p>A written submission</text:p>{extra}'
    "</office:text></office:body></office:document-content>"
)


def pdf_of_size(size):
    """A valid PDF of exactly ``size`` bytes, padded inside its page content (nothing after %%EOF)."""
    padding = 0
    for _attempt in range(5):  # the stream's /Length gains digits as it grows: converge on the size
        content = pdf(b"BT /F1 12 Tf 72 720 Td (Padded) Tj ET" + b" " * padding)
        if len(content) == size:
            return content
        padding += size - len(content)
        if padding < 0:
            break
    raise ValueError(f"no padded PDF of exactly {size} bytes")


def odt(extra=(), *, body=""):
    """A valid ODT: mimetype first and stored, a manifest, content; ``extra`` adds (name, bytes) entries."""
    parts = {"META-INF/manifest.xml": ODT_MANIFEST, "content.xml": ODT_CONTENT.format(extra=body)}
    parts.update(extra)  # an extra entry of the same name replaces the default part
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODT_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# Compound File Binary (MS-CFB), version 3: 512-byte sectors; special sector numbers.
FREE, END_OF_CHAIN, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _directory_entry(name, kind, *, child=NO_STREAM, right=NO_STREAM, start=END_OF_CHAIN, size=0):
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return struct.pack(
        "<64sHBBIII16sIQQIQ", encoded, len(encoded), kind, 1, NO_STREAM, right, child, bytes(16), 0, 0, 0, start, size
    )


def fib(flags=0):
    """The start of a WordDocument stream: a FibBase (MS-DOC 2.5.2) of Word 97 with these flags (0x0100: encrypted)."""
    return struct.pack("<6H", 0xA5EC, 0x00C1, 0, 0x0409, 0, flags)


def doc(streams=("WordDocument",), *, fib_flags=0):
    """A Word 97-2003 compound file holding ``streams`` (4 KiB each; "WordDocument" makes it a Word file, its
    FibBase with ``fib_flags``)."""
    data_sectors = 8  # 4,096 bytes: at the mini-stream cutoff, so stored in ordinary sectors
    fat = [FAT_SECTOR, END_OF_CHAIN]
    entries = []
    for index, name in enumerate(streams):
        start = len(fat)
        fat.extend(range(start + 1, start + data_sectors))
        fat.append(END_OF_CHAIN)
        right = index + 2 if index + 1 < len(streams) else NO_STREAM
        entries.append(_directory_entry(name, 2, right=right, start=start, size=data_sectors * 512))
    root = _directory_entry("Root Entry", 5, child=1 if streams else NO_STREAM)
    directory = b"".join([root, *entries])
    directory += _directory_entry("", 0) * (-len(entries) - 1 & 3)
    fat += [FREE] * (128 - len(fat))
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        bytes(16),
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        bytes(6),
        0,
        1,
        1,
        0,
        4096,
        END_OF_CHAIN,
        0,
        END_OF_CHAIN,
        0,
    )
    header += struct.pack("<I", 0) + struct.pack("<I", FREE) * 108
    body = struct.pack("<128I", *fat) + directory.ljust(512, b"\0")
    for index, name in enumerate(streams):
        start = fib(fib_flags) if name == "WordDocument" else b""
        body += start.ljust(data_sectors * 512, bytes([index + 1]))
    return header + body
