"""The kinds of document the site accepts, named by their content and by the extension their name must end in."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    extension: str
    content_type: str
    description: str


PDF = FileKind("pdf", "PDF", "pdf", "application/pdf", _("a PDF document"))
DOC = FileKind("doc", "DOC", "doc", "application/msword", _("a Word 97-2003 document"))
DOCX = FileKind(
    "docx",
    "DOCX",
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    _("a Word document"),
)
ODT = FileKind("odt", "ODT", "odt", "application/vnd.oasis.opendocument.text", _("an OpenDocument text"))

KINDS = {kind.code: kind for kind in (PDF, DOC, DOCX, ODT)}
BY_EXTENSION = {kind.extension: kind for kind in KINDS.values()}
