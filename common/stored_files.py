"""A row's stored files go with it: once its deletion is committed, its files leave their storage, unless the history
can still put them back.

Deleting a submission left its document on the disk until someone ran ``sweep_orphan_files``: a file its sender was
told was gone. The sweep still takes what this cannot: a file replaced by another upload, a row whose commit failed.

A file that a kept revision names (django-reversion's versions, which the admin's History and "Recover deleted"
restore) stays, as Wagtail keeps a revision's files: deleting it made "Recover" and "Revert" restore rows naming
files that no longer existed, whose downloads failed and which made every backup incomplete. Such files go once
their revisions are deleted (``manage.py deleterevisions``) and the sweep runs.
"""

import json
from functools import partial

import reversion
from django.apps import apps
from django.core import serializers
from django.core.serializers.base import DeserializationError
from django.db import transaction
from django.db.models import FileField, Q
from django.db.models.signals import post_delete
from reversion.models import Version as Revision


def file_fields(model):
    return [field for field in model._meta.concrete_fields if isinstance(field, FileField)]


def remove_files(sender, instance, using, **kwargs):
    for field in file_fields(sender):
        file = getattr(instance, field.name)
        if file:
            # After the commit: a deletion rolled back keeps its row, which must keep its file.
            transaction.on_commit(partial(remove_if_unnamed, sender, field.name, file.name, file.storage), using=using)


def remove_if_unnamed(model, field, name, storage):
    """Delete ``name`` from ``storage`` unless a row of ``model`` still names it (a row copied under a new key) or a
    kept revision does."""
    if not model._default_manager.filter(**{field: name}).exists() and not names_in_history(model, field, only=name):
        storage.delete(name)


def remove_files_with_their_rows():
    for model in apps.get_models():
        if file_fields(model):
            uid = f"remove-files-{model._meta.label}"
            post_delete.connect(remove_files, sender=model, weak=False, dispatch_uid=uid)


def names_in_history(model, field, *, only=None):
    """The file names ``field`` holds in the kept revisions of ``model``, or of them only ``only`` if given."""
    if not reversion.is_registered(model):
        return set()
    versions = Revision.objects.get_for_model(model)
    if only is not None:
        # Narrowed in the database to the versions holding the name as Django's JSON serializer writes it.
        written = json.dumps(only, ensure_ascii=False)[1:-1]
        versions = versions.filter(Q(serialized_data__contains=written) | ~Q(format="json"))
    names = {
        stored_name(data_format, data, field)
        for data_format, data in versions.values_list("format", "serialized_data").iterator()
    }
    names.discard(None)
    names.discard("")
    return names if only is None else names & {only}


def stored_name(data_format, data, field):
    """The name ``field`` holds in one version's serialized row; None for a row that can no longer be read, which
    no revert can restore either."""
    try:
        if data_format == "json":  # reversion's default, read without building the model instance
            return json.loads(data)[0]["fields"].get(field)
        obj = next(serializers.deserialize(data_format, data, ignorenonexistent=True)).object
        return getattr(obj, field).name
    except (
        DeserializationError,
        serializers.SerializerDoesNotExist,
        ValueError,
        LookupError,
        TypeError,
        StopIteration,
    ):
        return None


def files_named_in_the_history():
    """Every file name a kept revision of any model holds in a file field."""
    names = set()
    for model in apps.get_models():
        for field in file_fields(model):
            names |= names_in_history(model, field.name)
    return names


def missing_from_storage(revision):
    """The versions of ``revision`` (django-reversion's) whose file fields name a file their storage no longer holds:
    deleted before their revisions kept them, or lost. Restoring them would publish downloads that fail."""
    missing = []
    for version in revision.version_set.select_related("content_type"):
        model = version.content_type.model_class()
        for field in file_fields(model) if model else ():
            name = stored_name(version.format, version.serialized_data, field.name)
            if name and not field.storage.exists(name):
                missing.append(version)
                break
    return missing
