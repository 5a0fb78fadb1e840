"""A document's paragraphs cited by an event, in the reader's language and linked to the text in that language."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

register = template.Library()


def paragraph_label(number, sub, language):
    """ "10(a)" in English, "10 a)" in French and Spanish, as each language's UN texts write it."""
    if not sub:
        return number
    return f"{number}({sub})" if language == "en" else f"{number} {sub})"


def text_url(document, language):
    """The document's text in ``language``, else in English, else its page."""
    versions = {version.language: version for version in document.sorted_versions()}
    version = versions.get(language) or versions.get("en")
    return (version.get_absolute_url(), version.language) if version else (document.get_absolute_url(), language)


@register.simple_tag
def cite_paragraphs(link):
    """ "paragraphs 10(a) and 15" / "paragraphes 10 a) et 15" / "párrafos 10 a) y 15", each linked to the text."""
    cited = link.cited_paragraphs()
    if not cited:
        return ""
    language = get_language()
    url, hreflang = text_url(link.document, language)
    labels = [
        format_html('<a href="{}" hreflang="{}">{}</a>', url, hreflang, paragraph_label(number, sub, language))
        for number, sub in cited
    ]
    listed = (
        labels[0]
        if len(labels) == 1
        else format_html(
            "{} {} {}", format_html_join(", ", "{}", ((label,) for label in labels[:-1])), _("and"), labels[-1]
        )
    )
    word = ngettext("paragraph", "paragraphs", len(labels))
    return format_html("{} {}", word, listed)
