"""Plain text from the sanitised rich text that editors write, for calendars, feeds, metadata and the API."""

import html
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext_lazy as _

from .urls import absolute_url

# Where a block ends, a reader of plain text expects a line break (or a blank line between paragraphs).
PARAGRAPH_END = re.compile(r"</(?:p|h[1-6]|blockquote|ul|ol|table)\s*>", re.IGNORECASE)
LINE_END = re.compile(r"<br\s*/?>|</(?:li|tr|dt|dd)\s*>", re.IGNORECASE)
SPACES = re.compile(r"[ \t\r\f\v]+")
BLANK_LINES = re.compile(r"\n\s*\n\s*")
# The control characters XML 1.0 and iCalendar's TEXT cannot hold, and those HTML forbids besides (C1, U+0080 to
# U+009F: what is left of a curly apostrophe whose UTF-8 was read as Latin-1); tabs and line breaks are not among them.
# A link of sanitised rich text (common.fields.RichTextField): its address, always quoted, and its text.
LINK = re.compile(r'<a\s[^>]*?href="([^"]*)"[^>]*>(.*?)</a\s*>', re.IGNORECASE | re.DOTALL)
DIRECTION_OVERRIDES = re.compile("[\u202d\u202e]")
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def printable(text):
    """``text`` with a space for each control character that XML 1.0 and iCalendar refuse: a line break pasted from
    a word processor into a title is one (U+000B), and a feed cannot be written with it.

    >>> printable("Report\\x0bof the Secretary-General")
    'Report of the Secretary-General'
    """
    return CONTROLS.sub(" ", text)


def unaccented(text):
    """``text`` in its base letters, without accents ("Égypte" -> "Egypte"); letters with none (œ, ß) drop out."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def with_target(link):
    """A link's text followed by its address in angle brackets (RFC 3986, appendix C), unless the text is it."""
    address = html.unescape(link[1])
    if address.startswith("/"):  # a page of the site, linked by its path
        address = absolute_url(address)
    if html.unescape(strip_tags(link[2])).strip() == address:
        return link[2]
    return f"{link[2]} {escape(f'<{address}>')}"


def check_printable(value):
    """Refuse the control characters that ``printable()`` replaces, where an editor types: a title that holds one is
    an HTML page with an invalid character (and a feed or calendar with a space in its place). And the characters
    that draw the letters after them in reverse order (U+202D, U+202E): "‮txt.exe" shown as "exe.txt", a title that
    reads as another; the submission form and the names of uploaded files refuse them too."""
    if CONTROLS.search(value):
        raise ValidationError(
            _("This text holds a control character, often pasted with a line break from a word processor: remove it."),
            code="control",
        )
    if DIRECTION_OVERRIDES.search(value):
        raise ValidationError(
            _(
                "This text holds a character that shows the letters after it in reverse order (U+202D or U+202E), "
                "so that it reads as another text: remove it."
            ),
            code="direction_override",
        )


def plain_text(rich, *, link_targets=False):
    """``rich`` as plain text: paragraphs apart by a blank line, entities decoded (``&nbsp;`` is U+00A0), no tags.
    With ``link_targets``, each link's address follows its text, for a text read where nothing is a link (a
    calendar entry): "See the UN site" alone left nothing to follow.

    >>> plain_text("<p>One&nbsp;:</p><p>Two<br>three</p>")
    'One\\xa0:\\n\\nTwo\\nthree'
    >>> plain_text('<p>See <a href="https://www.un.org/">the UN site</a>.</p>', link_targets=True)
    'See the UN site <https://www.un.org/>.'
    """
    if not rich:
        return ""
    text = str(rich)
    if link_targets:
        text = LINK.sub(with_target, text)
    text = PARAGRAPH_END.sub("\n\n", LINE_END.sub("\n", text))
    text = printable(html.unescape(strip_tags(text)))
    lines = (SPACES.sub(" ", line).strip(" ") for line in text.split("\n"))
    return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
