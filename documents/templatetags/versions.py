"""A document's [E | F | S] links, written in Python: lists show one per row, and the template engine spent most
of a list's time on them. The text is escaped with the standard library's ``html.escape``, as Django's own escape
does, without the lazy-string checks that made each link cost more than the rest of its row."""

from html import escape

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from common.templatetags.portal import FileSizes
from documents.models import downloads

register = template.Library()


def version_links(language=None):
    """``language_versions`` as a function of each document, the download addresses' shape, the label's words and
    the size units looked up once: for a list's many rows (documents/templatetags/document_rows.py), in their
    ``language`` (the active one)."""
    addresses = downloads()
    label = _("Language versions of %(title)s")
    size_text = FileSizes()
    # The title as modeltranslation gives it, without its descriptor's fallback lookups at each row.
    titles = (f"title_{language or get_language()}", f"title_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}")

    def title(version):
        return f"{version.native_name} ({size_text(version.size)})" if version.size else version.native_name

    def links(document):
        versions = document.sorted_versions()
        if not versions:
            return ""
        items = " |".join(
            f' <a href="{escape(version.address(addresses))}" hreflang="{code}" lang="{code}"'
            f' aria-label="{version.native_name}" title="{escape(title(version))}">{version.letter}</a>'
            for version in versions
            for code in [escape(version.language)]
        )
        named = escape(label % {"title": getattr(document, titles[0]) or getattr(document, titles[1])})
        return mark_safe(f'<span class="versions" role="group" aria-label="{named}">[{items} ]</span>')

    return links


@register.simple_tag
def language_versions(document):
    """``[ E | F | S ]``: each version in UN order, named in its own language, with its size when it has a file."""
    return version_links()(document)
