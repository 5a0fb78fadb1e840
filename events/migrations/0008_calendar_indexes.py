from django.db import migrations, models


class Migration(migrations.Migration):
    """The calendar subscription's events: those not ended yet, and the latest past ones (EventQuerySet.in_calendar).

    Numbered after events 0007 (another branch's list indexes) and depending on 0006 only: renumbered at the merge.
    """

    dependencies = [
        ("events", "0006_search_plain_words"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["ends_at"], name="event_ends"),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["starts_at", "id"], name="event_starts"),
        ),
    ]
