from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = _("Common")

    def ready(self):
        from django.db.models.signals import post_migrate

        from common.search import repair_sqlite_triggers

        post_migrate.connect(repair_sqlite_triggers, sender=self)
