"""Rows of documents in lists, written in Python as the search's are (portal/templatetags/results.py): the library's
(documents/library.html) and an event page's (documents/includes/event_documents.html). A row as a template cost
90 to 180 µs, most of it the engine's own lookups and includes, and a page of the library holds twenty-five."""

from django import template
from django.utils.safestring import mark_safe

from common.templatetags.portal import field_text, html_text, list_item, undate

from .versions import language_versions

register = template.Library()


def linked_title(document):
    """A row's link text: the document's title, the link closed, then its symbol."""
    symbol = f' – <span class="symbol">{html_text(document.symbol)}</span>' if document.symbol else ""
    return f"{field_text(document)}</a>{symbol}"


def versions_after(document):
    """What follows a row's line of details: the document's [E | F | S] links."""
    return f"\n  {language_versions(document)}"


def library_row(document):
    # The symbol with the type and date, under the title.
    symbol = f'<span class="symbol">{html_text(document.symbol)}</span> · ' if document.symbol else ""
    date = (
        f' · <time datetime="{document.date.isoformat()}">{html_text(undate(document.date))}</time>'
        if document.date
        else ""
    )
    meta = f"{symbol}{html_text(document.get_doc_type_display())}{date}"
    return list_item(document, f"{field_text(document)}</a>", meta, versions_after(document))


@register.simple_tag
def library_rows(documents):
    """The ``<li>`` of each of ``documents``: its title linked, then its symbol, type and date, then its versions."""
    # Safe: every text in it went through html_text, or is language_versions' own safe markup.
    return mark_safe("".join(map(library_row, documents)))


def event_document_row(link):
    note = f", {field_text(link, 'note')}" if link.note else ""
    meta = f"{html_text(link.get_role_display())}{note}"
    return list_item(link.document, linked_title(link.document), meta, versions_after(link.document))


@register.simple_tag
def event_document_rows(links):
    """The ``<li>`` of each of an event's document ``links``: the document's title linked and its symbol, then its
    role at the event (and the link's note), then its versions."""
    # Safe: as library_rows.
    return mark_safe("".join(map(event_document_row, links)))
