import datetime
import uuid
import zoneinfo
from functools import partial
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Case, F, Prefetch, Q, Value, When, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from common import times
from common.countries import CountryField
from common.fields import RichTextField, URLField
from common.models import ChoiceLabels, PublicationStatus, Publishable, PublishableQuerySet, now
from common.search import SearchedFields, SearchMixin
from common.urls import page_urls, slug_addresses
from uploads.checks import refuse_if_infected
from uploads.names import display_name
from uploads.scanning import scan

TIME_ZONE_NAMES = frozenset(zoneinfo.available_timezones())
TIME_ZONE_CHOICES = [(name, name) for name in sorted(TIME_ZONE_NAMES)]


class EventState(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    UNDER_WAY = "under_way", _("Under way")
    PAST = "past", _("Past")


def lead_image_upload_to(instance, filename):
    # A random name: the file's own name says nothing a visitor needs and may collide.
    return f"lead-images/{uuid.uuid4().hex}.{filename.rpartition('.')[2].lower()[:5]}"


# The types a lead photo may be, by the extension it is stored under (lead_image_upload_to), and the type the site
# serves it as (views.lead_image): one table, so that no photo is accepted that the site would not show.
IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}

# On the model field and on its form field, where it replaces Django's list of every type Pillow reads.
validate_lead_image_extension = FileExtensionValidator(list(IMAGE_TYPES))

# What Pillow names each of those types: a camera's JPEG holding more than one picture is "MPO" to Pillow, a JPEG to
# browsers.
PILLOW_FORMATS = {"image/png": {"PNG"}, "image/jpeg": {"JPEG", "MPO"}, "image/gif": {"GIF"}, "image/webp": {"WEBP"}}

# The most pixels a lead photo may have. A browser holds every pixel of a photo it shows, 4 bytes each, whatever the
# file's size: 32 KB of 1-bit PNG of 12,000 x 12,000 pixels cost each visitor 576 MB. 40 million pixels (160 MB) still
# let the full-size photo of most cameras through.
LEAD_IMAGE_MAX_PIXELS = 40_000_000


def check_lead_image(upload):
    """Raise ValidationError unless the new upload ``upload``, read by Django's ImageField (``upload.image``), is the
    type its name says, of at most LEAD_IMAGE_MAX_PIXELS, and not found infected by clamd (when scanning is on).

    A name of a type the site does not serve is left to ``validate_lead_image_extension``, which refuses it.
    """
    extension = PurePath(upload.name).suffix[1:].lower()
    if extension not in IMAGE_TYPES:
        return
    name = display_name(upload.name)
    found = upload.image.format
    if found not in PILLOW_FORMATS[IMAGE_TYPES[extension]]:
        raise ValidationError(
            _("The photo “%(name)s” is a %(found)s image but its name ends in .%(extension)s."),
            code="type_mismatch",
            params={"name": name, "found": found, "extension": extension},
        )
    width, height = upload.image.size
    if width * height > LEAD_IMAGE_MAX_PIXELS:
        raise ValidationError(
            _(
                "The photo “%(name)s” is %(width)s × %(height)s pixels: more than %(limit)s million pixels, too many "
                "for visitors’ browsers to show. Make it smaller and upload it again."
            ),
            code="too_many_pixels",
            params={"name": name, "width": width, "height": height, "limit": LEAD_IMAGE_MAX_PIXELS // 1_000_000},
        )
    # As documents are scanned in the admin (uploads.checks.check_upload): refused when infected, stored when
    # scanning is off or the scanner gives no verdict.
    refuse_if_infected(scan(upload), name=name)


class LeadImageFormField(forms.ImageField):
    """A lead photo in a form: each new upload checked by ``check_lead_image`` once Django has read it with Pillow.
    Only an upload comes to ``to_python``, never the photo already stored, so a photo is scanned once."""

    default_validators = [validate_lead_image_extension]

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is not None:
            check_lead_image(upload)
        return upload


class LeadImageField(models.ImageField):
    """An ImageField whose forms, the admin's among them, check new uploads (LeadImageFormField)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": LeadImageFormField, **kwargs})


class LeadImage(models.Model):
    """A lead photo with its caption, credit and alternative text, as UN pages show one above their text."""

    image = LeadImageField(
        _("lead photo"),
        upload_to=lead_image_upload_to,
        blank=True,
        validators=[validate_lead_image_extension],
        help_text=_("Shown at the top of the page. Use a photo you have the right to publish."),
    )
    image_caption = models.CharField(
        _("caption"), max_length=300, blank=True, help_text=_("Shown under the photo, e.g. what and where it shows.")
    )
    image_credit = models.CharField(
        _("credit"), max_length=200, blank=True, help_text=_("Who took the photo, e.g. “UN Photo/Name”.")
    )
    image_alt = models.CharField(
        _("alternative text"),
        max_length=300,
        blank=True,
        help_text=_("What the photo shows, for people who cannot see it. Required with a photo."),
    )

    class Meta:
        abstract = True

    @property
    def image_url(self):
        """Where visitors get the photo: a view that serves it while its page is public (never a plain file)."""
        return reverse("lead_image", kwargs={"name": self.image.name.rpartition("/")[2]}) if self.image else ""

    def clean(self):
        super().clean()
        # Required in the default language, which the others fall back to; and named as modeltranslation names that
        # language's field, the only one a form has (a form has no "image_alt" to show the message under).
        alt = f"image_alt_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}"
        if self.image and not getattr(self, alt):
            raise ValidationError(
                {alt: ValidationError(_("Describe the photo for people who cannot see it."), code="image_alt_missing")}
            )


def published_sessions():
    """An event's published sessions in their order, as its ``sessions``."""
    return Prefetch("sessions", queryset=Session.objects.published().order_by("order", "pk"))


class EventQuerySet(SearchMixin, PublishableQuerySet):
    # Each ordered to its last column, so that pages of a list neither repeat nor skip an event.
    def upcoming(self):
        """Events that have not ended yet, those under way included, soonest first.

        The few that have not ended are found by the index on ``ends_at`` and sorted; walked along the index on
        dates, the list would pass every past event first (18 ms at 10,000 events, against 2 ms).
        """
        return self.filter(ends_at__gt=now()).order_by("starts_at", "pk")

    def under_way(self):
        moment = now()
        return self.filter(starts_at__lte=moment, ends_at__gt=moment)

    def past(self):
        """Events that have ended, most recent first: along the index on dates (Meta.indexes), which the home page
        and the library's event filter walk too, stopping at a page."""
        return self.filter(ends_at__lte=now()).order_by("-start_date", "-pk")

    def with_sessions(self):
        """Prefetch each event's published sessions in their order."""
        return self.prefetch_related(published_sessions())

    def in_calendar(self, count):
        """The ``count`` events a calendar subscription holds, in order of their dates, their published sessions
        prefetched: those not ended yet (all of them, up to ``count``), then the latest past ones, as the events
        page lists them. Each read along an index (event_ends, event_start_date), whatever the number of events."""
        upcoming = list(self.upcoming()[:count])
        past = list(self.past()[: count - len(upcoming)])
        events = sorted(past + upcoming, key=lambda event: (event.start_date, event.pk))
        prefetch_related_objects(events, published_sessions())
        return events

    def featured(self):
        return self.filter(is_featured=True)

    def cards(self):
        """Only what an event's card and links show (events/templatetags/event_cards.py) and its ``state``: an event
        has some eighty columns, most of them long texts in every language, and reading them all cost most of a
        list's time."""
        return self.only("slug", "title", "start_date", "end_date", "starts_at", "ends_at", "city", "summary")

    def related_to(self, event):
        """The meetings held within ``event`` first, then the other meetings related to it, each by date: one query."""
        within = Q(parent=event)
        related = Q(pk__in=Event.related_events.through.objects.filter(to_event=event).values("from_event"))
        return self.filter(within | related).order_by(Case(When(within, then=Value(0)), default=Value(1)), "start_date")


class Event(LeadImage, Publishable):
    """A meeting with dates and a place: the HLD itself, or a meeting around it."""

    searched_fields = SearchedFields(("title", "theme", "summary", "body", "city", "post_event_summary"), ("hashtag",))

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, help_text=_("The event's address: lowercase letters, digits, hyphens.")
    )
    short_title = models.CharField(
        _("short title"), max_length=80, blank=True, help_text=_("Used in menus and breadcrumbs, e.g. “2013 HLD”.")
    )
    name_in_text = models.CharField(
        _("name in a sentence"),
        max_length=120,
        blank=True,
        help_text=_(
            "How a sentence names the event, with its article: “the Dialogue”, “le Dialogue”, “el Diálogo”. "
            "Used in links such as “Back to the Dialogue”."
        ),
    )
    theme = models.TextField(
        _("official theme"),
        blank=True,
        help_text=_(
            "The official theme, quoted exactly as the mandating resolution words it, without quotation marks."
        ),
    )
    summary = RichTextField(
        _("summary"), help_text=_("One or two paragraphs shown in lists and at the top of the page.")
    )
    body = RichTextField(_("body"))
    post_event_summary = RichTextField(
        _("post-event summary"),
        help_text=_("Shown first once the event has ended; the announcement (summary and body) stays below it."),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=TIME_ZONE_CHOICES,
        default="America/New_York",
        help_text=_("The time zone of the venue; the dates are days in this zone."),
    )
    # The instants the dates stand for in the event's time zone, kept for queries; set on save.
    starts_at = models.DateTimeField(editable=False)
    ends_at = models.DateTimeField(editable=False)
    venue = models.CharField(_("venue"), max_length=200, blank=True, help_text=_("E.g. “United Nations Headquarters”."))
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = CountryField(_("country"), blank=True)
    organiser = models.CharField(
        _("organiser"), max_length=200, blank=True, help_text=_("E.g. “United Nations General Assembly”.")
    )
    organiser_url = URLField(
        _("organiser's website"), blank=True, help_text=_("E.g. “https://www.un.org/en/ga/”; search engines show it.")
    )
    session_label = models.CharField(
        _("session of the organ"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “68th session of the General Assembly”."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text=_("The larger event this one prepares or belongs to."),
    )
    related_events = models.ManyToManyField("self", verbose_name=_("related events"), blank=True, symmetrical=True)
    live_stream_url = URLField(_("live stream address"), blank=True)
    hashtag = models.CharField(
        _("hashtag"), max_length=60, blank=True, help_text=_("For live tweets, without the # sign, e.g. “HLD2013”.")
    )
    recording_url = URLField(
        _("webcast recording address"),
        blank=True,
        help_text=_("The recording of the webcast, once the meeting is over (e.g. on UN Web TV)."),
    )
    video_summary_url = URLField(_("video summary address"), blank=True)
    is_featured = models.BooleanField(_("featured"), default=False, help_text=_("Featured events lead the home page."))

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="event_ends_after_it_starts"),
        ]
        indexes = [
            # Lists by date, latest first, walk it and stop at their page: past events, the home page, the library.
            models.Index(fields=["-start_date", "-id"], name="event_start_date"),
            # Events not ended yet, a few among thousands, without reading the archive of past ones: the upcoming
            # events of the list and of the calendar subscription (in_calendar).
            models.Index(fields=["ends_at"], name="event_ends"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        zone = zoneinfo.ZoneInfo(self.time_zone)
        self.starts_at = datetime.datetime.combine(self.start_date, datetime.time.min, tzinfo=zone)
        self.ends_at = self.last_moment()
        super().save(*args, **kwargs)

    # A function of each event giving its address (common.templatetags.portal.Rows).
    addresses = partial(slug_addresses, "events:detail")

    def get_absolute_url(self):
        return self.addresses()(self)

    def last_moment(self):
        """Midnight after its last day, or the next morning when the last of that day's published meetings that run
        past midnight ends: the event is under way until then, and its schema.org data end then (its calendar entry,
        a whole-day one, ends with its last day; the meeting's own entry runs to its end). A draft meeting nobody
        can see does not keep it under way (one scheduled to appear does, from now)."""
        night_end = None
        if self.pk is not None:
            sessions = Session.objects.filter(status=PublicationStatus.PUBLISHED)
            night = sessions.filter(RUNS_PAST_MIDNIGHT, event=self, date=self.end_date)
            night_end = night.aggregate(end=models.Max("end_time"))["end"]
        midnight = self.midnight_after_last_day()
        return datetime.datetime.combine(midnight.date(), night_end or datetime.time.min, tzinfo=midnight.tzinfo)

    def midnight_after_last_day(self):
        """The midnight that ends its last day, in its time zone."""
        next_day = self.end_date + datetime.timedelta(days=1)
        return datetime.datetime.combine(next_day, datetime.time.min, tzinfo=zoneinfo.ZoneInfo(self.time_zone))

    def sessions_changed(self):
        """Keep ``ends_at`` once a session was saved or deleted: one UPDATE, not the event's own save, whose signals
        would record its translations' progress again and mark it changed a second time."""
        Event.objects.filter(pk=self.pk).update(ends_at=self.last_moment())

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date cannot be before the start date.")}, code="end_before_start"
            )

    @property
    def state(self):
        now = timezone.now()
        if now < self.starts_at:
            return EventState.UPCOMING
        if now < self.ends_at:
            return EventState.UNDER_WAY
        return EventState.PAST

    @property
    def back_link_text(self):
        """ "Back to the Dialogue", "Retour au Dialogue", "Volver al Diálogo"; empty without a name in a sentence."""
        language = get_language()
        name = getattr(self, f"name_in_text_{language}", "") or ""
        if not name:
            return ""
        text = gettext("Back to %(name)s") % {"name": name}
        # French and Spanish contract the preposition with the article: à le -> au, à les -> aux, a el -> al.
        for long, short in (("à le ", "au "), ("à les ", "aux "), ("a el ", "al ")):
            text = text.replace(long, short, 1)
        return text

    @property
    def hashtag_url(self):
        return f"https://twitter.com/hashtag/{self.hashtag}" if self.hashtag else ""


# A session may run past midnight (a night meeting of the General Assembly) for at most this long, so that an end
# time typed earlier than the start by mistake (3 p.m. to 1 p.m.) is not taken for a meeting of 22 hours.
MAX_HOURS_PAST_MIDNIGHT = 12
NOON = datetime.time(12)
# A session that ends the next morning, as the database allows it: begun in the afternoon or evening, ended before noon.
RUNS_PAST_MIDNIGHT = Q(start_time__gte=NOON, end_time__lt=NOON)


class SessionKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary meeting")
    ROUND_TABLE = "round_table", _("Round table")
    SIDE_EVENT = "side_event", _("Side event")


SESSION_KIND_PLURALS = {
    SessionKind.PLENARY: _("Plenary meetings"),
    SessionKind.ROUND_TABLE: _("Round tables"),
    SessionKind.SIDE_EVENT: _("Side events"),
}


class SessionQuerySet(SearchMixin, PublishableQuerySet):
    def listed(self):
        """Only what an event's page shows of its sessions, in its list and its schema.org data."""
        return self.only("event", "kind", "slug", "title", "theme", "date", "start_time", "end_time", "room", "order")


class Session(ChoiceLabels, LeadImage, Publishable):
    """A part of an event: a plenary meeting, a round table or a side event."""

    searched_fields = SearchedFields(("title", "theme", "description", "chairs"))

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind, default=SessionKind.PLENARY)
    number = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, help_text=_("The official number, e.g. 2 for “Round Table 2”.")
    )
    slug = models.SlugField(_("slug"), max_length=120, help_text=_("The session's address within its event."))
    title = models.CharField(_("title"), max_length=300, help_text=_("E.g. “Round Table 2”."))
    theme = models.TextField(
        _("theme"), blank=True, help_text=_("The official theme, quoted exactly, without quotation marks.")
    )
    description = RichTextField(_("description"))
    date = models.DateField(_("date"), null=True, blank=True)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(
        _("end time"),
        null=True,
        blank=True,
        help_text=_("Earlier than the start time for a meeting that runs past midnight: it ends the next day."),
    )
    room = models.CharField(_("room"), max_length=200, blank=True)
    chairs = models.TextField(_("chairs"), blank=True, help_text=_("One chair or co-chair per line."))
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="session_slug_unique_in_event"),
            models.UniqueConstraint(fields=["event", "kind", "number"], name="session_number_unique_per_kind"),
            # Later the same day, or the next morning after a start in the afternoon or evening (at most
            # MAX_HOURS_PAST_MIDNIGHT, which clean() checks to the minute).
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | Q(end_time__gt=F("start_time"))
                | RUNS_PAST_MIDNIGHT,
                name="session_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.event.sessions_changed()  # a night meeting may move its end (Event.last_moment)

    def get_absolute_url(self):
        return self.addresses()(self)

    @staticmethod
    def addresses():
        """A function of each session giving its address, the shape looked up once (common.templatetags.portal.Rows)."""
        url = page_urls("events:session", "event_slug", "slug")
        return lambda session: url(session.event.slug, session.slug)

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        self.event.sessions_changed()
        return deleted

    @property
    def end_day(self):
        """The day the session ends: its date, or the next day for a night meeting that runs past midnight."""
        return times.end_day(self.date, self.start_time, self.end_time) if self.date else None

    def ends_within_a_night_of_starting(self):
        if self.end_time > self.start_time:
            return True
        start = datetime.datetime.combine(datetime.date.min, self.start_time)
        end = datetime.datetime.combine(datetime.date.min + datetime.timedelta(days=1), self.end_time)
        return end - start <= datetime.timedelta(hours=MAX_HOURS_PAST_MIDNIGHT)

    def clean(self):
        super().clean()
        errors = {}
        if self.start_time and self.end_time and not self.ends_within_a_night_of_starting():
            errors["end_time"] = ValidationError(
                _(
                    "The end time must be after the start time, or, for a meeting that runs past midnight, at most "
                    "%(hours)s hours after it on the next day."
                ),
                code="end_before_start",
                params={"hours": MAX_HOURS_PAST_MIDNIGHT},
            )
        # The event as its form gives it: a session added with a new event has it unsaved, with no key yet.
        event = getattr(self, "event", None)
        dates = (event.start_date, event.end_date) if event else (None, None)
        # Dates that are themselves wrong (an end before the start) are the event's own error, said there.
        if self.date and all(dates) and dates[0] <= dates[1] and not dates[0] <= self.date <= dates[1]:
            errors["date"] = ValidationError(
                _("The date must fall within the event's dates (%(start)s to %(end)s)."),
                code="date_outside_event",
                params={"start": date_format(dates[0]), "end": date_format(dates[1])},
            )
        if self.date and event and event.time_zone in TIME_ZONE_NAMES:
            zone = zoneinfo.ZoneInfo(event.time_zone)
            for name, day in (("start_time", self.date), ("end_time", self.end_day)):
                if getattr(self, name) and times.is_skipped(day, getattr(self, name), zone):
                    errors[name] = ValidationError(
                        _("The clocks go forward at this time on this day in %(zone)s: this time does not exist."),
                        code="time_skipped",
                        params={"zone": event.time_zone},
                    )
        if errors:
            raise ValidationError(errors)
