"""Events and sessions as schema.org Events (JSON-LD), as search engines read them.

The event lists its sessions as ``subEvent``; each session names its event as ``superEvent``. A meeting with a
webcast is attended in person and online: its locations are the venue and the webcast (VirtualLocation).
"""

import datetime
import zoneinfo

from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import get_language

from common.text import plain_text
from common.urls import absolute_url

SCHEDULED = "https://schema.org/EventScheduled"
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"
MIXED = "https://schema.org/MixedEventAttendanceMode"
ONLINE = "https://schema.org/OnlineEventAttendanceMode"


def share_image(*owners):
    """The lead photo of the first of ``owners`` (a session, its event) that has one, else the site's share image:
    the one its page's Open Graph image shows."""
    for owner in owners:
        if owner.image:
            return absolute_url(owner.image_url)
    return absolute_url(static("img/share.png"))


def place(event, room=""):
    return {
        "@type": "Place",
        "name": ", ".join(part for part in (room, event.venue or event.city) if part),
        "address": {
            "@type": "PostalAddress",
            "addressLocality": event.city,
            **({"addressCountry": event.country.code} if event.country else {}),
        },
    }


def locations(event, room=""):
    """The venue, and the webcast where the meeting was streamed."""
    venue = place(event, room)
    if not event.live_stream_url:
        return venue
    return [venue, {"@type": "VirtualLocation", "url": event.live_stream_url}]


def attendance_mode(event):
    """In person at a place, online through the webcast, or both: a meeting with a webcast and no place is online."""
    if not event.live_stream_url:
        return OFFLINE
    return MIXED if compact(place(event)) else ONLINE


def compact(value):
    """``value`` without its empty parts, at any depth: None, "", [], and objects with nothing but a type (a Place
    of an event whose place is not given). Search engines read an empty value as a wrong one."""
    if isinstance(value, dict):
        kept = {key: part for key, item in value.items() if (part := compact(item)) not in (None, "", [])}
        return kept if set(kept) - {"@type"} else None
    if isinstance(value, list):
        return [part for item in value if (part := compact(item)) not in (None, "", [])]
    return value


def organizer(event):
    if not event.organiser:
        return None
    return {
        "@type": "Organization",
        "name": event.organiser,
        **({"url": event.organiser_url} if event.organiser_url else {}),
    }


def session_times(session, event):
    """``startDate``/``endDate`` of a session: instants with the venue's offset where the time is known."""
    if not session.date:
        return {}
    if not session.start_time:
        return {"startDate": session.date.isoformat(), "endDate": session.date.isoformat()}
    zone = zoneinfo.ZoneInfo(event.time_zone)
    times = {"startDate": datetime.datetime.combine(session.date, session.start_time, tzinfo=zone).isoformat()}
    if session.end_time:
        times["endDate"] = datetime.datetime.combine(session.end_day, session.end_time, tzinfo=zone).isoformat()
    return times


def has_location(event):
    """Whether ``event`` has a place or a webcast: Google requires an Event's location, and refuses the whole item
    without one, so a meeting whose place is not given yet is no Event for search engines."""
    return bool(compact(locations(event)))


def text_language(obj):
    """The language of ``obj``'s title as the page shows it: the active one, or English where it is the fallback."""
    language = get_language()
    return language if getattr(obj, f"title_{language}", None) else settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def common(event, url, image, named):
    return {
        "@type": "Event",
        "@id": f"{url}#event",
        "url": url,
        "eventStatus": SCHEDULED,
        "eventAttendanceMode": attendance_mode(event),
        "organizer": organizer(event),
        "image": [image],
        "inLanguage": text_language(named),
    }


def session_summary(session, event):
    """A session as its event's ``subEvent``; the session's page gives it in full."""
    url = absolute_url(session.get_absolute_url())
    return {
        **common(event, url, share_image(event), session),
        "name": f"{session.title} – {event.title}",
        **session_times(session, event),
        "location": locations(event, session.room),
    }


def end_date(event):
    """The event's last day, or the end of the meeting that runs past its last midnight (Event.last_moment), which
    its state and its sessions' entries follow."""
    midnight = event.midnight_after_last_day()
    if event.ends_at and event.ends_at > midnight:
        return event.ends_at.astimezone(midnight.tzinfo).isoformat()
    return event.end_date.isoformat()


def event_data(event, sessions):
    """The event with its (published) ``sessions``; None for an event without a place or a webcast."""
    if not has_location(event):
        return None
    url = absolute_url(event.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        **common(event, url, share_image(event), event),
        "name": event.title,
        "description": plain_text(event.summary) or event.theme,
        "startDate": event.start_date.isoformat(),
        "endDate": end_date(event),
        "location": locations(event),
        "subEvent": [session_summary(session, event) for session in sessions if session.date],
    }
    if event.parent_id and event.parent.is_published() and has_location(event.parent):
        data["superEvent"] = super_event(event.parent)
    return compact(data)


def super_event(event):
    """The larger event, complete enough to stand as an Event of its own (name, dates, place): search engines check
    every Event they find, nested ones included."""
    url = absolute_url(event.get_absolute_url())
    return {
        "@type": "Event",
        "@id": f"{url}#event",
        "name": event.title,
        "url": url,
        "startDate": event.start_date.isoformat(),
        "endDate": end_date(event),
        "location": locations(event),
    }


def session_data(session):
    """The session as an Event within its event; None for a session without a date, which no Event can be (a
    startDate is required), or whose event has no place or webcast."""
    event = session.event
    if not session.date or not has_location(event):
        return None
    data = {
        "@context": "https://schema.org",
        **session_summary(session, event),
        "image": [share_image(session, event)],
        "description": session.theme or plain_text(session.description),
        "superEvent": super_event(event),
    }
    return compact(data)
