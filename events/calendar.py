"""Events and their sessions as iCalendar (RFC 5545), for calendar apps.

An event is an all-day entry over its dates; each of its published sessions
with a date is a timed entry in the event's time zone (described by its
VTIMEZONE), or an all-day one when its time is not known. Texts are plain.
"""

import datetime
import zoneinfo

from django.urls import reverse
from django.utils.translation import gettext
from icalendar import Calendar, vText, vUri
from icalendar import Event as CalendarEvent

from common.identifiers import stable_uuid
from common.text import plain_text
from common.times import is_skipped
from common.urls import absolute_url


def uid(kind, obj):
    """A UID that stays when the site moves (RFC 7986 recommends a UUID): from the row's key and creation time."""
    return str(stable_uuid(kind, obj.pk, obj.created_at.isoformat()))


# The events of the calendar subscription (events/calendar.ics): every meeting to come at this portal's pace (a
# few dozen a year) and the latest past ones, some years of them; a calendar app polls it every few hours, and all
# 504 events of the archive with their sessions took 170 ms and 245 KB each time. Older events keep their own.
CALENDAR_EVENTS = 100


def subscription_description():
    """What the calendar subscription holds, in the active language: it says where the events it leaves out are."""
    return gettext(
        "Events to come and under way, then the latest past ones. Earlier events are on the portal, %(url)s, each "
        "with a calendar of its own."
    ) % {"url": absolute_url(reverse("events:list"))}


def new_calendar(name, description=""):
    calendar = Calendar()
    calendar.add("prodid", "-//HLD Portal//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # RFC 7986's NAME and DESCRIPTION, and the names most calendar apps read: TEXT, its commas, semicolons and
    # backslashes escaped, which icalendar does only for the properties it knows (DESCRIPTION, not NAME). An event
    # named "Consultation, 1" unescaped was named "Consultation" by vobject, which splits TEXT at its commas.
    calendar.add("name", vText(name))
    calendar.add("x-wr-calname", vText(name))
    if description:
        calendar.add("description", description)
        calendar.add("x-wr-caldesc", vText(description))
    return calendar


def place(*parts):
    return ", ".join(part for part in parts if part)


def paragraphs(*texts):
    """The non-empty ``texts`` as one text, a blank line apart."""
    return "\n\n".join(text for text in texts if text)


def add_revision(entry, obj, changed):
    """When the information of ``obj``'s entry last ``changed``: without a METHOD, DTSTAMP is that moment (RFC 5545,
    3.8.7.2), stable output; and a SEQUENCE that grows with every change (the seconds from its creation), by which
    calendar apps take an entry imported again for a newer version of the one they hold (3.8.7.4)."""
    entry.add("dtstamp", changed)
    entry.add("last-modified", changed)
    entry.add("sequence", max(0, int((changed - obj.created_at).total_seconds())))


def event_entry(event):
    entry = CalendarEvent()
    entry.add("uid", uid("event", event))
    add_revision(entry, event, event.updated_at)
    entry.add("dtstart", event.start_date)
    # All-day entries end on the day after their last day (RFC 5545, 3.6.1).
    entry.add("dtend", event.end_date + datetime.timedelta(days=1))
    entry.add("summary", event.title)
    entry.add("location", place(event.venue, event.city, event.country.name if event.country else ""))
    webcast = gettext("Webcast: %(address)s") % {"address": event.live_stream_url} if event.live_stream_url else ""
    entry.add("description", paragraphs(event.theme, plain_text(event.summary, link_targets=True), webcast))
    entry.add("url", absolute_url(event.get_absolute_url()))
    add_webcast(entry, event)
    entry.add("status", "CONFIRMED")
    entry.add("transp", "TRANSPARENT")
    return entry


def add_webcast(entry, event):
    """The webcast as RFC 7986's CONFERENCE, which calendar apps offer to join."""
    if event.live_stream_url:
        entry.add("conference", vUri(event.live_stream_url), parameters={"VALUE": "URI", "FEATURE": "VIDEO"})


def local_moment(day, time, zone):
    """``time`` on ``day`` in ``zone``. A time the clocks skip (the hour lost when summer time starts) is written as
    the instant RFC 5545 (3.3.5) makes of it, with the offset before the gap, in UTC: calendar apps read such a local
    time differently (ics an hour earlier than icalendar and vobject)."""
    moment = datetime.datetime.combine(day, time, tzinfo=zone)
    return moment.astimezone(datetime.UTC) if is_skipped(day, time, zone) else moment


def session_entry(session, event):
    """``session`` of ``event`` (passed in so that no query runs per session)."""
    entry = CalendarEvent()
    entry.add("uid", uid("session", session))
    # Its event's venue, city, title and time zone are in it too.
    add_revision(entry, session, max(session.updated_at, event.updated_at))
    if session.start_time:
        zone = zoneinfo.ZoneInfo(event.time_zone)
        entry.add("dtstart", local_moment(session.date, session.start_time, zone))
        if session.end_time:
            entry.add("dtend", local_moment(session.end_day, session.end_time, zone))
    else:
        entry.add("dtstart", session.date)
        entry.add("dtend", session.date + datetime.timedelta(days=1))
    entry.add("summary", f"{session.title} – {event.short_title or event.title}")
    entry.add("location", place(session.room, event.venue, event.city))
    entry.add("description", paragraphs(session.theme, plain_text(session.description, link_targets=True)))
    entry.add("url", absolute_url(session.get_absolute_url()))
    add_webcast(entry, event)
    entry.add("related-to", uid("event", event))
    entry.add("status", "CONFIRMED")
    return entry


def add_time_zones(calendar, days):
    """The VTIMEZONE of every zone the entries use, over the years of ``days``.

    Each change of offset is its own observance (DTSTART, no RDATE list): every parser tried reads RDATE lists
    differently (vobject takes only their first date), and this form is what they all agree on.
    """
    if not days:
        return
    calendar.add_missing_timezones(
        first_date=datetime.date(min(days).year, 1, 1), last_date=datetime.date(max(days).year + 1, 1, 1)
    )
    for zone in calendar.timezones:
        for observance in list(zone.subcomponents):
            for dates in always_list(observance.pop("RDATE", [])):
                for moment in dates.dts:
                    single = type(observance)()
                    for key, value in observance.items():
                        if key != "DTSTART":
                            single[key] = value
                    single.add("dtstart", moment.dt)
                    zone.add_component(single)


def always_list(value):
    return value if isinstance(value, list) else [value]


def events_calendar(events, name, description=""):
    """``events`` (their published sessions prefetched, see ``with_sessions()``), each with its dated sessions."""
    calendar = new_calendar(name, description)
    days = []
    for event in events:
        calendar.add_component(event_entry(event))
        for session in event.sessions.all():
            if session.date:
                calendar.add_component(session_entry(session, event))
                days.append(session.date)
    add_time_zones(calendar, days)
    return calendar


def session_calendar(session, name):
    calendar = new_calendar(name)
    calendar.add_component(session_entry(session, session.event))
    add_time_zones(calendar, [session.date])
    return calendar
