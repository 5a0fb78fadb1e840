"""The rows of the search page's results (portal/search.html), one function per kind of result.

A searched archive fills every group, up to twenty rows each, and a row written as a template cost 30-70 µs (for a
few links and dates): here, the same markup costs a fraction of that, so that a page of a hundred results costs
little more than a page of five. Every text is escaped as a template's autoescape would (``html_text``).
"""

from django import template
from django.utils.safestring import mark_safe

from common.templatetags.portal import daterange, field_text, html_text, list_item, undate
from documents.templatetags.document_rows import linked_title, versions_after

register = template.Library()


def _dated(text, day):
    return f"{text} · {html_text(undate(day))}" if day else text


def event_row(item):
    city = f" · {field_text(item, 'city')}" if item.city else ""
    return list_item(item, f"{field_text(item)}</a>", f"{html_text(daterange(item.start_date, item.end_date))}{city}")


def session_row(item):
    return list_item(item, f"{field_text(item)}</a>", _dated(field_text(item.event), item.date))


def statement_row(item):
    speaker = f": {html_text(item.speaker_name)}" if item.speaker_name else ""
    meta = f"{field_text(item.session)} · {field_text(item.session.event)}"
    return list_item(item, f"{html_text(item.delegation.display_name)}{speaker}</a>", meta)


def document_row(item):
    meta = _dated(html_text(item.get_doc_type_display()), item.date)
    return list_item(item, linked_title(item), meta, versions_after(item))


def call_row(item):
    return list_item(item, f"{field_text(item)}</a>", f"{field_text(item.event)} · {html_text(item.state.label)}")


def submission_row(item):
    member_state = item.category == "member_state"
    name = html_text(item.country.name) if member_state else f"<bdi>{html_text(item.organisation)}</bdi>"
    category = html_text(item.get_category_display())
    meta = f'<bdi lang="{html_text(item.language)}">{html_text(item.title)}</bdi> · {category}'
    return list_item(item, f"{name}</a>", meta)


ROWS = {
    "event": event_row,
    "session": session_row,
    "statement": statement_row,
    "document": document_row,
    "call": call_row,
    "submission": submission_row,
}


@register.simple_tag
def search_results(kind, results):
    """The ``<li>`` of each result of ``kind`` (a key of ROWS): its link, what it is and when."""
    # Safe: every text in it went through html_text.
    return mark_safe("".join(map(ROWS[kind], results)) + "\n")
