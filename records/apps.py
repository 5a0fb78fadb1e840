from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = _("Meeting records")

    def ready(self):
        from delivery.cache import invalidate_on_change

        from .models import Delegation, SessionRecord, Statement, StatementFile

        invalidate_on_change(Delegation)
        invalidate_on_change(Statement, scheduled=True)
        invalidate_on_change(StatementFile)
        invalidate_on_change(SessionRecord)
