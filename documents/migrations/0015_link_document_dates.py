"""Each event's link to a document keeps the document's date, kept by the database's triggers
(documents/link_dates.py), so that an event's documents are read newest first from one index. And whether a document
found by its key is public, from an index: the library counts an event's documents with a probe each."""

from django.db import migrations, models

from documents.link_dates import triggers

class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0014_newest_indexes"),
        ("events", "0007_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="eventdocument",
            name="document_date",
            field=models.DateField(editable=False, null=True, verbose_name="document date"),
        ),
        migrations.RunPython(triggers(0), triggers(1)),
        migrations.AddIndex(
            model_name="eventdocument",
            index=models.Index(fields=["event", "-document_date", "document"], name="event_document_dates"),
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(fields=["id", "status", "publish_from"], name="document_published_by_key"),
        ),
    ]
