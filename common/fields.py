"""A rich text field editors format without writing HTML, sanitised on every save."""

from django.db import models
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


class RichTextField(ProseEditorField):
    """HTML cleaned by nh3 against the editor's own allow-list.

    Cleaning runs in ``pre_save`` as well as in form validation, so text that
    reaches the database by any path (admin, demo loader, shell) is safe to
    render with ``|safe``.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("extensions", RICH_TEXT_EXTENSIONS)
        kwargs.setdefault("sanitize", True)
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
