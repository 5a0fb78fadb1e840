from django.conf import settings
from django.utils.translation import get_language, gettext, gettext_noop

# The site's name is translated like any text: "Portail DHN", "Portal DAN", as the feeds and the admin name it.
gettext_noop("HLD Portal")

# Open Graph wants a territory with each language.
OG_LOCALES = {"en": "en_GB", "fr": "fr_FR", "es": "es_ES"}


def site(request):
    """The site's name and address and the active language's Open Graph locale, for every template."""
    return {
        "SITE_NAME": gettext(settings.SITE_NAME),
        "SITE_URL": settings.SITE_URL,
        "OG_LOCALE": OG_LOCALES.get(get_language(), "en_GB"),
    }
