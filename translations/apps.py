from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    name = "translations"
    verbose_name = _("Translations")

    def ready(self):
        from delivery.cache import invalidate_on_change

        from . import signals  # noqa: F401  (connects the change tracker)
        from .models import TranslationState

        # Public pages note an outdated translation: a translation marked reviewed changes them, and no content
        # is saved then.
        invalidate_on_change(TranslationState)
