"""A document's [E | F | S] links, written in Python: lists show one per row, and the template engine spent most
of a list's time on them."""

from django import template
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def language_versions(document):
    """``[ E | F | S ]``: each version in UN order, named in its own language, with its size when it has a file."""
    versions = document.sorted_versions()
    if not versions:
        return ""
    links = format_html_join(
        " |",
        ' <a href="{}" hreflang="{}" lang="{}" aria-label="{}" title="{}">{}</a>',
        (
            (
                version.get_absolute_url(),
                version.language,
                version.language,
                version.native_name,
                f"{version.native_name} ({filesizeformat(version.size)})" if version.size else version.native_name,
                version.letter,
            )
            for version in versions
        ),
    )
    label = _("Language versions of %(title)s") % {"title": document.title}
    return format_html('<span class="versions" role="group" aria-label="{}">[{} ]</span>', label, links)
