"""Events as iCalendar (RFC 5545), for calendars and feed readers."""

import datetime

from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from common.urls import absolute_url, site_domain


def events_calendar(events, request):
    calendar = Calendar()
    calendar.add("prodid", "-//HLD Portal//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "HLD Portal")
    stamp = timezone.now()
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", f"event-{event.pk}@{site_domain()}")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", event.start_date)
        # All-day events end on the day after their last day (RFC 5545, 3.6.1).
        entry.add("dtend", event.end_date + datetime.timedelta(days=1))
        entry.add("summary", event.title)
        entry.add("location", ", ".join(part for part in (event.venue, event.city) if part))
        entry.add("description", strip_tags(event.summary or "").strip())
        entry.add("url", absolute_url(event.get_absolute_url()))
        entry.add("last-modified", event.updated_at)
        calendar.add_component(entry)
    return calendar
