"""A call's state (open until its deadline, opening on a date, closed), calls' cards in lists (the calls page, home)
and the rows of their published submissions, written in Python as events' cards are (events/templatetags/
event_cards.py): a card was two ``{% include %}`` of its own, some 250 µs, and the calls page shows twenty; a
submission's row cost as much in the template engine."""

import zoneinfo
from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from common.templatetags.portal import FileSizes, Rows, html_text, undatetime, utc_offset
from common.urls import page_url

from ..models import CallState

register = template.Library()


def state_html(call, on_form=False):
    """``<p class="state">``: the call's state as a badge, then when it closes, closed or opens, in its time zone
    with the offset then in force; an open call's link to its form unless ``on_form``."""
    state = call.state
    zone = escape(utc_offset(call.time_zone, call.opens_at if state == CallState.NOT_YET_OPEN else call.deadline))
    if state == CallState.OPEN:
        deadline = _("Submissions are accepted until %(deadline)s (%(zone)s).") % {
            "deadline": in_zone(call.deadline, call.time_zone),
            "zone": zone,
        }
        no_deadline = (
            " " + escape(_("No deadline was announced: the call closes as the first day of the meeting begins."))
            if not call.closes_at
            else ""
        )
        send = escape(_("Send a written submission"))
        form = (
            ""
            if on_form
            else f'\n  <a class="button" href="{escape(page_url("submissions:submit", slug=call.slug))}">{send}</a>'
        )
        badge = escape(_("Open"))
        text = f'<span class="badge badge--live">{badge}</span>\n  {deadline}{no_deadline}{form}'
    elif state == CallState.NOT_YET_OPEN:
        opening = _("Submissions will be accepted from %(opening)s (%(zone)s).") % {
            "opening": in_zone(call.opens_at, call.time_zone),
            "zone": zone,
        }
        badge = escape(_("Not yet open"))
        text = f'<span class="badge">{badge}</span>\n  {opening}'
    else:
        closed = (
            _("The deadline was %(deadline)s (%(zone)s). Submissions are no longer accepted.")
            % {"deadline": in_zone(call.closes_at, call.time_zone), "zone": zone}
            if call.closes_at
            else escape(_("Submissions are no longer accepted."))
        )
        badge = escape(_("Closed"))
        text = f'<span class="badge badge--past">{badge}</span>\n  {closed}'
    return f'<p class="state">\n  {text}\n</p>'


def in_zone(moment, zone_name):
    """``moment`` as people read it where the call is run (its time zone), escaped."""
    return escape(undatetime(moment.astimezone(zoneinfo.ZoneInfo(zone_name))))


@register.simple_tag
def call_state(call, on_form=False):
    """``state_html`` of ``call``, for its page, its form and its event's page."""
    # Safe: every text escaped but the catalogue's sentences around a date, which {% blocktranslate %} also trusts.
    return mark_safe(state_html(call, on_form))


def call_card(rows, call):
    return (
        f'\n<article class="card">\n  <h3 class="card__title"><a href="{rows.url(call)}">{rows.text(call)}</a></h3>'
        f'\n  <p class="card__meta">{rows.text(call.event)}</p>\n  {state_html(call)}\n</article>\n'
    )


@register.simple_tag
def call_cards(calls):
    """An ``<article class="card">`` for each of ``calls``: its title linked, its event, its state."""
    rows = Rows()
    # Safe: every text in it went through html_text (Rows.text), and state_html escapes its own.
    return mark_safe("".join(call_card(rows, call) for call in calls))


def submission_row(rows, sizes, submission):
    if submission.category == "member_state":
        name = html_text(submission.country.name)
    else:
        name = f"<bdi>{html_text(submission.organisation)}</bdi>"
    # The badge's word apart from the f-string: makemessages does not read a call inside one.
    example_badge = escape(_("Example"))
    example = f' <span class="badge badge--past">{example_badge}</span>' if submission.is_example else ""
    language = escape(submission.language)
    files = "".join(
        f'<a href="{escape(file.get_absolute_url())}" hreflang="{language}"><bdi>{html_text(file.original_name)}</bdi>'
        f'</a> <span class="card__meta">({html_text(sizes(file.size))})</span>'
        for file in submission.public_files
    )
    return (
        f'\n    <li id="{escape(submission.reference)}">\n      <strong>{name}</strong>{example}'
        f'\n      <span class="card__meta"><bdi lang="{language}">{html_text(submission.title)}</bdi> · '
        f"{rows.label(submission, 'language')}</span>\n      {files}\n    </li>"
    )


@register.simple_tag
def submission_rows(submissions):
    """A ``<li>`` for each of ``submissions`` (published ones, with their ``public_files``): who sent it (a Member
    State by its name), its title in its language, its files with their sizes."""
    rows, sizes = Rows(), FileSizes()
    # Safe: every text in it went through html_text or escape.
    return mark_safe("".join(submission_row(rows, sizes, submission) for submission in submissions))
