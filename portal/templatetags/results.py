"""The rows of the search page's results (portal/search.html), one function per kind of result.

A searched archive fills every group, up to twenty rows each, and a row written as a template cost 30-70 µs (for a
few links and dates): here, the same markup costs a fraction of that, so that a page of a hundred results costs
little more than a page of five. Every text is escaped as a template's autoescape would (``_text``).
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from common.templatetags.portal import daterange, field, undate
from documents.templatetags.versions import language_versions

register = template.Library()


def _text(value):
    """``value`` escaped for HTML, unless it is already safe (a fallback's markup): what ``{{ value }}`` gives."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


def _title(item, name="title"):
    # A plain text field in the active language, or the English text marked as such (never a rich field, which
    # would need the template's context).
    return _text(field(None, item, name))


def _dated(text, day):
    return f"{text} · {_text(undate(day))}" if day else text


def _row(item, link, meta, after=""):
    """One result: ``link`` is the link's text, closed (``...</a>``) and what follows it on its line."""
    url = _text(item.get_absolute_url())
    return f'\n<li>\n  <a href="{url}">{link}\n  <span class="card__meta">{meta}</span>{after}\n</li>\n'


def event_row(item):
    city = f" · {_title(item, 'city')}" if item.city else ""
    return _row(item, f"{_title(item)}</a>", f"{_text(daterange(item.start_date, item.end_date))}{city}")


def session_row(item):
    return _row(item, f"{_title(item)}</a>", _dated(_title(item.event), item.date))


def statement_row(item):
    speaker = f": {_text(item.speaker_name)}" if item.speaker_name else ""
    meta = f"{_title(item.session)} · {_title(item.session.event)}"
    return _row(item, f"{_text(item.delegation.display_name)}{speaker}</a>", meta)


def document_row(item):
    symbol = f' – <span class="symbol">{_text(item.symbol)}</span>' if item.symbol else ""
    meta = _dated(_text(item.get_doc_type_display()), item.date)
    return _row(item, f"{_title(item)}</a>{symbol}", meta, f"\n  {language_versions(item)}")


def call_row(item):
    return _row(item, f"{_title(item)}</a>", f"{_title(item.event)} · {_text(item.state.label)}")


def submission_row(item):
    member_state = item.category == "member_state"
    name = _text(item.country.name) if member_state else f"<bdi>{_text(item.organisation)}</bdi>"
    meta = f'<bdi lang="{_text(item.language)}">{_text(item.title)}</bdi> · {_text(item.get_category_display())}'
    return _row(item, f"{name}</a>", meta)


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
    # Safe: every text in it went through _text.
    return mark_safe("".join(map(ROWS[kind], results)) + "\n")
