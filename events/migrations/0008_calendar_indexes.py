from django.db import migrations, models


class Migration(migrations.Migration):
    """The calendar subscription's events: those not ended yet, and the latest past ones (EventQuerySet.in_calendar).
    The first also serves the events list's upcoming events (EventListView).
    """

    dependencies = [
        ("events", "0007_list_indexes"),
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
