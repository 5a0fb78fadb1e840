"""How complete the French and Spanish of a translated object are, compared with its English."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator

from .languages import LETTERS


class Completeness(models.TextChoices):
    COMPLETE = "complete", _("complete")
    PARTIAL = "partial", _("partial")
    MISSING = "missing", _("missing")


@dataclass(frozen=True)
class LanguageStatus:
    language: str
    completeness: Completeness
    missing_fields: tuple

    @property
    def letter(self):
        return LETTERS[self.language]


def translated_fields(model):
    return tuple(translator.get_options_for_model(model).fields)


def language_status(obj, language):
    """Which of ``obj``'s translated fields that have English text lack text in ``language``."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    expected = [name for name in translated_fields(type(obj)) if getattr(obj, f"{name}_{default}", None)]
    missing = tuple(name for name in expected if not getattr(obj, f"{name}_{language}", None))
    if not missing:
        completeness = Completeness.COMPLETE
    elif len(missing) == len(expected):
        completeness = Completeness.MISSING
    else:
        completeness = Completeness.PARTIAL
    return LanguageStatus(language, completeness, missing)


def translation_status(obj):
    """The status of every site language but the default one, e.g. [F: partial, S: missing]."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return [language_status(obj, code) for code, _name in settings.LANGUAGES if code != default]


def complete_languages(obj):
    """The site's languages in which ``obj`` shows no English fallback: where hreflang may announce it."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return [
        code
        for code, _name in settings.LANGUAGES
        if code == default or language_status(obj, code).completeness == Completeness.COMPLETE
    ]
