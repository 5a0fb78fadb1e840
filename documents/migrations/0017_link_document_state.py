"""Each event's link to a document keeps the document's publication state (status, publish from) beside its date,
kept by the database's triggers (documents/link_state.py, which replace those of migration 0015), and the index the
library reads an event's documents from holds it: the library counts an event's public documents from that index
alone. (On SQLite, whose triggers are made after each migrate, migrating back before this one leaves the links'
copies unkept until migrated forward again.)"""

import importlib

from django.db import migrations, models

from documents.link_state import triggers

dates_only = importlib.import_module("documents.migrations.0015_link_document_dates")


def forwards(apps, schema_editor):
    dates_only.triggers(1)(apps, schema_editor)
    triggers(0)(apps, schema_editor)


def backwards(apps, schema_editor):
    triggers(1)(apps, schema_editor)
    dates_only.triggers(0)(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0016_event_document_roles"),
        ("events", "0007_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="eventdocument",
            name="document_publish_from",
            field=models.DateTimeField(editable=False, null=True, verbose_name="document published from"),
        ),
        migrations.AddField(
            model_name="eventdocument",
            name="document_status",
            field=models.CharField(default="", editable=False, max_length=10, verbose_name="document status"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveIndex(model_name="eventdocument", name="event_document_dates"),
        migrations.AddIndex(
            model_name="eventdocument",
            index=models.Index(
                fields=["event", "-document_date", "document"],
                include=("document_status", "document_publish_from"),
                name="event_document_dates",
            ),
        ),
    ]
