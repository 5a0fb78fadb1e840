"""A row's stored files go with it: once its deletion is committed, its files leave their storage.

Deleting a submission left its document on the disk until someone ran ``sweep_orphan_files``: a file its sender was
told was gone. The sweep still takes what this cannot: a file replaced by another upload, a row whose commit failed.
"""

from functools import partial

from django.apps import apps
from django.db import transaction
from django.db.models import FileField
from django.db.models.signals import post_delete


def file_fields(model):
    return [field for field in model._meta.concrete_fields if isinstance(field, FileField)]


def remove_files(sender, instance, using, **kwargs):
    for field in file_fields(sender):
        file = getattr(instance, field.name)
        if file:
            # After the commit: a deletion rolled back keeps its row, which must keep its file.
            transaction.on_commit(partial(remove_if_unnamed, sender, field.name, file.name, file.storage), using=using)


def remove_if_unnamed(model, field, name, storage):
    """Delete ``name`` from ``storage`` unless a row of ``model`` still names it (a row copied under a new key)."""
    if not model._default_manager.filter(**{field: name}).exists():
        storage.delete(name)


def remove_files_with_their_rows():
    for model in apps.get_models():
        if file_fields(model):
            uid = f"remove-files-{model._meta.label}"
            post_delete.connect(remove_files, sender=model, weak=False, dispatch_uid=uid)
