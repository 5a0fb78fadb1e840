"""Plain text from the sanitised rich text that editors write, for calendars, feeds, metadata and the API."""

import html
import re

from django.utils.html import strip_tags

# Where a block ends, a reader of plain text expects a line break (or a blank line between paragraphs).
PARAGRAPH_END = re.compile(r"</(?:p|h[1-6]|blockquote|ul|ol|table)\s*>", re.IGNORECASE)
LINE_END = re.compile(r"<br\s*/?>|</(?:li|tr|dt|dd)\s*>", re.IGNORECASE)
SPACES = re.compile(r"[ \t\r\f\v]+")
BLANK_LINES = re.compile(r"\n\s*\n\s*")


def plain_text(rich):
    """``rich`` as plain text: paragraphs apart by a blank line, entities decoded (``&nbsp;`` is U+00A0), no tags.

    >>> plain_text("<p>One&nbsp;:</p><p>Two<br>three</p>")
    'One\\xa0:\\n\\nTwo\\nthree'
    """
    if not rich:
        return ""
    text = PARAGRAPH_END.sub("\n\n", LINE_END.sub("\n", str(rich)))
    text = html.unescape(strip_tags(text))
    lines = (SPACES.sub(" ", line).strip(" ") for line in text.split("\n"))
    return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
