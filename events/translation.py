from modeltranslation.translator import TranslationOptions, register

from .models import Event, Session


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "short_title",
        "name_in_text",
        "theme",
        "summary",
        "body",
        "post_event_summary",
        "venue",
        "city",
        "organiser",
        "session_label",
        "image_caption",
        "image_credit",
        "image_alt",
    )


@register(Session)
class SessionTranslationOptions(TranslationOptions):
    fields = ("title", "theme", "description", "room", "chairs", "image_caption", "image_credit", "image_alt")
