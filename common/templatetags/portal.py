"""Template helpers every public page uses: dates, honest translation fallback, language links."""

import datetime
import json
import zoneinfo

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.defaultfilters import date as date_filter
from django.urls import translate_url
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def daterange(start, end):
    """ "3-4 October 2013", "3-4 octobre 2013", "3-4 de octubre de 2013", in the active language."""
    if not start:
        return ""
    full = get_format("DATE_FORMAT")
    if not end or end == start:
        return date_filter(start, full)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}-{date_filter(end, full)}"
    if start.year == end.year:
        return f"{date_filter(start, get_format('MONTH_DAY_FORMAT'))} – {date_filter(end, full)}"
    return f"{date_filter(start, full)} – {date_filter(end, full)}"


@register.simple_tag
def field(obj, name, rich=False):
    """A translated field in the active language, or the English text marked as such.

    Where the visitor's language has no text yet, the English text is shown
    inside an element with ``lang="en"`` and a short note says so, so screen
    readers pronounce it right and nobody mistakes it for a translation.
    """
    language = get_language()
    value = getattr(obj, f"{name}_{language}", None)
    if value or language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        return mark_safe(value) if rich else (value or "")
    english = getattr(obj, f"{name}_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}", None)
    if not english:
        return ""
    # French and Spanish write language names in lower case within a sentence.
    name = get_language_info(language)["name_translated"].lower()
    note = _("Not yet available in %(language)s.") % {"language": name}
    if rich:
        return format_html(
            '<div class="fallback" lang="en">{}</div><p class="fallback-note">{}</p>', mark_safe(english), note
        )
    return format_html('<span lang="en">{}</span> <span class="fallback-note">({})</span>', english, note)


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in each language, for the language switcher and hreflang links."""
    request = context["request"]
    current = get_language()
    path = request.get_full_path()
    return [
        {
            "code": code,
            "name": capfirst(get_language_info(code)["name_local"]),
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


@register.simple_tag(takes_context=True)
def nav_current(context, url, exact=False):
    """``aria-current`` for a navigation link: "page" on its own page, "true" inside its section."""
    path = context["request"].path
    if path == url:
        return mark_safe(' aria-current="page"')
    if not exact and path.startswith(url):
        return mark_safe(' aria-current="true"')
    return ""


@register.simple_tag
def utc_offset(zone_name, when=None):
    """The offset of a time zone at a moment, as people read it: "UTC-4", "UTC+2", "UTC+5:30"."""
    zone = zoneinfo.ZoneInfo(zone_name)
    if isinstance(when, datetime.date) and not isinstance(when, datetime.datetime):
        when = datetime.datetime.combine(when, datetime.time(12), tzinfo=zone)
    moment = (when or timezone.now()).astimezone(zone)
    minutes = int(moment.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


@register.simple_tag
def json_ld(data):
    """A schema.org block: JSON that cannot close its <script> element, whatever the text holds."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
