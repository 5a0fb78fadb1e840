from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from delivery.cache import invalidate_on_change

        from .models import Event, Session

        invalidate_on_change(Event, scheduled=True)
        invalidate_on_change(Session, scheduled=True)
