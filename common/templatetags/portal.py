"""Template helpers every public page uses: dates, honest translation fallback, language links."""

import datetime
import json
import re
import zoneinfo
from functools import cached_property, lru_cache
from html import escape

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import filesizeformat
from django.urls import NoReverseMatch, translate_url
from django.utils import numberformat, timezone
from django.utils.encoding import iri_to_uri
from django.utils.formats import get_format
from django.utils.html import avoid_wrapping, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info, gettext_noop, override
from django.utils.translation import gettext as _
from modeltranslation.translator import translator

from common.text import plain_text
from common.times import end_day
from common.translation_status import complete_languages
from common.urls import address_in_language, page_url
from translations.tracking import outdated_keys

register = template.Library()


# Django's French names file sizes "Kio" and "Mio"; the UN writes "Ko" and "Mo". Listed here so that makemessages
# keeps them: the project's catalogues come before Django's own, so every filesizeformat follows.
FILE_SIZE_UNITS = (gettext_noop("%s KB"), gettext_noop("%s MB"), gettext_noop("%s GB"))


class FileSizes:
    """``filesizeformat`` as a function of a size in bytes, the active language's unit words and number separators
    looked up once, at the first size: for a list's many files. Django's looks them up at each call, 23 µs, more
    than the rest of a version's link."""

    # The units' words from the catalogues, as filesizeformat reads them (the project's own for KB, MB and GB).
    WORDS = ((5, "%s PB"), (4, "%s TB"), (3, "%s GB"), (2, "%s MB"), (1, "%s KB"))

    @cached_property
    def units(self):
        separators = [get_format(name) for name in ("DECIMAL_SEPARATOR", "NUMBER_GROUPING", "THOUSAND_SEPARATOR")]
        return separators, [(1 << 10 * power, _(word)) for power, word in self.WORDS]

    def __call__(self, size):
        if size is not None and size >= 1024:
            separators, bounds = self.units
            bound, word = next((bound, word) for bound, word in bounds if size >= bound)
            return avoid_wrapping(word % numberformat.format(round(size / bound, 1), separators[0], 1, *separators[1:]))
        return filesizeformat(size)  # bytes: a count with its plural form; or no size at all


def _day(day, language):
    """The day of the month as the UN writes it: "1er décembre" in French."""
    return "1er" if language == "fr" and day.day == 1 else str(day.day)


def undate(day, language=None):
    """A date in the UN's style for ``language`` (the active one): "1 December 2013", "1er décembre 2013"."""
    if not day:
        return ""
    language = language or get_language()
    return f"{_day(day, language)} {_month_year(day, language=language)}"


register.filter("undate", undate)


@register.filter(expects_localtime=True)
def machine_datetime(moment):
    """``moment`` for a ``<time datetime>``: ISO 8601 with its offset, to the second (HTML allows at most three
    digits of a second's fraction, and a time typed or computed to the microsecond has six)."""
    return moment.replace(microsecond=0).isoformat() if moment else ""


@register.filter(expects_localtime=True)
def undatetime(moment):
    """A date and time in the UN's style for the active language: "1er décembre 2026 à 19 h 27"."""
    if not moment:
        return ""
    language = get_language()
    if language == "fr":
        return f"{_day(moment, language)} {_month_year(moment)} à {_time(moment, language)}"
    if language == "es":
        return f"{_day(moment, language)} {_month_year(moment)}, {_at(moment)} {_time(moment, language)} horas"
    if moment.time() == datetime.time.min:
        # Django writes "midnight", which English readers take for the end of the day it names: it is its start
        # (a deadline "15 January, midnight" closed as 15 January began). French and Spanish say "0 heure", "0.00".
        return f"{date_filter(moment, get_format('DATE_FORMAT'))}, 00:00"
    return date_filter(moment, get_format("DATETIME_FORMAT"))


def _month_year(day, with_year=True, language=None):
    """ "octobre 2013", "de octubre de 2013": the date's format without its day."""
    return _month_in(language or get_language(), day.year, day.month, with_year)


@lru_cache(maxsize=1024)
def _month_in(language, year, month, with_year):
    # Formatting a date costs more than the rest of a list's row: the words of a month are made once a language.
    first = datetime.date(year, month, 1)
    return date_filter(first, get_format("DATE_FORMAT" if with_year else "MONTH_DAY_FORMAT")).split(" ", 1)[1]


@receiver(setting_changed)
def _forget_months(*, setting, **kwargs):
    # A test may change the date formats or the languages, as Django forgets its cached formats.
    _month_in.cache_clear()


@register.simple_tag
def daterange(start, end, language=None):
    """Dates as a title gives them: "3-4 October 2013", "3 et 4 octobre 2013", "3 y 4 de octubre de 2013"."""
    if not start:
        return ""
    language = language or get_language()
    if not end or end == start:
        return undate(start, language)
    last = undate(end, language)
    if (start.year, start.month) == (end.year, end.month):
        if end.day == start.day + 1 and language in ("fr", "es"):
            conjunction = {"fr": "et", "es": "y"}[language]
            return f"{_day(start, language)} {conjunction} {last}"
        return f"{_day(start, language)}-{last}"
    if start.year == end.year:
        return f"{_day(start, language)} {_month_year(start, with_year=False, language=language)} – {last}"
    return f"{undate(start, language)} – {last}"


@register.simple_tag
def on_dates(start, end=None):
    """Dates as a sentence gives them, with their preposition, in the UN's style for the active language.

    "on 3 and 4 October 2013", "les 3 et 4 octobre 2013", "los días 3 y 4 de octubre de 2013";
    "on 4 September 2013", "le 4 septembre 2013", "el 4 de septiembre de 2013";
    "from 30 September to 2 October 2013", "du 30 septembre au 2 octobre 2013", "del 30 de septiembre al 2 de
    octubre de 2013".
    """
    if not start:
        return ""
    language = get_language()
    if language not in ("fr", "es"):
        language = "en"
    day, last = _day(start, language), undate(end or start)
    if not end or end == start:
        return {"en": "on {last}", "fr": "le {last}", "es": "el {last}"}[language].format(last=last)
    if (start.year, start.month) == (end.year, end.month):
        if end.day == start.day + 1:
            pattern = {"en": "on {day} and {last}", "fr": "les {day} et {last}", "es": "los días {day} y {last}"}
        else:
            pattern = {"en": "from {day} to {last}", "fr": "du {day} au {last}", "es": "del {day} al {last}"}
        return pattern[language].format(day=day, last=last)
    first = f"{day} {_month_year(start, with_year=start.year != end.year)}"
    pattern = {"en": "from {first} to {last}", "fr": "du {first} au {last}", "es": "del {first} al {last}"}
    return pattern[language].format(first=first, last=last)


def _time(moment, language):
    if language == "fr":
        if moment.minute:
            return f"{moment.hour} h {moment.minute:02d}"
        return f"{moment.hour} {'heure' if moment.hour < 2 else 'heures'}"
    if language == "es":
        return f"{moment.hour}.{moment.minute:02d}"
    return date_filter(moment, "P")


def _at(moment, word="a"):
    """ "a las 15.30", "a la 1.30": Spanish names the hour with its article, singular for one o'clock."""
    return f"{word} {'la' if moment.hour == 1 else 'las'}"


@register.simple_tag
def timerange(start, end=None, first_offset=None):
    """Times as the UN writes them.

    A range: "10 a.m.\N{EN DASH}1 p.m.", "de 10 heures à 13 heures", "de las 10.00 a las 13.00 horas".
    One time alone: "3:30 p.m.", "15 h 30", "15.30 horas". ``first_offset`` is named after the first time of a
    range whose times have different offsets (``local_times``).
    """
    if not start:
        return ""
    language = get_language()
    if language not in ("fr", "es"):
        language = "en"
    first = _time(start, language)
    if end and first_offset:
        first = f"{first} ({first_offset})"
    if not end:
        return {"en": first, "fr": first, "es": f"{first} horas"}[language]
    last = _time(end, language)
    return {
        "en": f"{first}–{last}",
        "fr": f"de {first} à {last}",
        "es": f"{_at(start, 'de')} {first} {_at(end)} {last} horas",
    }[language]


@register.simple_tag(takes_context=True)
def field(context, obj, name, rich=False, language=None):
    """A translated field in the active language, or the English text marked as such.

    Where the visitor's language has no text yet, the English text is shown
    inside an element with ``lang="en"`` and a short note says so, so screen
    readers pronounce it right and nobody mistakes it for a translation.
    A rich text whose English changed after it was translated is followed by a
    note saying so, with a link to the English page. ``language``: the active one, if a list read it already.
    """
    language = language or get_language()
    value = getattr(obj, f"{name}_{language}", None)
    if value and rich and language != settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        return format_html("{}{}", mark_safe(value), outdated_note(context, obj, name, language))
    if value or language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        text = value or ""  # a translated column is nullable: NULL is no text, not "None"
        return mark_safe(text) if rich else text
    english = getattr(obj, f"{name}_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}", None)
    if not english:
        return ""
    # French and Spanish write language names in lower case within a sentence.
    name = get_language_info(language)["name_translated"].lower()
    note = _("Not yet available in %(language)s.") % {"language": name}
    if rich:
        return format_html(
            '<div class="fallback" lang="en">{}</div><p class="fallback-note">{}</p>',
            mark_safe(in_language_links(english, language)),
            note,
        )
    return format_html('<span lang="en">{}</span> <span class="fallback-note">({})</span>', english, note)


def in_language_links(html, language):
    """English rich text shown in ``language``'s page with its links to this site's English pages leading to the
    same pages in ``language``, as an imported translation's do: a French reader of the English fallback stays on
    the French site."""
    return _HREF.sub(lambda link: f'href="{address_in_language(link[1], language)}"', html)


# A link's address in rich text, which nh3 writes between double quotes.
_HREF = re.compile(r'href="([^"]*)"')


def html_text(value):
    """``value`` escaped for HTML, unless it is already safe (a fallback's markup): what ``{{ value }}`` gives, for
    rows of lists written in Python (``Rows``). Django's ``conditional_escape`` without its lazy-text wrapper,
    which cost more than the rest of a row (documents/templatetags/versions.py)."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


class Rows:
    """What the rows of one list written in Python share, read once for the list: the active language and each
    model's address shape (its ``addresses()``).

    Django keeps the active language, the script prefix and the URLconf in asgiref's context-local storage, where
    each read costs 2 to 5 µs: a row of documents read them a dozen times, a fifth of its time.
    """

    def __init__(self):
        self.language = get_language()
        self._addresses = {}
        self._labels = {}

    def text(self, obj, name="title"):
        """``{% field obj name %}`` for a plain text field, as HTML, in the list's language: never a rich field,
        which needs the template's context."""
        return html_text(field(None, obj, name, language=self.language))

    def label(self, obj, name):
        """``obj.get_<name>_display()``, as HTML, each choice's label made once a list: the labels are lazy
        translations, and making one text again costs more than the rest of a row's details."""
        key = (type(obj), name, getattr(obj, name))
        if key not in self._labels:
            self._labels[key] = html_text(getattr(obj, f"get_{name}_display")())
        return self._labels[key]

    def date(self, day):
        return undate(day, self.language)

    def dates(self, start, end):
        return daterange(start, end, self.language)

    def url(self, obj):
        """``obj.get_absolute_url()``, escaped, from its model's ``addresses()`` looked up once per list."""
        model = type(obj)
        if model not in self._addresses:
            self._addresses[model] = model.addresses()
        return html_text(self._addresses[model](obj))

    def item(self, target, link, meta, after=""):
        """One ``<li>``: a link to ``target`` (``link``: its text, closed with ``</a>``, and what follows it on its
        line), then ``meta`` on a line of its own, then ``after`` (a document's versions)."""
        return (
            f'\n<li>\n  <a href="{self.url(target)}">{link}\n  <span class="card__meta">{meta}</span>{after}\n</li>\n'
        )


@register.simple_tag(takes_context=True)
def outdated_heading_note(context, obj, *names):
    """Under a page's heading: one note when a plain field shown there (its title, its theme) is an outdated
    translation. Plain fields carry no note of their own: they also feed titles, alternative text and meta tags."""
    language = get_language()
    if language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        return ""
    return next(
        (
            note
            for name in names
            if getattr(obj, f"{name}_{language}", None) and (note := outdated_note(context, obj, name, language))
        ),
        "",
    )


def outdated_note(context, obj, name, language):
    """The note under a translation whose English changed since; the outdated fields are read once per request.

    Not once per render context: each ``{% include %}`` has one of its own, so a list of cards in French read them
    once per card (507 queries for 504 events)."""
    request = getattr(context, "request", None)
    known = request.__dict__.setdefault("outdated_translations", {}) if request else context.render_context
    if language not in known:
        known[language] = outdated_keys(language)
    if (obj._meta.label_lower, obj.pk, name) not in known[language]:
        return ""
    note = _("The English text has changed since this translation was made.")
    if not hasattr(obj, "get_absolute_url"):
        return format_html('<p class="outdated-note">{}</p>', note)
    with override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        url = obj.get_absolute_url()
    return format_html(
        '<p class="outdated-note">{} <a href="{}" hreflang="en">{}</a></p>', note, url, _("Read the English version.")
    )


def is_missing_page(context):
    """Django's 404 page, whose documented context holds ``request_path`` and ``exception``: no language has it."""
    return "request_path" in context and "exception" in context


def canonical_path(context, request):
    """The page's own address: its path, and the number of the page of a list it shows beyond the first; filters and
    searches are views of it. The number is the page shown (``page_obj``), not the one asked: Django's paginator
    also serves ``?page=last`` and ``?page=02``, which are another page's address."""
    page_obj = context.get("page_obj")
    number = page_obj.number if page_obj is not None else 1
    return f"{request.path}?page={number}" if number > 1 else request.path


def translated_languages(obj):
    """The languages ``obj`` is translated into; every language for a page that shows no translated object."""
    if obj is not None and type(obj) in translator.get_registered_models():
        return complete_languages(obj)
    return [code for code, _name in settings.LANGUAGES]


def home_in(code):
    with override(code):
        return page_url("portal:home")


def path_in(request, code):
    """The request's path in the language ``code``: its own view reversed in that language, as translate_url() does
    without resolving the path again (a link's shape is made once a view and language: common.urls.page_url).
    Worked out once a request: the language switcher and the head's alternates both name every language."""
    paths = request.__dict__.setdefault("paths_in_languages", {})
    if code not in paths:
        paths[code] = _path_in(request, code)
    return paths[code]


def _path_in(request, code):
    match = getattr(request, "resolver_match", None)
    if match is None or match.args or not match.view_name:
        return translate_url(request.path, code)
    with override(code):
        try:
            return page_url(match.view_name, **match.kwargs)
        except NoReverseMatch:
            return request.path


def with_query(request, path):
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{iri_to_uri(query)}" if query else path


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in each language, for the language switcher: the same address, query string included.

    A missing page exists in no language: its links lead to each language's home page.
    """
    request = context["request"]
    current = get_language()
    missing = is_missing_page(context)
    return [
        {
            "code": code,
            "name": capfirst(get_language_info(code)["name_local"]),
            "url": home_in(code) if missing else with_query(request, path_in(request, code)),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


@register.simple_tag(takes_context=True)
def page_addresses(context):
    """The page's canonical address and its hreflang alternates, which agree with each other.

    Alternates name only the languages the page's object is translated into (a French page that shows the
    English text is not French), with ``x-default`` (the address without a language) while English is one. A page
    whose object has no title in its language names the page in English (or the first language it has) as its
    canonical address: it shows that page's text, and was an indexable copy of it outside its own cluster of
    alternates. A missing page has no canonical address; its alternates are the home pages.
    """
    request = context["request"]
    if is_missing_page(context):
        return {
            "canonical": None,
            "alternates": [{"code": code, "url": home_in(code)} for code, _ in settings.LANGUAGES],
        }
    path = canonical_path(context, request)
    page = path[len(request.path) :]  # "?page=N" beyond the first page
    languages = translated_languages(context.get("object"))
    alternates = [{"code": code, "url": path_in(request, code) + page} for code in languages]
    default = settings.LANGUAGE_CODE
    if default in languages:
        unprefixed = path_in(request, default).replace(f"/{default}/", "/", 1)
        alternates.append({"code": "x-default", "url": unprefixed + page})
    obj = context.get("object")
    if obj is not None and languages and getattr(obj, f"title_{get_language()}", True) in ("", None):
        path = alternates[0]["url"]
    return {"canonical": path, "alternates": alternates}


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # The output is already escaped by the template's autoescaping: it must not be escaped twice.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())
        return ""


@register.tag
def capture(parser, token):
    """``{% capture as name %}...{% endcapture %}``: render once, use as often as needed (title and og:title).

    Blocks inside it are still overridden by child templates.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}...{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.filter
def plain(rich):
    """Rich text as plain text, for metadata: no tags, no entities, paragraphs apart."""
    return plain_text(rich)


# The main navigation: each section's view, its name, and whether only its first page is current (the home page,
# whose address starts every other).
NAVIGATION = (
    ("portal:home", gettext_noop("Home"), True),
    ("events:list", gettext_noop("Events"), False),
    ("documents:library", gettext_noop("Documents"), False),
    ("submissions:calls", gettext_noop("Calls for submissions"), False),
    ("portal:search", gettext_noop("Search"), False),
)


@register.simple_tag(takes_context=True)
def site_nav(context):
    """The main navigation's links, ``aria-current`` on the one the page is: "page" on its own page, "true" inside
    its section. Written in Python: as a template it cost as much as the rest of the header."""
    path = context["request"].path
    links = []
    for view, name, exact in NAVIGATION:
        url = page_url(view)
        current = ' aria-current="page"' if path == url else ""
        if not current and not exact and path.startswith(url):
            current = ' aria-current="true"'
        label = escape(_(name))
        links.append(f'<li><a href="{escape(url)}"{current}>{label}</a></li>')
    return mark_safe("\n      ".join(links))


@register.simple_tag
def utc_offset(zone_name, when=None):
    """The offset of a time zone at a moment (now if none), as people read it: "UTC-4", "UTC+2", "UTC+5:30".

    A moment, never a day: the offset can change during a day (summer time starts or ends in the night), so the
    offset of a local time is the one in force at that time (``local_times``).
    """
    if isinstance(when, datetime.date) and not isinstance(when, datetime.datetime):
        raise TypeError("utc_offset() takes a moment: a day has no single offset")
    zone = zoneinfo.ZoneInfo(zone_name)
    moment = (when or timezone.now()).astimezone(zone)
    minutes = int(moment.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


@register.simple_tag
def datetime_in_zone(moment, zone_name):
    """ "31 December 2026, 11:59 p.m. (UTC-11)": ``moment`` in ``zone_name``, the offset then in force named; None
    without a moment."""
    if moment is None:
        return None
    return f"{undatetime(moment.astimezone(zoneinfo.ZoneInfo(zone_name)))} ({utc_offset(zone_name, moment)})"


@register.simple_tag
def local_times(day, start, end, zone_name):
    """Times on ``day`` at a venue in ``zone_name``, each with its offset: "10 a.m.\N{EN DASH}1 p.m. (UTC-4)".

    Where the clocks change between the two times, each names its own offset: "1:30 a.m. (UTC+11)\N{EN DASH}3 a.m.
    (UTC+10:30)". A local time the clocks pass twice is its first passage, as in the calendar files. An end earlier
    than the start is the next day's (common.times.end_day), its offset that day's.
    """
    if not start:
        return ""
    zone = zoneinfo.ZoneInfo(zone_name)
    first = utc_offset(zone_name, datetime.datetime.combine(day, start, tzinfo=zone))
    last = (
        utc_offset(zone_name, datetime.datetime.combine(end_day(day, start, end), end, tzinfo=zone)) if end else first
    )
    return f"{timerange(start, end, first_offset=first if first != last else None)} ({last})"


@register.simple_tag
def json_ld(data):
    """A schema.org block: JSON that cannot close its <script> element, whatever the text holds."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
