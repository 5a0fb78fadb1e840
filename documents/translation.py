from modeltranslation.translator import TranslationOptions, register

from .models import Document, EventDocument


@register(Document)
class DocumentTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(EventDocument)
class EventDocumentTranslationOptions(TranslationOptions):
    fields = ("note",)
