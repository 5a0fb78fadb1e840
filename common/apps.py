from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = _("Common")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate
        from django.urls import register_converter

        from common import (
            checks,  # noqa: F401 (registers the system checks)
            sqlite_triggers,
        )
        from common.lexemes import register_search_functions
        from common.search import keep_sqlite_triggers
        from common.stored_files import remove_files_with_their_rows
        from common.urls import KeyConverter

        register_converter(KeyConverter, "key")
        connection_created.connect(register_search_functions)
        keep_sqlite_triggers()
        remove_files_with_their_rows()
        pre_migrate.connect(sqlite_triggers.set_aside, sender=self)
        post_migrate.connect(sqlite_triggers.repair, sender=self)
