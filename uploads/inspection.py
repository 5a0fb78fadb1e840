"""What a file is, by its structure, and the active content it holds.

Each accepted kind is parsed by a library made for it (pypdf, olefile, zipfile with defusedxml for the package
XML); a file that does not parse is not that kind. Inspection returns an ``Inspection``: the kind found (or
what else it looks like), why it must be refused, and findings to show moderators (active PDF content,
remote resources an Office file would fetch).
"""

import io
import logging
import posixpath
import re
import struct
from dataclasses import dataclass, field

import olefile
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from .archives import (
    UNREADABLE,
    check_archive,
    ends_in_zip_end_record,
    has_joined_data,
    is_embedded_package,
    open_archive,
)
from .kinds import DOC, DOCX, ODT, PDF

# pypdf reports every oddity it repairs; a refusal or a finding says what matters.
logging.getLogger("pypdf").setLevel(logging.ERROR)

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
PDF_MAGIC = b"%PDF-"
UTF8_BOM = b"\xef\xbb\xbf"
# The most bytes of a BOM and blank lines read before a PDF's header.
PDF_LEAD = 64
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_CONTENT_TYPES = ("macroenabled", "vbaproject", "vbaprojectsignature", "activex")
# Relationship types whose external targets a word processor fetches by itself (hyperlinks wait for a click).
FETCHED_RELATIONSHIPS = ("attachedtemplate", "image", "oleobject", "frame", "subdocument", "externallink", "package")
# Those among them that fetch what can run code: a template's macros, an OLE object (CVE-2017-0199, "Follina").
CODE_RELATIONSHIPS = ("attachedtemplate", "oleobject")
# Word fields that start a program when the document opens or its fields update (MS-DOC's DDE and DDEAUTO).
COMMAND_FIELD = re.compile(r"\s*DDE(?:AUTO)?\b", re.IGNORECASE)
# Word fields that fetch what they name when fields update: a remote address or a UNC path (over which Windows sends
# the user's credentials) makes them remote resources.
FETCHING_FIELD = re.compile(r"\s*(INCLUDEPICTURE|INCLUDETEXT|LINK|IMPORT)\b(.*)", re.IGNORECASE | re.DOTALL)
FIELD_ARGUMENT = re.compile(r'"([^"]*)"|(\S+)')
# An address on another machine: a URL, a UNC path (\\host\share, its backslashes doubled in a field or not) or a
# network-path reference (//host/share); a field's switch (\d, \* MERGEFORMAT) names no host.
REMOTE_TARGET = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*://|(?:\\\\){1,2}[^\\/\s\"]+[\\/]|//[^/\s\"]+/)", re.IGNORECASE)
# A field instruction whose first word, the field's kind, is written out (followed by a space).
KIND_WRITTEN = re.compile(r"\S\s")
# Relationships by which Word takes a part as text of the document, whose fields it updates.
TEXT_RELATIONSHIPS = (
    "officedocument", "glossarydocument", "header", "footer", "footnotes", "endnotes", "comments", "subdocument",
)  # fmt: skip
# Links an OpenDocument file may point at that run code rather than open a page.
SCRIPT_URL = re.compile(r"^\s*(?:vnd\.sun\.star\.script|macro|javascript|vbscript):", re.IGNORECASE)
# The most indirect objects a PDF may have, all of them read; real documents of a few hundred pages have far fewer.
MAX_PDF_OBJECTS = 200_000

# What other formats look like when they follow a PDF's last %%EOF (a polyglot) or pose as a document.
OTHER_FORMATS = (
    (b"PK\x03\x04", "zip"),
    (b"MZ", "program"),
    (b"\x7fELF", "program"),
    (b"\xcf\xfa\xed\xfe", "program"),
    (b"\xca\xfe\xba\xbe", "program"),
    (b"#!", "script"),
    (b"%PDF-", "pdf"),
    (OLE2_MAGIC, "office"),
    (b"Rar!", "archive"),
    (b"7z\xbc\xaf\x27\x1c", "archive"),
    (b"\x1f\x8b", "archive"),
    (b"GIF8", "image"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
)
FORMAT_NAMES = {
    "zip": _("a zip archive"),
    "archive": _("a compressed archive"),
    "program": _("a program"),
    "script": _("a script"),
    "pdf": _("a PDF document"),
    "office": _("an Office 97-2003 file that is not a Word document"),
    "package": _("an Office or OpenDocument file that is not a text document"),
    "image": _("an image"),
    "web": _("a web page"),
    "data": _("data of an unknown kind"),
}
MARKUP = re.compile(rb"^\s*(?:<!doctype|<html|<script|<svg|<\?xml|<body|<head|<iframe)", re.IGNORECASE)

FINDINGS = {
    "pdf_javascript": _("PDF JavaScript"),
    "pdf_open_action": _("PDF action run on opening"),
    "pdf_additional_actions": _("PDF actions run on events (AA)"),
    "pdf_launch": _("PDF launch action (starts a program)"),
    "pdf_embedded_file": _("files embedded in the PDF"),
    "pdf_xfa": _("XFA form"),
    "trailing_data": _("another format appended after the end of the PDF"),
    "external_resource": _("remote resource fetched when opened"),
    "external_code": _("remote template or object fetched when opened (it can run code)"),
    "activex": _("ActiveX controls"),
    "embedded_object": _("embedded objects (they may hold any file or program)"),
}


@dataclass(frozen=True)
class Finding:
    """Something in a file that moderators must see before publishing it; ``detail`` says where or what."""

    code: str
    detail: str = ""

    @property
    def label(self):
        return FINDINGS.get(self.code, self.code)

    @property
    def description(self):
        """The label with what was found, as moderators read it: "remote resource…: image: http://…"."""
        detail = FORMAT_NAMES.get(self.detail, self.detail)
        return f"{self.label}: {detail}" if detail else str(self.label)

    def as_dict(self):
        return {"code": self.code, "detail": self.detail}


@dataclass(frozen=True)
class Inspection:
    """The outcome: the kind found (None if none), a refusal code when it must not be accepted, and findings."""

    kind: object = None
    refusal: str = ""
    looks_like: str = ""
    findings: tuple = field(default_factory=tuple)
    # A PDF encrypted with an empty user password opens in any viewer, but clamd reads only the streams it also
    # decodes: an unfiltered one carries anything past it. The virus scan reads this copy without encryption too.
    decrypted: bytes = b""


def what_else(head):
    """A short name of the format ``head`` starts with, when it is not a document ("" if unknown)."""
    for magic, name in OTHER_FORMATS:
        if head.startswith(magic):
            return name
    if MARKUP.match(head):
        return "web"
    return ""


def inspect_file(fileobj):
    """Inspect an open file by its content; never raises for a malformed file (that is a refusal)."""
    fileobj.seek(0)
    head = fileobj.read(PDF_LEAD + len(PDF_MAGIC))
    fileobj.seek(0)
    try:
        # Viewers open a PDF whose header follows a byte order mark or a blank line (some exporters and mail
        # gateways write them), so the check reads it too, as pypdf does.
        if head.removeprefix(UTF8_BOM).lstrip(b"\r\n\t ").startswith(PDF_MAGIC):
            return _inspect_pdf(fileobj)
        if head.startswith(OLE2_MAGIC):
            return _inspect_ole(fileobj)
        if head.startswith(ZIP_MAGIC):
            return _inspect_package(fileobj)
    finally:
        fileobj.seek(0)
    fileobj.seek(0)
    return Inspection(looks_like=what_else(fileobj.read(512)))


# --- PDF ---------------------------------------------------------------------------------------------------


def _inspect_pdf(fileobj):
    try:
        reader = PdfReader(fileobj, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return Inspection(kind=PDF, refusal="encrypted")
        if len(reader.pages) < 1:
            return Inspection(looks_like="pdf", refusal="unreadable")
        references = _pdf_references(reader)
        # Reading only some objects would pass whatever the others hold (JavaScript numbered past the first
        # 200,000) as checked.
        if len(references) > MAX_PDF_OBJECTS:
            return Inspection(kind=PDF, refusal="too_many_objects")
        findings = _pdf_findings(reader, references)
        decrypted = _decrypted_copy(reader, references) if reader.is_encrypted else b""
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError, OSError):
        return Inspection(looks_like="pdf", refusal="unreadable")
    findings.extend(Finding("trailing_data", name) for name in _joined_formats(fileobj))
    # Zip readers look for an archive from the end of a file: a zip carried in the PDF, its comment running over
    # the PDF's own end, leaves nothing after %%EOF and is still an archive to unzip.
    if ends_in_zip_end_record(fileobj):
        findings.append(Finding("trailing_data", "zip"))
    return Inspection(kind=PDF, findings=tuple(dict.fromkeys(findings)), decrypted=decrypted)


# What pypdf raises on an object it cannot read: the object is skipped, as a viewer would.
UNREADABLE_OBJECT = (PyPdfError, ValueError, KeyError, TypeError, OSError)


def _pdf_references(reader):
    """(number, generation) of every object the file's cross-reference sections list, in number order."""
    references = {(number, generation) for generation, table in reader.xref.items() for number in table}
    references.update((number, 0) for number in reader.xref_objStm)
    return sorted(references)


def _pdf_objects(reader, references):
    for number, _generation in references:
        try:
            yield reader.get_object(number)
        except UNREADABLE_OBJECT:
            continue


def _decrypted_copy(reader, references):
    """The document of a decrypted ``reader`` written again without encryption, with every object of the file,
    also those no page uses: the scanner reads a file whole, and so must it read this."""
    writer = PdfWriter(clone_from=reader)
    kept = ArrayObject()
    for number, generation in references:
        try:
            kept.append(IndirectObject(number, generation, reader).clone(writer))
        except UNREADABLE_OBJECT:
            continue
    writer.root_object[NameObject("/HLDEveryObject")] = kept
    copy = io.BytesIO()
    writer.write(copy)
    return copy.getvalue()


def _pdf_findings(reader, references):
    findings = []
    root = reader.trailer["/Root"].get_object()
    if "/OpenAction" in root:
        findings.append(Finding("pdf_open_action"))
    acroform = root.get("/AcroForm")
    if isinstance(acroform, IndirectObject):
        acroform = acroform.get_object()
    if isinstance(acroform, DictionaryObject) and "/XFA" in acroform:
        findings.append(Finding("pdf_xfa"))
    for obj in _pdf_objects(reader, references):
        for dictionary in _direct_dictionaries(obj):
            findings.extend(_dictionary_findings(dictionary))
    return findings


def _direct_dictionaries(obj, depth=0):
    """``obj`` and the dictionaries written inside it (not those it refers to, which are objects of their own)."""
    if depth > 32:
        return
    if isinstance(obj, DictionaryObject):
        yield obj
        children = obj.values()
    elif isinstance(obj, ArrayObject):
        children = obj
    else:
        return
    for child in children:
        if not isinstance(child, IndirectObject):
            yield from _direct_dictionaries(child, depth + 1)


def _resolved(value):
    """``value``, or the object it refers to: any value in a PDF may be written as a reference to another object."""
    if not isinstance(value, IndirectObject):
        return value
    try:
        return value.get_object()
    except UNREADABLE_OBJECT:
        return None


def _dictionary_findings(obj):
    found = []
    kind = _resolved(obj.get("/S"))
    if "/JS" in obj or "/JavaScript" in obj or kind == "/JavaScript":
        found.append(Finding("pdf_javascript"))
    if kind == "/Launch" or "/Launch" in obj:
        found.append(Finding("pdf_launch"))
    if "/AA" in obj:
        found.append(Finding("pdf_additional_actions"))
    # A file specification with /EF carries a file whether or not it says /Type /Filespec (the key is optional),
    # and so does any stream typed /EmbeddedFile.
    if "/EmbeddedFiles" in obj or "/EF" in obj or _resolved(obj.get("/Type")) == "/EmbeddedFile":
        found.append(Finding("pdf_embedded_file"))
    return found


# The end of a PDF revision, with the line ends or padding after it.
END_OF_REVISION = re.compile(rb"%%EOF[\r\n\t \x00]*")


def _joined_formats(fileobj):
    """The formats of other files joined after a %%EOF: after the last one, more than line ends or padding; after
    any earlier one, a file of a known format, which another revision's end written after it (a repeated
    ``startxref``) would otherwise hide. The whole file is read, so that no length of what is joined hides it."""
    fileobj.seek(0)
    content = fileobj.read()
    fileobj.seek(0)
    ends = list(END_OF_REVISION.finditer(content))
    formats = [what_else(content[end.end() : end.end() + 512]) for end in ends]
    if ends and not formats[-1] and len(content[ends[-1].end() :].rstrip(b"\r\n\t \x00")) > 1024:
        formats[-1] = "data"
    return [name for name in formats if name]


# --- Word 97-2003 ------------------------------------------------------------------------------------------

# The flags of a Word file's FibBase, at byte 10 of its WordDocument stream (MS-DOC 2.5.2): fEncrypted, and
# fObfuscated (XOR "encryption", set with fEncrypted); fWhichTblStm says which table stream, 1Table or 0Table.
FIB_FLAGS = struct.Struct("<10xH")
FIB_ENCRYPTED = 0x0100
FIB_TABLE_STREAM = 0x0200
# Where the FIB of Word 97 and later says its piece table (Clx) is: the counts of its words (14) and longs (22),
# that of its offset and length pairs (93 or more), then fcClx and lcbClx, the 34th pair (MS-DOC 2.5.1).
FIB_CLX = struct.Struct("<32xH28xH88xH264xII")
PIECE = struct.Struct("<2xI2x")  # a Pcd: where its text is, and whether that text is 8-bit (MS-DOC 2.9.177)
PIECE_COMPRESSED = 0x40000000
# A field in Word 97-2003 text is its begin mark (0x13), instruction, separate mark (0x14), result and end mark
# (0x15). Refused as in WordprocessingML (_runs_commands): a DDE field, or a field begun before the outer one's
# kind is complete, which makes that kind whatever the nested field yields.
DOC_COMMAND_FIELD = re.compile(rf"\x13(?:{COMMAND_FIELD.pattern}|\s*[^\s\x13-\x15]*\x13)", re.IGNORECASE)


def _inspect_ole(fileobj):
    try:
        with olefile.OleFileIO(fileobj) as ole:
            # A DOCX (or any Office 2007+ file) saved with a password is a compound file holding the encrypted
            # package (MS-OFFCRYPTO 2.3.4.4): it is protected, not of another kind.
            if ole.exists("EncryptedPackage"):
                return Inspection(looks_like="office", refusal="encrypted")
            if not ole.exists("WordDocument"):
                return Inspection(looks_like="office")
            word = ole.openstream("WordDocument").read()
            flags = FIB_FLAGS.unpack_from(word)[0]
            table_name = "1Table" if flags & FIB_TABLE_STREAM else "0Table"
            table = ole.openstream(table_name).read() if ole.exists(table_name) else b""
            streams = ["/".join(entry).lower() for entry in ole.listdir(streams=True, storages=True)]
    except (OSError, ValueError, TypeError, IndexError, KeyError, RecursionError, struct.error):
        return Inspection(looks_like="office", refusal="unreadable")
    # Neither read nor scanned for viruses: its text is encrypted.
    if flags & FIB_ENCRYPTED:
        return Inspection(kind=DOC, refusal="encrypted")
    if any(_is_vba_stream(name) for name in streams):
        return Inspection(kind=DOC, refusal="macros")
    if any(DOC_COMMAND_FIELD.search(text) for text in _doc_texts(word, table)):
        return Inspection(kind=DOC, refusal="scripts")
    # OLE objects: a packaged program shows as an icon that one double click runs.
    if "objectpool" in streams:
        return Inspection(kind=DOC, findings=(Finding("embedded_object"),))
    return Inspection(kind=DOC)


def _doc_texts(word, table):
    """The text of a Word 97-2003 file whose WordDocument stream is ``word`` and table stream ``table``: its pieces
    in the order of its piece table (MS-DOC 2.4.1), which may cut a field anywhere and mix 8-bit and UTF-16LE.

    A file whose piece table does not hold together (a Word 95 file, a damaged or a crafted one) gives instead the
    whole stream read as 8-bit and as UTF-16LE at either alignment, more than its text but never less. 8-bit text
    is cp1252; latin-1 reads it the same where it matters, field marks and ASCII, and reads any byte.
    """
    try:
        return (_doc_pieces(word, table),)
    except (ValueError, struct.error):
        return (word.decode("latin-1"), word.decode("utf-16-le", "replace"), word[1:].decode("utf-16-le", "replace"))


def _doc_pieces(word, table):
    """The text the piece table lists, joined; ValueError when the FIB, the table or a piece does not add up."""
    words, longs, pairs, clx_at, clx_size = FIB_CLX.unpack_from(word)
    if (words, longs) != (14, 22) or pairs < 93:
        raise ValueError("not the FIB of Word 97 or later")
    clx, at = table[clx_at : clx_at + clx_size], 0
    while clx[at : at + 1] == b"\x01":  # a Prc, formatting of pieces, before the Pcdt
        at += 3 + struct.unpack_from("<H", clx, at + 1)[0]
    if clx[at : at + 1] != b"\x02":
        raise ValueError("no piece table")
    size = struct.unpack_from("<I", clx, at + 1)[0]
    plc, count = clx[at + 5 : at + 5 + size], (size - 4) // 12
    if count < 1 or size != 4 + 12 * count or len(plc) != size:
        raise ValueError("a piece table of the wrong size")
    ends = struct.unpack_from(f"<{count + 1}I", plc)
    text = []
    for index, (place,) in enumerate(PIECE.iter_unpack(plc[4 * (count + 1) :])):
        length = ends[index + 1] - ends[index]
        if place & PIECE_COMPRESSED:
            start, size, encoding = (place & ~PIECE_COMPRESSED) // 2, length, "latin-1"
        else:
            start, size, encoding = place, 2 * length, "utf-16-le"
        piece = word[start : start + size]
        if len(piece) != size:
            raise ValueError("a piece out of the stream")
        text.append(piece.decode(encoding, "replace"))
    return "".join(text)


# --- DOCX and ODT ------------------------------------------------------------------------------------------


def _xml(archive, name):
    return ElementTree.fromstring(archive.read(name), forbid_dtd=True)


def _inspect_package(fileobj):
    try:
        with open_archive(fileobj) as archive:
            check_archive(archive)
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names and "mimetype" not in names:
                return Inspection(looks_like="zip")
            # A document with another file joined before or after it: not one a word processor saved.
            if has_joined_data(fileobj, archive):
                return Inspection(looks_like="zip", refusal="unreadable")
            if "[Content_Types].xml" in names:
                return _inspect_ooxml(archive, names)
            return _inspect_odf(archive, names)
    except ValidationError as refusal:  # a bomb, nested archive or unsafe path, found from the directory
        return Inspection(looks_like="zip", refusal=refusal.code)
    except (*UNREADABLE, DefusedXmlException, ElementTree.ParseError):
        return Inspection(looks_like="zip", refusal="unreadable")


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _inspect_ooxml(archive, names):
    types = _package_types(archive)
    if _has_macros(names, types):
        return Inspection(kind=DOCX, refusal="macros")
    main = next((part for part, kind in types.content_types.items() if kind.lower() == WORD_MAIN), None)
    if main is None:
        # A spreadsheet, a presentation or a package with no Word document in it.
        return Inspection(looks_like="package")
    required = {main, "_rels/.rels"}
    if not required <= names:
        return Inspection(looks_like="package", refusal="unreadable")
    refusal, findings = _package_contents(archive, names, types)
    if not refusal:
        # The Office files Word embeds (a chart's workbook, a document shown as an icon) open in Word or Excel with a
        # double click: each is held to the same policy as the document (archives.check_archive lets none of them
        # embed another package, so this goes one level deep).
        for name in sorted(names):
            if is_embedded_package(name):
                refusal, found = _inspect_embedded_package(archive, name)
                findings.extend(Finding(finding.code, f"{name}: {finding.detail}".strip(": ")) for finding in found)
            if refusal:
                break
    if refusal:
        return Inspection(kind=DOCX, refusal=refusal)
    return Inspection(kind=DOCX, findings=tuple(dict.fromkeys(findings)))


@dataclass(frozen=True)
class _PackageTypes:
    """An Office package's [Content_Types].xml: the types of named parts, of parts by extension, and all of them."""

    content_types: dict
    extension_types: dict
    all_types: str


def _package_types(archive):
    types = _xml(archive, "[Content_Types].xml")
    content_types, extension_types = {}, {}
    for element in types:
        if _local(element.tag) == "Override":
            content_types[element.get("PartName", "").lstrip("/")] = element.get("ContentType", "")
        elif _local(element.tag) == "Default":
            extension_types[element.get("Extension", "").casefold()] = element.get("ContentType", "")
    # Every Default element, not only the last one of each extension: a second one must not hide the first.
    defaults = (element.get("ContentType", "") for element in types if _local(element.tag) == "Default")
    all_types = " ".join([*content_types.values(), *defaults]).lower()
    return _PackageTypes(content_types, extension_types, all_types)


def _has_macros(names, types):
    return (
        "macroenabled" in types.all_types
        or "vbaproject" in types.all_types
        or any(name.lower().endswith("vbaproject.bin") for name in names)
    )


def _inspect_embedded_package(archive, name):
    """(refusal, findings) of the Office package at ``name`` in ``archive``, whatever its kind."""
    with open_archive(io.BytesIO(archive.read(name))) as inner:
        names = set(inner.namelist())
        if "[Content_Types].xml" not in names:  # not an Office file, whatever its name: a zip inside a document
            return "archive_nested", []
        types = _package_types(inner)
        if _has_macros(names, types):
            return "macros", []
        return _package_contents(inner, names, types)


def _package_contents(archive, names, types):
    """(refusal, findings) of what an Office package holds, whatever its kind: inserted files, fields and links that
    run commands, remote resources, ActiveX controls and embedded objects."""
    findings, text_parts = [], set()
    # Part names ignore case in an Office package (ECMA-376 part 2, 9.1.1.1): "document.xml.RELS" counts.
    for name in sorted(names):
        if name.lower().endswith(".rels"):
            relationships = _xml(archive, name)
            # An altChunk: a file (a web page, RTF, another DOCX) that Word converts and pours into the text when
            # it opens the document, so none of the checks here reach what it holds. It is refused as the file
            # inside a file it is, as a nested archive is.
            if any(_relationship_kind(relationship) == "afchunk" for relationship in relationships):
                return "archive_nested", []
            findings.extend(_external_relationships(relationships))
            text_parts.update(_text_targets(name, relationships))
    # Word finds a part by its relationships and the type [Content_Types].xml declares, never by how its name
    # ends: a part it reads as the document, a header, notes... ("word/document.dat" will do) must be XML, and
    # no part that is XML, whatever its name or type, may hold a field that runs a command.
    declared = {part.casefold(): kind for part, kind in types.content_types.items()}
    for name in sorted(names - {"[Content_Types].xml"}):
        kind = declared.get(name.casefold()) or types.extension_types.get(
            posixpath.splitext(name)[1][1:].casefold(), ""
        )
        if name.lower().endswith(".xml") or "wordprocessingml" in kind.lower() or name.casefold() in text_parts:
            root = _xml(archive, name)
        elif _is_ole(archive, name):
            # An OLE object: a Word 97-2003 document or a workbook, which may carry macros or DDE fields.
            if refusal := _embedded_ole_refusal(archive.read(name)):
                return refusal, []
            continue
        else:  # a picture, a font, an untyped part: read as XML only if it is
            try:
                root = _xml(archive, name)
            except (DefusedXmlException, ElementTree.ParseError):
                continue
        instructions = _field_instructions(root)
        # A workbook's DDE link starts the program it names, as a Word DDE field does.
        if (
            instructions is None
            or any(COMMAND_FIELD.match(instruction) for instruction in instructions)
            or any(_local(element.tag) == "ddeLink" for element in root.iter())
        ):
            return "scripts", []
        findings.extend(_remote_fields(instructions))
    if "activex" in types.all_types or any(name.lower().partition("/")[2].startswith("activex/") for name in names):
        findings.append(Finding("activex"))
    # OLE objects, not the Office packages Word embeds for charts (those are checked as packages).
    if "oleobject" in types.all_types or any(
        "/embeddings/" in name.lower() and name.lower().endswith(".bin") for name in names
    ):
        findings.append(Finding("embedded_object"))
    return "", findings


def _embedded_ole_refusal(data):
    """Why an OLE file inside a package must be refused ("" if not): what refuses a Word 97-2003 document, and
    macros in any other kind (a workbook, a presentation) too."""
    inspection = _inspect_ole(io.BytesIO(data))
    if inspection.refusal in ("encrypted", "macros", "scripts"):
        return inspection.refusal
    try:
        with olefile.OleFileIO(data) as ole:
            streams = ["/".join(entry).lower() for entry in ole.listdir(streams=True, storages=True)]
    except (OSError, ValueError, TypeError, IndexError, KeyError, RecursionError, struct.error):
        return ""  # not a file any program reads as OLE either
    return "macros" if any(_is_vba_stream(name) for name in streams) else ""


def _is_ole(archive, name):
    with archive.open(name) as part:
        return part.read(len(OLE2_MAGIC)) == OLE2_MAGIC


def _is_vba_stream(name):
    return name.startswith("macros") or "_vba_project" in name or name.startswith("vba")


@dataclass
class _OpenField:
    """A field of WordprocessingML between its begin and end marks: the pieces of its instruction so far, whether
    their first word (the field's kind) is complete, and whether its separate mark has come (what follows is its
    result, not its instruction)."""

    pieces: list = field(default_factory=list)
    kind_written: bool = False
    in_result: bool = False
    # The last letter of the first word while it is being written: with the next piece, all that decides whether
    # it is complete (the whole instruction, joined again at each piece, would cost its length squared).
    word_end: str = ""

    def add(self, text):
        self.pieces.append(text)
        if not self.kind_written:
            seen = self.word_end + text
            self.kind_written = bool(KIND_WRITTEN.search(seen))
            self.word_end = seen.strip()[-1:]

    def kind_unwritten(self):
        return not self.in_result and not self.kind_written

    @property
    def instruction(self):
        return "".join(self.pieces)


def _field_instructions(root):
    """The instructions of a WordprocessingML part's fields; None when a field's kind is spelled by a nested field,
    the published disguise of a DDE field, which starts a program (``{ {QUOTE 68 68 69 65 85 84 79} cmd }``).

    A field's instruction names its kind first; it may be split over several runs (``DD`` + ``EAUTO``), and
    fields may nest, so each field's pieces are joined between its begin and end marks.
    """
    instructions, open_fields = [], []
    for element in root.iter():
        local = _local(element.tag)
        kind = _attribute(element, "fldCharType") if local == "fldChar" else ""
        # A field nested before the outer field's first word is complete makes that kind whatever it yields.
        if (kind == "begin" or local == "fldSimple") and open_fields and open_fields[-1].kind_unwritten():
            return None
        if kind == "begin":
            open_fields.append(_OpenField())
        elif kind == "separate" and open_fields:
            open_fields[-1].in_result = True
        elif kind == "end" and open_fields:
            instructions.append(open_fields.pop().instruction)
        elif local == "instrText" and open_fields:
            open_fields[-1].add(element.text or "")
        elif local == "fldSimple":
            instructions.append(_attribute(element, "instr"))
    instructions.extend(field.instruction for field in open_fields)  # a field left open still counts
    return instructions


def _remote_fields(instructions):
    for instruction in instructions:
        if match := FETCHING_FIELD.match(instruction):
            for quoted, bare in FIELD_ARGUMENT.findall(match[2]):
                if REMOTE_TARGET.match(target := quoted or bare):
                    yield Finding("external_resource", f"{match[1].lower()}: {target[:150]}")


def _attribute(element, name):
    """The value of the attribute ``name`` of ``element``, whatever its namespace prefix."""
    return next((value for key, value in element.attrib.items() if _local(key) == name), "")


def _relationship_kind(relationship):
    """The last word of a relationship's type, lowercased: the same in the transitional and strict namespaces."""
    return relationship.get("Type", "").rsplit("/", 1)[-1].lower()


def _text_targets(name, rels):
    """The parts (their names casefolded) that the relationships part ``name`` points to as text of the document.

    Targets are relative to the source part's folder ("word/_rels/document.xml.rels" speaks for "word/").
    """
    folder = posixpath.dirname(posixpath.dirname(name))
    for relationship in rels:
        kind = _relationship_kind(relationship)
        if kind in TEXT_RELATIONSHIPS and relationship.get("TargetMode", "").lower() != "external":
            target = posixpath.normpath(posixpath.join("/", folder, relationship.get("Target", "")))
            yield target.lstrip("/").casefold()


def _external_relationships(rels):
    for relationship in rels:
        if relationship.get("TargetMode", "").lower() != "external":
            continue
        kind = _relationship_kind(relationship)
        if kind in FETCHED_RELATIONSHIPS:
            code = "external_code" if kind in CODE_RELATIONSHIPS else "external_resource"
            yield Finding(code, f"{kind}: {relationship.get('Target', '')[:150]}")


XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
ODF_COMMANDS = ("event-listener", "dde-connection-decl", "dde-source")
ODF_FETCHED = ("image", "object", "object-ole", "plugin", "applet", "section-source", "frame")


def _inspect_odf(archive, names):
    if archive.read("mimetype").strip() != ODT_MIMETYPE:
        return Inspection(looks_like="package")
    if not {"content.xml", "META-INF/manifest.xml"} <= names:
        return Inspection(looks_like="package", refusal="unreadable")
    manifest = _xml(archive, "META-INF/manifest.xml")
    # A document saved with a password keeps its parts encrypted, each described in the manifest.
    if any(_local(element.tag) == "encryption-data" for element in manifest.iter()):
        return Inspection(kind=ODT, refusal="encrypted")
    if any(name.startswith(("Basic/", "Scripts/")) for name in names) or any(
        "script" in (entry.get(f"{{{MANIFEST}}}media-type") or "") for entry in manifest
    ):
        return Inspection(kind=ODT, refusal="macros")
    # An OLE object (a Word 97-2003 document, a workbook) opens in its program with a double click.
    for name in sorted(names):
        if _is_ole(archive, name) and (refusal := _embedded_ole_refusal(archive.read(name))):
            return Inspection(kind=ODT, refusal=refusal)
    findings = []
    if any("oleobject" in (entry.get(f"{{{MANIFEST}}}media-type") or "").lower() for entry in manifest.iter()):
        findings.append(Finding("embedded_object"))
    # The text and styles of the document and of the objects it embeds ("Object 1/content.xml").
    for part in sorted(name for name in names if name.rpartition("/")[2] in ("content.xml", "styles.xml")):
        for element in _xml(archive, part).iter():
            target = element.get(XLINK_HREF, "")
            # An event bound to a script, or a link to one, runs code with no macro in the file: a script of the
            # office suite itself, as in CVE-2018-16858. A DDE link starts the program it names ("cmd").
            if _local(element.tag) in ODF_COMMANDS or SCRIPT_URL.match(target):
                return Inspection(kind=ODT, refusal="scripts")
            if _local(element.tag) in ODF_FETCHED and REMOTE_TARGET.match(target):
                findings.append(Finding("external_resource", f"{_local(element.tag)}: {target[:150]}"))
    return Inspection(kind=ODT, findings=tuple(dict.fromkeys(findings)))
