from modeltranslation.translator import TranslationOptions, register

from .models import Delegation, Statement


@register(Delegation)
class DelegationTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Statement)
class StatementTranslationOptions(TranslationOptions):
    fields = ("speaker_title",)
