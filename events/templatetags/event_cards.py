"""Events' cards in lists (the events list, home, an event's related meetings) and an event page's sessions, written
in Python as the rows of documents are (documents/templatetags/document_rows.py): a card was an ``{% include %}`` of
its own, some 140 µs, and the events list shows twenty; a session's lines cost as much in the template engine."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from common.templatetags.portal import Rows, field, html_text, local_times

register = template.Library()


def event_card(context, rows, event):
    city = f" · {rows.text(event, 'city')}" if event.city else ""
    summary = (
        f'<div class="card__summary prose">'
        f"{html_text(field(context, event, 'summary', rich=True, language=rows.language))}</div>"
        if event.summary
        else ""
    )
    return (
        f'\n<article class="card">\n  <h3 class="card__title"><a href="{rows.url(event)}">'
        f'{rows.text(event)}</a></h3>\n  <p class="card__meta">\n'
        f'    <time datetime="{event.start_date.isoformat()}">{html_text(rows.dates(event.start_date, event.end_date))}'
        f"</time>{city}\n  </p>\n  {summary}\n</article>\n"
    )


@register.simple_tag(takes_context=True)
def event_cards(context, events):
    """An ``<article class="card">`` for each of ``events``: its title linked, its dates and city, its summary (a
    translation of it the English outdated says so, as ``{% field %}`` does)."""
    rows = Rows()
    # Safe: every text in it went through html_text; the summary is field()'s own safe markup.
    return mark_safe("".join(event_card(context, rows, event) for event in events))


def session_row(rows, session, zone_name):
    meta = ""
    if session.date:
        times = ""
        if session.start_time:
            times = f", {html_text(local_times(session.date, session.start_time, session.end_time, zone_name))}"
        meta = (
            f'\n        <p class="card__meta"><time datetime="{session.date.isoformat()}">'
            f"{html_text(rows.date(session.date))}</time>{times}</p>"
        )
    theme = ""
    if session.theme:
        quoted = _("“%(session_theme)s”") % {"session_theme": rows.text(session, "theme")}
        theme = f'\n        <p class="session-theme">{quoted}</p>'
    return (
        f'\n      <li>\n        <h3><a href="{rows.url(session)}">{rows.text(session)}</a></h3>{meta}{theme}'
        "\n      </li>"
    )


@register.simple_tag
def session_rows(sessions, zone_name):
    """A ``<li>`` for each of an event's ``sessions``: its title linked, its date and times at the venue (in
    ``zone_name``), and its theme in quotation marks."""
    rows = Rows()
    # Safe: every text in it went through html_text (Rows.text); the quotation marks are the catalogue's own.
    return mark_safe("".join(session_row(rows, session, zone_name) for session in sessions))
