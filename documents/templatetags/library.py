"""The library's rows (documents/library.html), written in Python as the search's are (portal/templatetags/results.py):
a row as a template cost some 90 µs, most of it the engine's own lookups, and a full page holds twenty-five."""

from django import template
from django.utils.safestring import mark_safe

from common.templatetags.portal import field_text, html_text, undate

from .versions import language_versions

register = template.Library()


def library_row(document):
    symbol = f'<span class="symbol">{html_text(document.symbol)}</span> · ' if document.symbol else ""
    date = (
        f' · <time datetime="{document.date.isoformat()}">{html_text(undate(document.date))}</time>'
        if document.date
        else ""
    )
    return (
        f'\n    <li>\n      <a href="{html_text(document.get_absolute_url())}">{field_text(document)}</a>\n'
        f'      <span class="card__meta">{symbol}{html_text(document.get_doc_type_display())}{date}</span>\n'
        f"      {language_versions(document)}\n    </li>\n    "
    )


@register.simple_tag
def library_rows(documents):
    """The ``<li>`` of each of ``documents``: its title linked, then its symbol, type and date, then its versions."""
    # Safe: every text in it went through html_text, or is language_versions' own safe markup.
    return mark_safe("".join(map(library_row, documents)))
