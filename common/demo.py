"""Helpers for the demo content of every app: translated values, links between pages, idempotent writes."""

import re

from django.db import models
from django.urls import reverse
from django.utils import translation

from common.fields import RichTextField

LANGUAGES = ("en", "fr", "es")
PUBLISHED = "published"

_LINK_RE = re.compile(r'href="(event|doc):([a-z0-9-]+)"')
_LINK_VIEWS = {"event": "events:detail", "doc": "documents:detail"}


def resolve_links(text, lang):
    """Turn ``href="event:<slug>"`` and ``href="doc:<slug>"`` into the portal's address in ``lang``."""
    with translation.override(lang):
        return _LINK_RE.sub(lambda m: f'href="{reverse(_LINK_VIEWS[m[1]], kwargs={"slug": m[2]})}"', text)


def localise(data, exclude=()):
    """Field values for a model: ``{"title": {"en": ...}}`` becomes ``title_en``, ``title_fr``, ``title_es``."""
    values = {}
    for key, value in data.items():
        if key in exclude:
            continue
        if isinstance(value, dict):
            for lang in LANGUAGES:
                values[f"{key}_{lang}"] = resolve_links(value[lang], lang)
        else:
            values[key] = value
    return values


def _stored_form(model, name, value):
    """The value as the database will hold it: rich text is sanitised on save."""
    field = model._meta.get_field(name)
    if isinstance(field, RichTextField) and value:
        return field.sanitize(value)
    if isinstance(field, models.ForeignKey) and isinstance(value, models.Model):
        return value.pk
    return value


def upsert(model, lookup, values):
    """``update_or_create``, skipped when the row already holds these values, so a second run writes nothing."""
    obj = model.objects.filter(**lookup).first()
    if obj is not None and all(
        getattr(obj, model._meta.get_field(name).attname) == _stored_form(model, name, value)
        for name, value in values.items()
    ):
        return obj
    obj, _created = model.objects.update_or_create(defaults=values, **lookup)
    return obj
