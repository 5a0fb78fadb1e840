from django.db import migrations

from common.search import search_words_again


class Migration(migrations.Migration):
    """Search finds the Spanish singulars in -ación and -ución as their plurals (common.lexemes.SPANISH_SINGULARS), and
    an event's summary after the event, which its page shows first."""

    dependencies = [("events", "0010_search_words_again")]

    operations = [
        search_words_again(
            "events_event",
            translated=("title", "theme", "summary", "body", "city", "post_event_summary"),
            plain=("hashtag",),
        ),
        search_words_again("events_session", translated=("title", "theme", "description", "chairs")),
    ]
