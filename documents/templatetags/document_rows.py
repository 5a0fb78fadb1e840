"""Rows of documents in lists, written in Python as the search's are (portal/templatetags/results.py): the library's
(documents/library.html), an event page's (documents/includes/event_documents.html) and the short lists of home's
latest documents and a document's others. A row as a template cost 90 to 180 µs, most of it the engine's own
lookups and includes, and a page of the library holds twenty-five."""

from functools import cached_property

from django import template
from django.utils.safestring import mark_safe

from common.templatetags.portal import Rows, html_text

from .versions import version_links

register = template.Library()


class DocumentRows(Rows):
    """``Rows`` that may hold documents, with their [E | F | S] links."""

    @cached_property
    def versions(self):
        """``language_versions`` for this list's documents."""
        return version_links(self.language)

    def linked_title(self, document):
        """A row's link text: the document's title, the link closed, then its symbol."""
        symbol = f' – <span class="symbol">{html_text(document.symbol)}</span>' if document.symbol else ""
        return f"{self.text(document)}</a>{symbol}"

    def versions_after(self, document):
        """What follows a row's line of details: the document's [E | F | S] links."""
        return f"\n  {self.versions(document)}"

    def library_row(self, document):
        # The symbol with the type and date, under the title.
        symbol = f'<span class="symbol">{html_text(document.symbol)}</span> · ' if document.symbol else ""
        date = (
            f' · <time datetime="{document.date.isoformat()}">{html_text(self.date(document.date))}</time>'
            if document.date
            else ""
        )
        meta = f"{symbol}{self.label(document, 'doc_type')}{date}"
        return self.item(document, f"{self.text(document)}</a>", meta, self.versions_after(document))

    def short_row(self, document):
        return f'<li><a href="{self.url(document)}">{self.linked_title(document)} {self.versions(document)}</li>'

    def event_document_row(self, link):
        note = f", {self.text(link, 'note')}" if link.note else ""
        meta = f"{self.label(link, 'role')}{note}"
        return self.item(link.document, self.linked_title(link.document), meta, self.versions_after(link.document))


@register.simple_tag
def library_rows(documents):
    """The ``<li>`` of each of ``documents``: its title linked, then its symbol, type and date, then its versions."""
    # Safe: every text in it went through html_text, or is language_versions' own safe markup.
    return mark_safe("".join(map(DocumentRows().library_row, documents)))


@register.simple_tag
def event_document_rows(links):
    """The ``<li>`` of each of an event's document ``links``: the document's title linked and its symbol, then its
    role at the event (and the link's note), then its versions."""
    # Safe: as library_rows.
    return mark_safe("".join(map(DocumentRows().event_document_row, links)))


@register.simple_tag
def short_document_rows(documents):
    """The ``<li>`` of each of ``documents`` in a short list (home's latest documents, a document's others): the
    document's title linked and its symbol, then its versions."""
    # Safe: as library_rows.
    return mark_safe("".join(map(DocumentRows().short_row, documents)))
