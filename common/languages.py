"""The six official languages of the United Nations, in which documents may exist."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UNLanguage(models.TextChoices):
    # UN order: Arabic, Chinese, English, French, Russian, Spanish.
    ARABIC = "ar", _("Arabic")
    CHINESE = "zh", _("Chinese")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    RUSSIAN = "ru", _("Russian")
    SPANISH = "es", _("Spanish")


# Each language's name in itself: the accessible label of its link, whatever the page's language.
NATIVE_NAMES = {
    "ar": "العربية",
    "zh": "中文",
    "en": "English",
    "fr": "Français",
    "ru": "Русский",
    "es": "Español",
}

# The letters the UN uses in "[E | F | S]" and in file names ("A-68-292-F.pdf").
LETTERS = {"ar": "A", "zh": "C", "en": "E", "fr": "F", "ru": "R", "es": "S"}

ORDER = {code: position for position, code in enumerate(UNLanguage.values)}
