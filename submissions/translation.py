from modeltranslation.translator import TranslationOptions, register

from .models import Call


@register(Call)
class CallTranslationOptions(TranslationOptions):
    fields = ("title", "instructions", "publication_policy")
