"""A rich text field editors format without writing HTML, sanitised on every save."""

import re

import nh3
from django.db import models
from django_prose_editor.config import allowlist_from_extensions, expand_extensions
from django_prose_editor.fields import ProseEditorField

# What editors may use: headings, paragraphs, lists, links, bold and italics.
RICH_TEXT_EXTENSIONS = {
    "Bold": True,
    "BulletList": True,
    "HardBreak": True,
    "Heading": {"levels": [2, 3, 4]},
    "History": True,
    "Italic": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "ListItem": True,
    "OrderedList": True,
}
EMPTY_DOCUMENT = re.compile(r"<(?P<tag>\w+)></(?P=tag)>")

# Every link's rel, whatever the text said: a pasted rel="opener" would hand the linked page a handle on ours the
# day links open in a new tab (enableTarget).
LINK_REL = "noopener noreferrer"


def sanitizer(extensions):
    """django-prose-editor's nh3 cleaner for ``extensions``, with rel set by nh3 instead of kept from the text."""
    allowlist = allowlist_from_extensions(expand_extensions(extensions))
    allowlist["attributes"].get("a", set()).discard("rel")
    cleaner = nh3.Cleaner(**allowlist | {"link_rel": LINK_REL})
    # The editor's empty document (one empty paragraph) is stored as nothing, as django-prose-editor's cleaner does.
    return lambda html: "" if EMPTY_DOCUMENT.fullmatch(cleaned := cleaner.clean(html)) else cleaned


class RichTextField(ProseEditorField):
    """HTML cleaned by nh3 against the editor's own allow-list.

    Cleaning runs in ``pre_save`` as well as in form validation, so text that
    reaches the database by any path (admin, demo loader, shell) is safe to
    render with ``|safe``.
    """

    def __init__(self, *args, **kwargs):
        extensions = kwargs.setdefault("extensions", RICH_TEXT_EXTENSIONS)
        kwargs.setdefault("sanitize", sanitizer(extensions))
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value:
            value = self.sanitize(value)
            setattr(model_instance, self.attname, value)
        return value

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key in ("extensions", "sanitize", "config", "preset"):
            kwargs.pop(key, None)
        return name, path, args, kwargs


class URLField(models.URLField):
    """An address field whose forms read "example.org" as https, Django 6's rule, without its warning."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.URLField", args, kwargs
