"""Rich text as translators' tools read it: HTML tags become numbered inline codes, and come back as the same tags.

A field's HTML (already cleaned by nh3) is read into a tree of text and codes. Each code carries only a number;
its tag and attributes are kept by the portal, taken again from the English at import (a link to one of the
site's pages then leads to that page in the translation's language), so a translator can move a link or an
emphasis but never add markup of their own. XLIFF 1.2 writes the codes as ``<g>``/``<x/>``,
XLIFF 2.1 as ``<pc>``/``<ph/>``, PO as ``{1}…{/1}`` and ``{2/}``.
"""

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from itertools import count

from django.utils.translation import gettext as _

VOID_TAGS = {"br", "hr", "img"}


class MarkupError(ValueError):
    """The translated markup cannot be turned back into the English's tags."""


@dataclass
class Code:
    id: str
    children: list | None = field(default_factory=list)  # None for a void tag (a line break)


@dataclass
class Codes:
    """A rich text read as a tree, with the tag and attributes behind each code number."""

    tree: list
    tags: dict


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root, self.stack, self.tags = [], [], {}

    def _current(self):
        return self.stack[-1].children if self.stack else self.root

    def handle_starttag(self, tag, attrs):
        code = Code(str(len(self.tags) + 1), None if tag in VOID_TAGS else [])
        self.tags[code.id] = (tag, attrs)
        self._current().append(code)
        if tag not in VOID_TAGS:
            self.stack.append(code)

    def handle_startendtag(self, tag, attrs):
        code = Code(str(len(self.tags) + 1), None)
        self.tags[code.id] = (tag, attrs)
        self._current().append(code)

    def handle_endtag(self, tag):
        if self.stack and tag not in VOID_TAGS:
            self.stack.pop()

    def handle_data(self, data):
        self._current().append(data)


def read_html(html):
    reader = _Reader()
    reader.feed(html or "")
    reader.close()
    return Codes(reader.root, reader.tags)


def to_html(tree, tags):
    """The HTML of ``tree``, with each code's tag taken from ``tags``; a code ``tags`` lacks is an error."""
    parts = []
    for item in tree:
        if isinstance(item, str):
            parts.append(escape(item, quote=False))
            continue
        if item.id not in tags:
            raise MarkupError(_("Inline code %(code)s is not in the English.") % {"code": item.id})
        tag, attrs = tags[item.id]
        attributes = "".join(f' {name}="{escape(value or "")}"' for name, value in attrs)
        if (item.children is None) != (tag in VOID_TAGS):
            raise MarkupError(
                _("Inline code %(code)s is used in a different form from the English.") % {"code": item.id}
            )
        parts.append(f"<{tag}{attributes}>")
        if item.children is not None:
            parts.append(to_html(item.children, tags))
            parts.append(f"</{tag}>")
    return "".join(parts)


def numbered_as(codes, tags):
    """The tree of ``codes`` (a translation's rich text) with each code numbered as the code of ``tags`` (the
    English's) it stands for, so that an import gives each piece of text its own tag back.

    A translation numbers its codes in its own order, which is not the English's where a sentence moves its link or
    emphasis. A code stands for the English code with the same tag and attributes, else for one with the same tag,
    each English code taken once, in order; a code standing for none gets a number the English lacks, which an
    import refuses rather than give that text another piece's tag.
    """
    unused = {number: _plain_tag(tag) for number, tag in tags.items()}
    numbers = {}
    for same in (lambda ours, english: ours == english, lambda ours, english: ours[0] == english[0]):
        for number, tag in codes.tags.items():
            if number in numbers:
                continue
            found = next((english for english, value in unused.items() if same(_plain_tag(tag), value)), None)
            if found is not None:
                numbers[number] = found
                del unused[found]
    spare = (str(number) for number in count(len(tags) + 1))
    numbers |= {number: next(spare) for number in codes.tags if number not in numbers}
    return _renumbered(codes.tree, numbers)


def _renumbered(tree, numbers):
    return [
        item
        if isinstance(item, str)
        else Code(numbers[item.id], None if item.children is None else _renumbered(item.children, numbers))
        for item in tree
    ]


def same_markup(html, other):
    """Whether two HTML texts hold the same text in the same tags, however each writes a character (``&nbsp;``,
    ``&#160;`` or the character itself) and in whatever order each writes a tag's attributes."""
    return _read_plainly(html) == _read_plainly(other)


def _read_plainly(html):
    codes = read_html(html)
    return _merge(codes.tree), {number: _plain_tag(tag) for number, tag in codes.tags.items()}


def _plain_tag(tag):
    name, attrs = tag
    return name, sorted(attrs)


def code_ids(tree):
    ids = []
    for item in tree:
        if isinstance(item, Code):
            ids.append(item.id)
            ids.extend(code_ids(item.children or []))
    return ids


# XML: XLIFF 1.2 and 2.1 name their inline elements differently.
ELEMENTS = {"1.2": ("g", "x"), "2.1": ("pc", "ph")}


def write_xml(node, tree, version):
    """Put ``tree`` inside the lxml element ``node`` (a <source> or <target>), as that XLIFF version's codes."""
    from lxml import etree

    paired, void = ELEMENTS[version]
    namespace = etree.QName(node).namespace
    node.text = None
    for child in list(node):
        node.remove(child)
    last = None
    for item in tree:
        if isinstance(item, str):
            if last is None:
                node.text = (node.text or "") + item
            else:
                last.tail = (last.tail or "") + item
            continue
        name = void if item.children is None else paired
        last = etree.SubElement(node, f"{{{namespace}}}{name}" if namespace else name, id=item.id)
        if item.children is not None:
            write_xml(last, item.children, version)


def read_xml(node):
    """The tree inside an XLIFF <source> or <target>; any element but an inline code is an error."""
    from lxml import etree

    tree = [node.text] if node.text else []
    for child in node:
        if not isinstance(child.tag, str):
            raise MarkupError(_("The translation holds something other than text and inline codes."))
        name = etree.QName(child).localname
        if name in ("g", "pc"):
            tree.append(Code(child.get("id") or "", read_xml(child)))
        elif name in ("x", "ph"):
            tree.append(Code(child.get("id") or "", None))
        else:
            raise MarkupError(
                _("The translation holds a <%(element)s> element; only inline codes may be used.") % {"element": name}
            )
        if child.tail:
            tree.append(child.tail)
    return tree


def write_text(tree):
    """The PO form: ``{1}text{/1}`` for a paired code, ``{2/}`` for a void one; braces in text are doubled."""
    parts = []
    for item in tree:
        if isinstance(item, str):
            parts.append(item.replace("{", "{{").replace("}", "}}"))
        elif item.children is None:
            parts.append(f"{{{item.id}/}}")
        else:
            parts.append(f"{{{item.id}}}{write_text(item.children)}{{/{item.id}}}")
    return "".join(parts)


TOKEN = re.compile(r"\{\{|\}\}|\{(/?)(\d+)(/?)\}")


def read_text(text):
    """The tree of a PO string; unbalanced or crossed codes are an error."""
    root, stack, position = [], [], 0

    def current():
        return stack[-1].children if stack else root

    def add_text(value):
        if value:
            current().append(value)

    for match in TOKEN.finditer(text):
        add_text(text[position : match.start()])
        position = match.end()
        token = match.group(0)
        if token in ("{{", "}}"):
            add_text(token[0])
            continue
        closing, number, void = match.groups()
        if void:
            current().append(Code(number, None))
        elif not closing:
            code = Code(number, [])
            current().append(code)
            stack.append(code)
        elif stack and stack[-1].id == number:
            stack.pop()
        else:
            raise MarkupError(_("Inline code %(code)s is closed where it was not open.") % {"code": number})
    add_text(text[position:])
    if stack:
        raise MarkupError(_("Inline code %(code)s is never closed.") % {"code": stack[-1].id})
    return _merge(root)


def _merge(tree):
    merged = []
    for item in tree:
        if isinstance(item, str) and merged and isinstance(merged[-1], str):
            merged[-1] += item
        else:
            if isinstance(item, Code) and item.children is not None:
                item.children = _merge(item.children)
            merged.append(item)
    return merged
