"""Widgets written in Python, for the public site's forms: the template engine rendered each through its templates,
and a page's form could cost more than its list."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class FilterSelect(forms.Select):
    """A select of plain choices: the library's filters (one option per event of the archive) rendered through two
    templates an option cost more than its list of documents."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in self.format_value(value)}
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if key in chosen else ""}>{escape(str(label))}</option>'
            for key, label in ((str(key), label) for key, label in self.choices)
        )
        return mark_safe(
            f'<select name="{escape(name)}"{flatatt(self.build_attrs(self.attrs, attrs))}>{options}</select>'
        )


class FilterInput(forms.TextInput):
    """A text box written in Python, as FilterSelect: the markup of Django's template, its attributes in
    alphabetical order."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        shown = "" if value is None else f' value="{escape(str(value))}"'
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<input type="{self.input_type}" name="{escape(name)}"{shown}{attributes}>')
