"""Pieces every content model shares: the publishing switch and its queries."""

from functools import cache

from django.conf import settings
from django.db import migrations, models
from django.db.models import CharField, F, Min, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .compiled import building_clock


def with_translations(*names, prefix=""):
    """Field names with their per-language columns ("body", "body_en", "body_fr"...), e.g. to defer long texts."""
    return [
        f"{prefix}{name}{suffix}" for name in names for suffix in ("", *(f"_{code}" for code, _ in settings.LANGUAGES))
    ]


def in_active_language(name):
    """A translated field's text in the active language, or in the default language where it has none, worked out by
    the database: what modeltranslation's fallback gives a ``values_list()``, which read every language of each row
    in Python and cost twice its query (the library's filter of fifty events)."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    language = get_language()
    if language == default:
        return F(f"{name}_{default}")
    return Coalesce(NullIf(F(f"{name}_{language}"), Value("")), F(f"{name}_{default}"), output_field=CharField())


class ChoiceLabels:
    """``get_FOO_display()`` as a dictionary lookup, for the fields whose choices are a fixed list (enumerations).

    Django's own builds a dictionary of every choice on each call, translating every label to hash it; lists call
    it once a row (a document's type, a link's role), and it cost more than the rest of the row. Choices worked out
    when asked (a country field's) keep Django's way.
    """

    def _get_FIELD_display(self, field):
        if not isinstance(field.choices, list):
            return super()._get_FIELD_display(field)
        value = getattr(self, field.attname)
        return force_str(choice_labels(field).get(value, value), strings_only=True)


def choice_labels(field):
    """A field's choice labels by value: made once for a fixed list of choices (their labels are translated when
    shown), anew for choices worked out when asked (a country field's)."""
    return _fixed_labels(field) if isinstance(field.choices, list) else dict(field.flatchoices)


@cache
def _fixed_labels(field):
    return dict(field.flatchoices)


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def now():
    """The time querysets compare with: the clock, or a stand-in while a CompiledQuery builds (common/compiled.py)."""
    return building_clock.get() or timezone.now()


def published_q(through=""):
    """What ``published()`` asks, of the rows reached through ``through`` ("event__"): a condition on the join the
    query makes anyway, where a subquery (``event__in=Event.objects.published()``) is a second query to build."""
    return Q(**{f"{through}status": PublicationStatus.PUBLISHED}) & (
        Q(**{f"{through}publish_from__isnull": True}) | Q(**{f"{through}publish_from__lte": now()})
    )


class PublishableQuerySet(models.QuerySet):
    """Queries on the publishing state; the clock is read once per call."""

    def published(self):
        return self.filter(published_q())

    def visible(self, preview):
        """Everything for an editor's preview, else what is published."""
        return self if preview else self.published()

    def drafts(self):
        return self.filter(status=PublicationStatus.DRAFT)

    def scheduled(self):
        return self.filter(status=PublicationStatus.PUBLISHED, publish_from__gt=now())

    def next_moment(self, *fields):
        """The soonest value of the date-time ``fields`` still to come in these rows, or None."""
        now = timezone.now()
        moments = [self.filter(**{f"{name}__gt": now}).aggregate(first=Min(name))["first"] for name in fields]
        return min((moment for moment in moments if moment), default=None)


class PublishedAtField(models.DateTimeField):
    """When an editor made the item public (its status set to published): set as the row is written, by save(),
    bulk_create() or COPY alike, as ``auto_now`` is; cleared when it returns to draft, set anew when published again.
    The feeds date an item from it (or from a later ``publish_from``): a draft created weeks before it was published
    is news the day it is published."""

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if model_instance.status != PublicationStatus.PUBLISHED:
            value = None
        elif value is None:
            value = timezone.now()
        setattr(model_instance, self.attname, value)
        return value


def published_when_created(*tables):
    """The migration step that follows adding ``published_at`` to the models of ``tables``: their rows published
    before it was recorded count as published when they were created, as the feeds dated them until then."""
    return migrations.RunSQL(
        [f"UPDATE {table} SET published_at = created_at WHERE status = 'published'" for table in tables],
        migrations.RunSQL.noop,
        elidable=True,
    )


class Publishable(models.Model):
    """A model the public sees only once an editor publishes it, and only from its publish time on."""

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PublicationStatus,
        default=PublicationStatus.DRAFT,
        help_text=_("Drafts are visible only to staff, through the preview."),
    )
    publish_from = models.DateTimeField(
        _("publish from"),
        null=True,
        blank=True,
        help_text=_("Leave empty to publish at once; set a date and time to publish later."),
    )
    published_at = PublishedAtField(_("published"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_published(self):
        return self.status == PublicationStatus.PUBLISHED and (
            self.publish_from is None or self.publish_from <= timezone.now()
        )
