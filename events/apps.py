from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from delivery.cache import invalidate_on_change

        from .models import Event, Session

        # An event's pages (and its calls without a deadline) change when it begins and ends.
        invalidate_on_change(
            Event, scheduled=True, clock=lambda: Event.objects.published().next_moment("starts_at", "ends_at")
        )
        invalidate_on_change(Session, scheduled=True)
