"""Pieces every content model shares: the publishing switch and its queries."""

import inspect
from functools import cache

from django.conf import settings
from django.db import migrations, models
from django.db.models import CharField, F, Min, Q, Value
from django.db.models.base import ModelState
from django.db.models.fields.files import FileDescriptor
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.functions import Coalesce, NullIf
from django.db.models.signals import post_init, pre_init
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.fields import TranslationFieldDescriptor

from .compiled import building_clock
from .countries import CountryAttribute


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


class QuickLoading:
    """Rows read from the database made into instances by filling their attributes, not through ``__init__``.

    Django's ``Model.__init__`` sets each column's value through its class attribute, and modeltranslation wraps it to
    rewrite keyword arguments a row from the database never has: a library page's 25 documents and their 75 versions
    spent more time there than in the rest of their rows. Loaded here (``from_db``, the hook Django documents for
    this), each value lands where those attributes would have put it on a new instance, the instance's ``__dict__``,
    and ``post_init`` is still sent. A model whose columns have other attributes, or with ``pre_init`` receivers
    (they are given the row's values as ``__init__`` arguments), loads Django's way.
    """

    @classmethod
    def from_db(cls, db, field_names, values):
        if pre_init.has_listeners(cls) or not _stored_as_given(cls):
            return super().from_db(db, field_names, values)
        new = cls.__new__(cls)
        state = new._state = ModelState()
        state.adding, state.db = False, db
        new.__dict__.update(zip(field_names, values, strict=True))
        post_init.send(sender=cls, instance=new)
        return new


# The attributes of columns that store a value given to a new instance as it is (modeltranslation's while the
# instance is built; a foreign key's, whose cache is still empty; a file's, read as a file when asked).
_AS_GIVEN = (ForeignKeyDeferredAttribute, FileDescriptor, TranslationFieldDescriptor, CountryAttribute)


@cache
def _stored_as_given(model):
    """Whether each column's class attribute keeps what a new instance is given in its ``__dict__``, unchanged."""
    for field in model._meta.concrete_fields:
        attribute = inspect.getattr_static(model, field.attname)
        if hasattr(attribute, "__set__") and not isinstance(attribute, _AS_GIVEN):
            return False
    return True


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


class Publishable(QuickLoading, models.Model):
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
