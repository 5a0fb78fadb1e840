from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers, get_conditional_response
from django.utils.functional import SimpleLazyObject
from django.utils.http import quote_etag
from django.utils.translation import gettext
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, View

from common.compiled import CompiledQuery
from common.pagination import BoundedPaginator, CompiledList, InTurn, NearestPageMixin
from common.text import printable
from common.views import PublishedMixin, can_preview, with_content_etag
from delivery.downloads import stored_file_response

from . import pages as event_page
from . import schema_org
from .calendar import CALENDAR_EVENTS, events_calendar, session_calendar, subscription_description
from .models import IMAGE_TYPES, SESSION_KIND_PLURALS, Event, EventState, Session, SessionKind

# The events list's two parts, compiled once (common/compiled.py).
UPCOMING_EVENTS = CompiledList(Event, lambda: Event.objects.published().cards().upcoming(), prepared=True)
PAST_EVENTS = CompiledList(Event, lambda: Event.objects.published().cards().past(), prepared=True)


class EventListView(NearestPageMixin, ListView):
    """Upcoming and current events first, soonest first; then past events, latest first: in pages, so that a page
    costs the same at ten events as at thousands (common/pagination.py)."""

    template_name = "events/event_list.html"
    paginate_by = 20
    paginator_class = BoundedPaginator
    cached_query_params = ("page",)

    def get_queryset(self):
        return InTurn(UPCOMING_EVENTS.pages(), PAST_EVENTS.pages())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context["upcoming_events"] = [event for event in page if event.state != EventState.PAST]
        context["past_events"] = [event for event in page if event.state == EventState.PAST]
        return context


# An event page's own queries, compiled once (common/compiled.py): building them cost a cold page more than running.
EVENT_SESSIONS = CompiledQuery(
    lambda event, preview: Session.objects.visible(preview).listed().filter(event=event).order_by("order", "pk"),
    event="key",
    preview="choice",
    prepared=True,
)
RELATED_MEETINGS = CompiledQuery(
    lambda event, preview: Event.objects.visible(preview).cards().related_to(event),
    event="key",
    preview="choice",
    prepared=True,
)


class EventDetailView(PublishedMixin, DetailView):
    model = Event
    template_name = "events/event_detail.html"
    compiled_object = CompiledQuery(
        lambda slug, preview: Event.objects.visible(preview).filter(slug=slug),
        slug="text",
        preview="choice",
        prepared=True,
    )

    def get_context_data(self, **kwargs):
        # What the page's body shows is read on first use: a body served from its fragment needs none of it.
        return super().get_context_data(page=SimpleLazyObject(lambda: self.page(self.object)), **kwargs)

    def page(self, event):
        """The sessions, related meetings and what documents and submissions add (events/pages.py) of ``event``."""
        sessions = EVENT_SESSIONS(event=event.pk, preview=self.is_preview(Session))
        for session in sessions:
            session.event = event  # as a prefetch would: their addresses name it
        return {
            "session_groups": [
                (SESSION_KIND_PLURALS[kind], group)
                for kind in SessionKind
                if (group := [session for session in sessions if session.kind == kind])
            ],
            "related_meetings": RELATED_MEETINGS(event=event.pk, preview=self.is_preview()),
            "schema": schema_org.event_data(event, sessions),
            **event_page.context(event),
        }


def session_page(slug, event_slug, preview, event_preview):
    """The session a page shows, with its event: drafts of each for an editor's preview of it."""
    events = Event.objects.visible(event_preview)
    return (
        Session.objects.visible(preview)
        .select_related("event")
        .filter(slug=slug, event__slug=event_slug, event__in=events)
    )


# The slots of a session page's compiled query (session_page).
SESSION_SLOTS = {"slug": "text", "event_slug": "text", "preview": "choice", "event_preview": "choice"}


class SessionDetailView(PublishedMixin, DetailView):
    model = Session
    template_name = "events/session_detail.html"
    compiled_object = CompiledQuery(session_page, **SESSION_SLOTS, prepared=True)

    def object_slots(self):
        return {
            **super().object_slots(),
            "event_slug": self.kwargs["event_slug"],
            "event_preview": self.is_preview(Event),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(schema=schema_org.session_data(self.object), **kwargs)


class EventCalendarView(View):
    """One event and its published sessions as an iCalendar file."""

    def get(self, request, slug):
        event = get_object_or_404(Event.objects.published().with_sessions(), slug=slug)
        return calendar_response(events_calendar([event], event.title), f"{event.slug}.ics")


class SessionCalendarView(View):
    """One session as an iCalendar file."""

    def get(self, request, event_slug, slug):
        session = get_object_or_404(
            Session.objects.published()
            .select_related("event")
            .filter(event__in=Event.objects.published(), date__isnull=False),
            event__slug=event_slug,
            slug=slug,
        )
        return calendar_response(session_calendar(session, session.event.title), f"{event_slug}-{slug}.ics")


class CalendarFeedView(View):
    """The events to come and the latest past ones, with their published sessions, as an iCalendar feed."""

    def get(self, request):
        events = Event.objects.published().in_calendar(CALENDAR_EVENTS)
        calendar = events_calendar(events, gettext(settings.SITE_NAME), subscription_description())
        return calendar_response(calendar, "events.ics")


def calendar_response(calendar, filename):
    """The calendar as a file, validated by its text as feeds and sitemaps are (calendar apps poll it). Without the
    control characters iCalendar's text cannot hold (one pasted into a title made calendar apps refuse the file)."""
    response = HttpResponse(printable(calendar.to_ical().decode()), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return with_content_etag(response)


@require_safe
def lead_image(request, name):
    """The lead photo ``name`` of a published event or session (or of a draft, for an editor who may preview it)."""
    path = f"lead-images/{name}"
    extension = name.rpartition(".")[2].lower()
    if "/" in name or extension not in IMAGE_TYPES:
        raise Http404
    public_events = Event.objects.published()
    owner = photo_owner(path, public_events, Session.objects.published().filter(event__in=public_events))
    if owner is None:
        # A photo in a draft is seen by those who may preview that draft, in the admin or a preview page, and kept
        # by no cache between them and the site.
        events = Event.objects.all() if can_preview(request.user, Event) else Event.objects.none()
        sessions = Session.objects.all() if can_preview(request.user, Session) else Session.objects.none()
        owner = photo_owner(path, events, sessions)
        if owner is None:
            raise Http404
        response = stored_file_response(owner.image, content_type=IMAGE_TYPES[extension], as_attachment=False)
        add_never_cache_headers(response)
        return response
    # A name is one upload's (lead_image_upload_to), so it is its own validator. No lifetime of its own (it had an
    # hour, and outlived its withdrawn page by as much in nginx and browsers): nginx keeps it its micro-cache's few
    # seconds, as it keeps pages, and answers browsers' revalidations with 304 from there.
    etag = quote_etag(name)
    response = get_conditional_response(request, etag=etag) or stored_file_response(
        owner.image, content_type=IMAGE_TYPES[extension], as_attachment=False
    )
    response["ETag"] = etag
    return response


def photo_owner(path, events, sessions):
    """The event or session among ``events`` and ``sessions`` whose lead photo is stored at ``path``, or None."""
    return events.filter(image=path).first() or sessions.filter(image=path).first()
