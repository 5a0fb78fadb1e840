"""How complete and how current the French and Spanish of a translated object are, compared with its English."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator

from .languages import LETTERS


class Completeness(models.TextChoices):
    COMPLETE = "complete", _("complete")
    OUTDATED = "outdated", _("outdated")
    PARTIAL = "partial", _("partial")
    MISSING = "missing", _("missing")


@dataclass(frozen=True)
class LanguageStatus:
    language: str
    completeness: Completeness
    missing_fields: tuple
    outdated_fields: tuple = ()

    @property
    def letter(self):
        return LETTERS[self.language]


def translated_fields(model):
    """``model``'s translated fields in the order the model declares them: modeltranslation keeps them in a set,
    whose order changes from one process to the next (a page listed "City, Venue" or "Venue, City")."""
    names = translator.get_options_for_model(model).fields
    return tuple(sorted(names, key=lambda name: model._meta.get_field(name).creation_counter))


def field_label(model, name):
    """The label the admin's forms give ``model``'s field ``name``, in the active language: editors never see the
    attribute's name ("city"), which is English whatever their language."""
    return capfirst(model._meta.get_field(name).verbose_name)


def language_status(obj, language, outdated=()):
    """Which of ``obj``'s translated fields that have English text lack text in ``language``, or are outdated.

    ``outdated`` holds the (field, language) pairs whose English changed after they were translated.
    """
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    expected = [name for name in translated_fields(type(obj)) if getattr(obj, f"{name}_{default}", None)]
    missing = tuple(name for name in expected if not getattr(obj, f"{name}_{language}", None))
    stale = tuple(name for name in expected if (name, language) in outdated and name not in missing)
    return LanguageStatus(language, completeness(len(expected), len(missing), len(stale)), missing, stale)


def completeness(expected, missing, stale=0):
    """A language's ``Completeness`` from how many fields have English (``expected``), how many of those lack
    text in the language (``missing``) and how many of those that have it are outdated (``stale``)."""
    if not missing and stale:
        return Completeness.OUTDATED
    if not missing:
        return Completeness.COMPLETE
    if missing == expected:
        return Completeness.MISSING
    return Completeness.PARTIAL


def translation_status(obj, outdated=()):
    """The status of every site language but the default one, e.g. [F: partial, S: outdated]."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return [language_status(obj, code, outdated) for code, _name in settings.LANGUAGES if code != default]


def complete_languages(obj):
    """The site's languages in which ``obj`` shows no English fallback: where hreflang may announce it."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return [
        code for code, _name in settings.LANGUAGES if code == default or not language_status(obj, code).missing_fields
    ]
