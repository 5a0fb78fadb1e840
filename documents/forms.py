import datetime
import re

from django import forms
from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.languages import UNLanguage
from common.widgets import FilterInput, FilterSelect
from uploads.checks import check_upload

from .models import Document, DocumentType, Version


class LanguageFileForm(forms.ModelForm):
    """A text in one language (a ``LanguageFile``): a file checked by its content, or an address."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The content check below refuses empty files with a message that names the file.
        self.fields["file"].allow_empty_file = True

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            checked = check_upload(upload, max_size=settings.DOCUMENT_MAX_UPLOAD_SIZE)
            self.checked_file = (checked.kind.content_type, upload.size)
            upload.name = f"upload.{checked.kind.extension}"  # stored under a random name, downloaded under its own
        return upload

    def clean(self):
        cleaned_data = super().clean()
        # Neither: the database's rule says "not both" for both mistakes. After another error of the page, a file
        # chosen before is no longer in the form (a browser never sends it twice): the admin says so too.
        if not cleaned_data.get("file") and not cleaned_data.get("url") and not self.has_error("file"):
            self.add_error("file", _("Give a file or an address."))
        return cleaned_data

    def save(self, commit=True):
        # The checked file's type and size reach the row when it is saved, not before: shown beside the form after
        # another field's error, they described a file the form no longer held.
        if checked_file := getattr(self, "checked_file", None):
            self.instance.content_type, self.instance.size = checked_file
        return super().save(commit)


class DocumentAdminForm(forms.ModelForm):
    """A document in the admin: its address, left empty, made from its symbol (or its English title)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "The document's address. Left empty, it is made from the symbol (A/RES/68/4 gives a-res-68-4), or "
                "from the title for a document without one."
            )

    def clean_slug(self):
        # Not the admin's prepopulating script: it deletes the symbol's separators ("A/RES/68/4" gave "ares684").
        slug = self.cleaned_data["slug"]
        if slug:
            return slug
        english_title = self.cleaned_data.get(f"title_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}")
        source = self.cleaned_data.get("symbol") or english_title or ""
        return slugify(re.sub(r"[^\w]+|_", "-", source))[: Document._meta.get_field("slug").max_length].strip("-")


class VersionForm(LanguageFileForm):
    class Meta:
        model = Version
        fields = ("language", "file", "url")


# The most events the library's filter offers by name (see LibraryFilterForm.offered_events).
FILTER_EVENTS = 50


class LibraryFilterForm(forms.Form):
    """The library's search box and filters; every field optional, bad values ignored with a message."""

    q = forms.CharField(label=_("Search by symbol or title"), required=False, max_length=200, widget=FilterInput)
    type = forms.ChoiceField(label=_("Type"), required=False, widget=FilterSelect)
    event = forms.ChoiceField(label=_("Event"), required=False, widget=FilterSelect)
    # A text box for digits, not type="number": a bad value is shown back as typed, which a number box may not
    # hold (the HTML checker refuses it), and screen readers and browsers handle it better (GOV.UK's advice).
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1945,
        max_value=2100,
        widget=FilterInput(attrs={"inputmode": "numeric", "size": 4}),
    )
    language = forms.ChoiceField(label=_("Available in"), required=False, widget=FilterSelect)

    def __init__(self, *args, events=None, **kwargs):
        """``events``: the (slug, title, key) of the first FILTER_EVENTS + 1 events with documents, most recent first,
        then that of the event asked for if it is older (documents.views.filter_events). The filter offers the
        first FILTER_EVENTS, and the one asked for (linked from its page)."""
        super().__init__(*args, **kwargs)
        self.event_keys = {}
        everything = [("", _("All"))]
        self.fields["type"].choices = everything + list(DocumentType.choices)
        self.fields["event"].choices = everything + self.offered_events(events)
        # "Toutes" in French: the languages ("les langues") are feminine.
        self.fields["language"].choices = [("", pgettext_lazy("languages", "All")), *UNLanguage.choices]

    def offered_events(self, events):
        # A portal of a thousand events would make a select nobody can read, and a library page that costs more
        # with every event: the most recent are offered, each event's page links to its own documents here.
        if events is None:
            return []
        offered = list(events)
        if len(offered) > FILTER_EVENTS:
            chosen = self.data.get("event", "")
            offered, older = offered[:FILTER_EVENTS], offered[FILTER_EVENTS:]
            offered += [event for event in older if event[0] == chosen]
            self.fields["event"].help_text = _(
                "The %(count)s most recent events. An older event’s documents are linked from its page."
            ) % {"count": FILTER_EVENTS}
        self.event_keys = {slug: key for slug, _title, key in offered}
        return [(slug, title) for slug, title, _key in offered]

    def filters(self):
        """The filters asked for, as ``DocumentQuerySet.filtered`` takes them (None for those not asked; the event
        by its key); none at all when one is not understood."""
        data = self.cleaned_data if self.is_valid() else {}
        year = data.get("year")
        return {
            "doc_type": data.get("type") or None,
            "event": self.event_keys.get(data.get("event")),
            "first_day": datetime.date(year, 1, 1) if year else None,
            "last_day": datetime.date(year, 12, 31) if year else None,
            "language": data.get("language") or None,
        }

    @property
    def query(self):
        """The words searched for ("" for none)."""
        return self.cleaned_data.get("q", "").strip() if self.is_valid() else ""
