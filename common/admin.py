import contextlib
import contextvars
import datetime
import functools
import hashlib
import html
import operator
import zoneinfo
from urllib.parse import quote as urlquote

import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.contrib.admin.templatetags.admin_list import result_headers
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import display_for_field, display_for_value, lookup_field, quote, unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AdminSplitDateTime, AutocompleteSelect
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import models, transaction
from django.db.models import F, Func
from django.db.models.functions import ExtractYear
from django.forms.models import _get_foreign_key
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, escape, format_html, strip_tags
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import format_lazy
from django.utils.translation import get_language, get_language_info, gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.fields import NONE, TranslationFieldDescriptor
from modeltranslation.utils import build_localized_fieldname, resolution_order
from reversion.admin import VersionAdmin
from reversion.models import Version

from translations.forms import ExportForm
from translations.tracking import (
    mark_reviewed,
    memory_matches,
    other_languages,
    outdated_exists,
    outdated_fields,
    translated_fields,
    translations_stay_current,
)

from . import history
from .languages import LETTERS
from .models import PublicationStatus, choice_labels
from .stored_files import missing_from_storage
from .text import check_printable
from .times import is_skipped
from .translation_status import Completeness, completeness


def _zone(name):
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        return None


class WallClockDateTimeField(forms.SplitDateTimeField):
    """A date and time as the venue's clock shows them, in the active zone (``LocalTimeAdminMixin``). A time the
    clocks pass twice (the hour repeated when summer time ends) is its first passage, as sessions' times are:
    Django refused it, so such a deadline could be neither typed nor kept when its call was saved again. A time the
    clocks skip is refused, saying why."""

    def compress(self, data_list):
        if not data_list or data_list[0] in self.empty_values or data_list[1] in self.empty_values:
            return super().compress(data_list)
        day, time = data_list
        zone = timezone.get_current_timezone()
        if is_skipped(day, time, zone):
            raise ValidationError(
                _("The clocks go forward at this time on this day in %(zone)s: this time does not exist."),
                code="time_skipped",
                params={"zone": timezone.get_current_timezone_name()},
            )
        return datetime.datetime.combine(day, time, tzinfo=zone)


class LocalTimeAdminMixin:
    """Date-times typed and shown in the time zone of the public page, with the zone named beside each field.

    The zone is the object's ``time_zone``: as posted (the editor may change it in the same form), else as
    stored, else the field's default. A model without one (a document) is edited in UTC, and says so.
    Without this, the admin would read "23:59" in the server's zone while the page shows the call's. When the
    editor changes the zone, what they typed is read in the new one, what they left as shown keeps its moment.
    """

    zone_field = "time_zone"
    formfield_overrides = {models.DateTimeField: {"form_class": WallClockDateTimeField, "widget": AdminSplitDateTime}}

    def editing_zone(self, request, object_id=None):
        if not self.zoned():
            return zoneinfo.ZoneInfo("UTC")
        zone = _zone(request.POST.get(self.zone_field)) if request.method == "POST" else None
        return zone or self.stored_zone(object_id) or self.default_zone()

    def zoned(self):
        try:
            return bool(self.model._meta.get_field(self.zone_field))
        except FieldDoesNotExist:
            return False

    def stored_zone(self, object_id):
        if not object_id or not self.zoned():
            return None
        try:
            stored = self.model._default_manager.filter(pk=self.model._meta.pk.to_python(unquote(object_id)))
        except ValidationError:  # not a key ("abc" in the address): the change view says there is no such object
            return None
        return _zone(stored.values_list(self.zone_field, flat=True).first())

    def default_zone(self):
        return _zone(self.model._meta.get_field(self.zone_field).get_default()) or zoneinfo.ZoneInfo("UTC")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        zone = self.editing_zone(request, object_id)
        stored = self.stored_zone(object_id) if request.method == "POST" else None
        # The editor changed the zone: the date-times they left as shown keep their moment (keep_moments).
        request.zone_change = (stored, zone) if stored and stored.key != zone.key else None
        request.moments_kept = []
        with timezone.override(zone):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            # A TemplateResponse renders after the view returns: render it while the zone is active.
            if callable(getattr(response, "render", None)) and not response.is_rendered:
                response.render()
            return response

    def keep_moments(self, request, form):
        """After a change of zone, give each date-time of ``form`` that the editor left as it was shown (its clock in
        the former zone) its moment back: read in the new zone, a "publish from" already reached would move hours
        later and take a live page off the site, a deadline would move; only what the editor typed is read anew."""
        if not getattr(request, "zone_change", None):
            return
        was, now = request.zone_change
        for name, field in form.fields.items():
            shown, posted = form.initial.get(name), form.cleaned_data.get(name)
            timed = isinstance(field, forms.DateTimeField | forms.SplitDateTimeField)
            if timed and shown and posted and wall_clock(shown, was) == wall_clock(posted, now):
                setattr(form.instance, name, shown)
                request.moments_kept.append(str(field.label))

    def save_form(self, request, form, change):
        obj = super().save_form(request, form, change)
        self.keep_moments(request, form)
        return obj

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            if inline_form.has_changed() and hasattr(inline_form, "cleaned_data"):
                self.keep_moments(request, inline_form)
        super().save_formset(request, form, formset, change)

    def response_change(self, request, obj):
        kept = list(dict.fromkeys(getattr(request, "moments_kept", ())))
        if kept:
            message = _(
                "The time zone is now %(zone)s. These dates and times kept their moment, shown now in this zone: "
                "%(fields)s. Change them if they were meant as this zone's clock time."
            ) % {"zone": request.zone_change[1].key, "fields": ", ".join(kept)}
            self.message_user(request, message, messages.WARNING)
        return super().response_change(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        return name_the_zone(super().get_form(request, obj, change=change, **kwargs))


def wall_clock(moment, zone):
    """What a clock in ``zone`` shows at ``moment``, to the second, as the admin's fields show it."""
    return moment.astimezone(zone).replace(tzinfo=None, microsecond=0)


def name_the_zone(form_class, *, times=()):
    """Say beside each date-time field (and each of ``times``, wall-clock times) which zone it is read in.

    The zone's name is marked, so that static/js/admin-time-zone.js can follow the zone the editor chooses before
    saving: the server reads the times in the zone posted with them, not in the one this page was drawn with.
    """
    zone = format_html('<span class="time-zone-name">{}</span>', timezone.get_current_timezone_name())
    # The admin shows help texts as HTML: the sentence is escaped, the marked name is not.
    named = mark_safe(conditional_escape(gettext("Time in %(zone)s.")) % {"zone": zone})
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.DateTimeField | forms.SplitDateTimeField) or name in times:
            field.help_text = format_lazy("{} {}", named, field.help_text or "")
    return form_class


class YearListFilter(admin.SimpleListFilter):
    """Filter a list by the year of ``date_field``; the years offered are those in the data."""

    title = _("year")
    parameter_name = "year"
    date_field = "date"

    def lookups(self, request, model_admin):
        years = (
            model_admin.get_queryset(request)
            .exclude(**{f"{self.date_field}__isnull": True})
            .annotate(year=ExtractYear(self.date_field))
            .values_list("year", flat=True)
            .distinct()
            .order_by("-year")
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(**{f"{self.date_field}__year": int(self.value())})
        return queryset


class PublicationFilter(admin.SimpleListFilter):
    """Draft, scheduled (published with a publish time still to come) or live."""

    title = _("publication")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return (("draft", _("Draft")), ("scheduled", _("Scheduled")), ("live", _("Live")))

    def queryset(self, request, queryset):
        match self.value():
            case "draft":
                return queryset.drafts()
            case "scheduled":
                return queryset.scheduled()
            case "live":
                return queryset.published()
        return queryset


class TitleListFilter(admin.RelatedFieldListFilter):
    """A filter by a related event, session or call that reads each one's key and title only: Django's own builds
    every related object with all its columns (76 for an event), so the moderation queue's filter by call cost
    10 ms at 500 calls. Use as ``("call", TitleListFilter)`` in ``list_filter``, in an admin with
    ``TitleFiltersMixin``.

    Up to ``most_links`` of them, a link each; beyond, a box that finds one by its title (the admin's autocomplete,
    from the related admin's search), so that the sidebar stays the same size at 500 events as at 4. A related
    model without an admin that searches gets its first ``most_links`` links and a note that there are more."""

    most_links = 30

    def field_choices(self, field, request, model_admin):
        related = field.remote_field.model._default_manager
        ordering = self.field_admin_ordering(field, request, model_admin) or related.model._meta.ordering
        choices = list(related.order_by(*ordering).values_list("pk", "title")[: self.most_links + 1])
        self.more = len(choices) > self.most_links
        if self.more:
            self.searched_by = searching_admin(model_admin.admin_site, field.remote_field.model, request)
            self.template = "admin/filter_by_title.html"
        return choices[: self.most_links]

    def choices(self, changelist):
        if not self.more:
            yield from super().choices(changelist)
            return
        if self.searched_by is None:
            yield from super().choices(changelist)
            yield {"more": gettext("Only the first %(count)d are listed.") % {"count": self.most_links}}
            return
        related = self.field.remote_field.model._default_manager.only("pk", "title")
        box = forms.ModelChoiceField(
            related, required=False, widget=AutocompleteSelect(self.field, self.searched_by.admin_site)
        )
        name = self.lookup_kwarg
        yield {
            "selected": self.lookup_val is None and not self.lookup_val_isnull,
            "query_string": changelist.get_query_string(remove=[self.lookup_kwarg, self.lookup_kwarg_isnull]),
            "display": _("All"),
            "box": box.widget.render(name, (self.lookup_val or [""])[-1], attrs={"id": f"filter_{name}"}),
            "box_id": f"filter_{name}",
            "kept": [
                (key, value)
                for key, values in changelist.params.items()
                if key not in (self.lookup_kwarg, self.lookup_kwarg_isnull)
                for value in (values if isinstance(values, list) else [values])
            ],
        }


def searching_admin(admin_site, model, request):
    """``model``'s admin if it has a search for the autocomplete to use, else None."""
    model_admin = admin_site._registry.get(model)
    return model_admin if model_admin is not None and model_admin.get_search_fields(request) else None


class TitleFiltersMixin:
    """Admins with a ``TitleListFilter``: the admin's autocomplete scripts on the list, for its box."""

    @property
    def media(self):
        return super().media + AutocompleteSelect(None, self.admin_site).media


# Stands for the primary key in a change URL made once per list (any text the URL pattern takes).
PK_PLACEHOLDER = "__pk__"


class RowsChangeList(ChangeList):
    """A list page whose rows cost little each: a hundred rows should cost little more than ten.

    The admin's own rows (``items_for_result``) work out, for every cell of every row, which field the column
    shows, how to display it, whether it links and to what URL, and then render each cell through the
    template engine. Here each column is worked out once per page (``ListColumn``) and a row is one string of
    its cells, with the same HTML (tests/common/test_admin_rows.py compares the two). Lists that edit rows in
    place (``list_editable``) or answer a popup keep the admin's own rows.
    """

    @property
    def has_rows(self):
        return not self.formset and not self.is_popup

    def get_results(self, request):
        super().get_results(request)
        # The page's rows without the fields no column reads (``list_defer``); the queryset that actions receive
        # keeps them all.
        self.result_list = self.result_list.defer(*self.model_admin.list_defer)

    @cached_property
    def change_url(self):
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}_change"
        return reverse(name, args=(PK_PLACEHOLDER,), current_app=self.model_admin.admin_site.name)

    @cached_property
    def change_url_parts(self):
        """A row's change link, with the list's filters kept, before and after its primary key (escaped)."""
        url = add_preserved_filters({"preserved_filters": self.preserved_filters, "opts": self.opts}, self.change_url)
        return [escape(part) for part in url.split(PK_PLACEHOLDER)]

    def row_url(self, result):
        """``result``'s change link as a row writes it: escaped, with the list's filters kept."""
        before, after = self.change_url_parts
        pk = getattr(result, self.pk_attname)
        return f"{before}{pk if type(pk) is int else escape(url_pk(pk))}{after}"

    def url_for_result(self, result):
        # For the admin's own rows (popups, list_editable): one URL reversal per page there too.
        return self.change_url.replace(PK_PLACEHOLDER, url_pk(getattr(result, self.pk_attname)))

    def columns(self):
        """How to write each column's cell, as ``items_for_result`` decides it: links, header cell, classes."""
        links = self.list_display_links
        first = True
        columns = []
        for index, name in enumerate(self.list_display):
            linked = links is not None and ((first and not links) or name in links)
            columns.append(ListColumn(self, name, column_name(name, index), linked=linked, header=linked and first))
            first = first and not linked
        return columns

    def results_table(self):
        """What the admin's ``result_list`` tag gives ``change_list_results.html``, with rows of one string each
        (``rows``) and the table's body as one string (``body``), for ``admin/change_list_rows_results.html``."""
        headers = list(result_headers(self))
        # Column by column, then joined into rows: Python runs one column's code over every row faster than it
        # alternates between columns on each row (8 ms instead of 11 for a hundred document rows).
        cells = [[column.cell(result) for result in self.result_list] for column in self.columns()]
        rows = ["".join(row) for row in zip(*cells, strict=True)]
        return {
            "cl": self,
            "result_headers": headers,
            "num_sorted_fields": sum(1 for header in headers if header["sortable"] and header["sorted"]),
            "rows": rows,
            # The table's body in one piece: the admin's template would loop over the rows and their cells.
            "body": mark_safe("\n".join(f"<tr>{row}</tr>" for row in rows)),
        }


def column_name(name, index):
    """The name in a column's CSS class (``field-<name>``), as the admin gives it."""
    if not callable(name):
        return name
    return f"lambda{index}" if name.__name__ == "<lambda>" else name.__name__


def url_pk(pk):
    """A primary key as ``reverse`` writes it into a change URL: quoted for the admin, then for the URL."""
    if type(pk) is int:  # digits, which neither quoting changes
        return str(pk)
    return urlquote(str(quote(pk)), safe=RFC3986_SUBDELIMS + "/~:@")


def is_plain_text(field):
    """Whether the admin displays ``field``'s text as it is, escaped (``display_for_field``: a field without
    choices whose class is none of those it displays in their own way)."""
    return (
        isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.URLField)
        and not field.choices
        and not field.auto_created
    )


def text_reader(model, name):
    """What reads the text field ``name`` of a row: for a translated field, its language and fallbacks looked up
    once (modeltranslation's descriptor looks them up on every read), the attribute itself for another."""
    descriptor = model.__dict__.get(name)
    if not isinstance(descriptor, TranslationFieldDescriptor) or descriptor.fallback_undefined is not NONE:
        return operator.attrgetter(name)
    names = [
        build_localized_fieldname(name, code)
        for code in resolution_order(get_language(), descriptor.fallback_languages)
    ]
    undefined = descriptor.field.get_default()

    def read(row):
        # The descriptor's first meaningful value; when none is, what the descriptor gives is read through it.
        for localized in names:
            value = getattr(row, localized, None)
            if value is not None and value != undefined:
                return value
        return getattr(row, name)

    return read


def text_content(read, row):
    """A text field's cell content, or None for an empty one (the admin's empty value, worked out the long way)."""
    value = read(row)
    return html.escape(value) if type(value) is str and value.strip() else None


def function_content(function, row):
    """The content of a column whose function returns HTML (as ``format_html`` and ``mark_safe`` do) or text, or
    None for anything else or an empty value, which the admin's display code shows."""
    value = function(row)
    if type(value) not in (SafeString, str) or not value.strip():
        return None
    return value if type(value) is SafeString else html.escape(value)


# Values whose display within a page depends on them alone (equal values look the same): worked out once each.
REMEMBERED_TYPES = frozenset((str, bool, int, type(None), datetime.date, datetime.datetime, datetime.time))


class ListColumn:
    """One column of a ``RowsChangeList``: what ``items_for_result`` decides per cell, decided once, and the
    display of each type, date or yes-or-no the column shows (with its translated label) worked out once."""

    def __init__(self, changelist, name, css_name, *, linked, header):
        self.changelist = changelist
        self.name = name
        self.css_class = f"field-{css_name}"
        self.linked = linked
        self.tag = "th" if header else "td"
        self.empty = changelist.model_admin.get_empty_value_display()
        self.displayed = {}
        self.choice_labels = None
        self.read = None
        # What reads a cell's content straight from a row (it gives None where the admin's display code is
        # needed), for the columns whose display needs little of that code: decided on the first row (``lookup``).
        self.quick = None
        self.start = f'<{self.tag} class="{self.css_class}">'
        self.end = f"</{self.tag}>"

    def lookup(self, result):
        """``lookup_field``'s (field, attr, value) for this column and ``result``. Whether the column shows a
        field or calls a function of the admin is the same on every row: after the first, only the value is read."""
        if self.read is not None:
            return self.read(result)
        model_admin = self.changelist.model_admin
        field, attr, value = lookup_field(self.name, result, model_admin)
        if field is not None:
            self.read = lambda row: (field, None, getattr(row, self.name))
            if is_plain_text(field):
                self.quick = functools.partial(text_content, text_reader(type(result), self.name))
            elif field.remote_field is None and not field.auto_created:
                self.quick = self.remembered_content
                if isinstance(field, models.DateField | models.TimeField):
                    self.start = f'<{self.tag} class="{self.css_class} nowrap">'
        elif callable(self.name) or (hasattr(model_admin, self.name) and self.name != "__str__"):
            self.read = lambda row: (None, attr, attr(row))
            if self.name == "action_checkbox" and isinstance(model_admin, ListRowsMixin):
                self.start = '<td class="action-checkbox">'
                self.quick = model_admin.checkboxes()
            elif not getattr(attr, "boolean", False) and not isinstance(attr, property):
                self.quick = functools.partial(function_content, attr)
        else:  # an attribute of the model, read from each row as the admin reads it
            self.read = lambda row: lookup_field(self.name, row, model_admin)
        return field, attr, value

    def remembered_content(self, row):
        """What this page showed before for the same value of this column's field (a type, a status, a date), or
        None the first time."""
        value = getattr(row, self.name)
        try:
            return self.displayed.get((type(value), value))
        except TypeError:  # an unhashable value
            return None

    def cell(self, result):
        """The cell's HTML for ``result``, as the admin writes it."""
        content = None if self.quick is None else self.quick(result)
        if content is None:
            return self.admins_cell(result)
        if self.linked:
            content = f'<a href="{self.changelist.row_url(result)}">{content}</a>'
        return f"{self.start}{content}{self.end}"

    def admins_cell(self, result):
        """The cell as ``items_for_result`` works it out, with what it decides once per column decided once."""
        classes = [self.css_class]
        try:
            field, attr, value = self.lookup(result)
        except ObjectDoesNotExist:
            content = conditional_escape(self.empty)
        else:
            empty = getattr(attr, "empty_value_display", self.empty)
            if isinstance(value, str) and value.strip() == "":
                value = ""
            if field is None or field.auto_created:
                if self.name == "action_checkbox":
                    classes = ["action-checkbox"]
                boolean = getattr(attr, "boolean", False)
                if isinstance(attr, property) and hasattr(attr, "fget"):
                    boolean = getattr(attr.fget, "boolean", False)
                content = self.display(value, display_for_value, empty, boolean)
                if isinstance(value, datetime.date | datetime.time):
                    classes.append("nowrap")
            else:
                if isinstance(field.remote_field, models.ManyToOneRel):
                    related = getattr(result, field.name)
                    content = conditional_escape(empty if related is None else related)
                elif self.labels(field):
                    content = self.display(value, self.labels(field).get, empty, key=(type(value), value))
                else:
                    content = self.display(value, display_for_field, field, empty, avoid_link=self.linked)
                if isinstance(field, models.DateField | models.TimeField | models.ForeignKey):
                    classes.append("nowrap")
        if self.linked:
            content = f'<a href="{self.changelist.row_url(result)}">{content}</a>'
        return f'<{self.tag} class="{" ".join(classes)}">{content}</{self.tag}>'

    def labels(self, field):
        """The labels of a field with choices by value, as the admin shows them (built once: a field builds its
        flatchoices anew on each read, and a country field's hold every country)."""
        if self.choice_labels is None:
            try:
                self.choice_labels = choice_labels(field) if field.choices else {}
            except TypeError:  # choices whose values are lists: the admin's own display handles them
                self.choice_labels = {}
        return self.choice_labels

    def display(self, value, display, *args, key=None, **kwargs):
        """``display(value, ...)`` escaped, once per page for each value of the ``REMEMBERED_TYPES`` or each
        ``key`` (the type and value of a field with choices, whose label its value picks), kept by its type and
        value for ``remembered_content``."""
        if key is None and type(value) in REMEMBERED_TYPES:
            key = (type(value), value)
        try:
            return self.displayed[key]
        except KeyError:
            shown = conditional_escape(display(value, *args, **kwargs))
            if key is not None:
                self.displayed[key] = shown
            return shown
        except TypeError:  # an unhashable value
            return conditional_escape(display(value, *args, **kwargs))


class ListRowsMixin:
    """Admin lists whose rows cost little each (``RowsChangeList``), selection box included."""

    change_list_template = "admin/change_list_rows.html"
    # Fields that no column of the list reads, left out of its rows (a column reading one would cost a query
    # per row: the query budgets in tests/portal/test_query_budgets.py list 200 rows).
    list_defer = ()
    # Whether the date hierarchy offers every period from the first date to the last (admin_dates.py), for a list
    # too long to read the distinct dates of.
    date_hierarchy_spanned = False

    def get_changelist(self, request, **kwargs):
        return RowsChangeList

    def changelist_view(self, request, extra_context=None):
        # The page the rows' template extends: the next class's (reversion's, with "Recover deleted") or Django's.
        base = super().change_list_template or "admin/change_list.html"
        return super().changelist_view(request, {"base_change_list_template": base, **(extra_context or {})})

    def action_checkbox(self, obj):
        return self.checkboxes()(obj)

    def checkboxes(self):
        """What writes a row's selection box: the HTML the admin's CheckboxInput renders (format_html's escaping,
        written out), without rendering a widget template for every row, its label translated once per page."""
        label = gettext("Select this object for an action - {}")
        start = f'<input type="checkbox" name="{ACTION_CHECKBOX_NAME}" value="'

        def checkbox(obj):
            pk = obj.pk
            value = pk if type(pk) is int else escape(pk)
            return SafeString(
                f'{start}{value}" class="action-select" aria-label="{label.format(html.escape(str(obj)))}">'
            )

        return checkbox


def related_fields_except(prefix, model, *kept):
    """The fields of ``model`` (reached through the relation ``prefix``, or the list's own model for "") other
    than its key and ``kept``, for ``list_defer``: a translated field by its own name, which stands for all its
    languages."""
    translated = {attribute for attributes in status_attributes(model)[1] for attribute in attributes}
    names = [
        field.name
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in kept and field.name not in translated
    ]
    return tuple(f"{prefix}__{name}" if prefix else name for name in names)


class PrintableTextAdminMixin:
    """Every text an editor types is refused, with the field's own error, if it holds a control character
    (common/text.py): pasted from a word processor, it would make an invalid page and be dropped from feeds."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(db_field, models.CharField | models.TextField):
            formfield.validators.append(check_printable)
        return formfield


class HistoryAdmin(VersionAdmin):
    """django-reversion's history and recovery of deleted objects, where a version number in the address that
    cannot be one (a number longer than the database's) is a 404, as an unknown version is, not a server error.

    A revision naming a file that is no longer stored is refused, saying which, before its form is shown: restored,
    its downloads would fail. Files a kept revision names are kept (common.stored_files), so this is history older
    than that rule, or a file lost from the storage.

    Each revision's comment is kept as data and shown in the reader's language (``common.history``), where
    django-reversion stores it written in the language of whoever saved.
    """

    object_history_template = "admin/history.html"

    def log_addition(self, request, obj, message):
        return self._keep_change_message(super().log_addition(request, obj, message))

    def log_change(self, request, obj, message):
        return self._keep_change_message(super().log_change(request, obj, message))

    def _keep_change_message(self, entry):
        if reversion.is_active():
            reversion.set_comment(entry.change_message)  # Django's JSON, as its LogEntry keeps it
        return entry

    @contextlib.contextmanager
    def create_revision(self, request):
        with super().create_revision(request):
            yield
            # A revert or a recovery saved: django-reversion has just written its comment out in the editor's
            # language, at the end of this same block; keep the date it names instead.
            if (saved := _reverting_to.get()) is not None:
                reversion.set_comment(history.reverted(saved))

    def revision_view(self, request, object_id, version_id, extra_context=None):
        key = version_key(version_id)
        if refused := self.refuse_missing_files(request, key, "history", object_id=unquote(object_id)):
            return refused
        with _reverting(key):
            return super().revision_view(request, object_id, key, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        key = version_key(version_id)
        if refused := self.refuse_missing_files(request, key, "recoverlist"):
            return refused
        with _reverting(key):
            return super().recover_view(request, key, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        if isinstance(response, TemplateResponse):  # not the redirection away from an item that does not exist
            for action in response.context_data["action_list"]:
                action["comment"] = history.comment_text(action["revision"].comment)
        return response

    def refuse_missing_files(self, request, version_id, page, object_id=None):
        """A redirection to the admin's ``page`` saying which files are gone, or None if the revision of
        ``version_id`` names none that is missing, or is no version of this model (of ``object_id``) that this user
        may restore: reversion's own view then says what it says."""
        if not self.has_change_permission(request):
            return None
        versions = Version.objects.get_for_model(self.model).select_related("revision").filter(pk=version_id)
        if object_id is not None:
            versions = versions.filter(object_id=object_id)
        version = versions.first()
        missing = missing_from_storage(version.revision) if version else []
        if not missing:
            return None
        message = ngettext(
            "This version cannot be restored: the file of %(items)s is no longer stored. Nothing was changed; "
            "upload the file again instead.",
            "This version cannot be restored: the files of %(items)s are no longer stored. Nothing was changed; "
            "upload the files again instead.",
            len(missing),
        ) % {"items": ", ".join(f"“{item.object_repr}”" for item in missing)}
        self.message_user(request, message, messages.ERROR)
        opts = self.model._meta
        args = [quote(object_id)] if object_id is not None else []
        return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=args))


# The date of the version a revert or recovery in this request brings back, for ``HistoryAdmin.create_revision``.
_reverting_to = contextvars.ContextVar("reverting_to", default=None)


@contextlib.contextmanager
def _reverting(version_id):
    version = Version.objects.filter(pk=version_id).select_related("revision").first()
    token = _reverting_to.set(version.revision.date_created if version else None)
    try:
        yield
    finally:
        _reverting_to.reset(token)


def version_key(version_id):
    try:
        return Version._meta.pk.to_python(version_id)
    except ValidationError:
        raise Http404 from None


class EditedMeanwhileMixin:
    """A change form saved over someone else's change is refused once, naming who saved and when.

    Two editors who open the same event and save in turn would otherwise both read "changed successfully", the
    second form writing back every field the first changed. The form carries a digest of the object's row and
    its inline rows as the page showed them (``edited_version``); a save whose digest is no longer the stored one
    is refused, and the form then carries the stored digest, so that saving again keeps this form's contents on
    purpose. A row of an inline that someone deleted meanwhile fails on a hidden field no template shows: its
    list says so (``get_inline_formsets``).
    """

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or obj.pk is None:
            return form_class
        stored, clean_before, admin = self.edited_version(request, obj), form_class.clean, self

        def clean(form):
            cleaned_data = clean_before(form)
            if cleaned_data.get("edited_version") not in ("", stored):
                form.data = form.data.copy()
                form.data[form.add_prefix("edited_version")] = stored
                raise ValidationError(admin.edited_meanwhile(obj), code="edited_meanwhile")
            return cleaned_data

        # Extended in place: the class is made anew for each request (modelform_factory), and a subclass would make
        # its fields again from the model, losing what other mixins set on them (the zone in the help texts).
        form_class.base_fields["edited_version"] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=stored
        )
        form_class.clean = clean
        return form_class

    def edited_version(self, request, obj):
        """A digest of ``obj``'s stored row and its inlines' rows."""
        rows = [list(self.model._default_manager.filter(pk=obj.pk).values())]
        for inline in self.get_inline_instances(request, obj):
            # The inline's link to ``obj`` as its formset finds it, without building a formset class only to read it.
            link = _get_foreign_key(self.model, inline.model, fk_name=inline.fk_name).name
            rows.append(list(inline.model._default_manager.filter(**{link: obj}).order_by("pk").values()))
        return hashlib.sha256(repr(rows).encode()).hexdigest()

    def edited_meanwhile(self, obj):
        name = self.model._meta.verbose_name
        last = (
            LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(self.model), object_id=str(obj.pk))
            .select_related("user")
            .order_by("-action_time")
            .first()
        )
        if last is None:
            return _(
                "Someone saved this %(item)s after you opened it. Saving would replace their changes with this "
                "form's contents: open it again in another tab to see them, or save again to keep yours."
            ) % {"item": name}
        return _(
            "%(user)s saved this %(item)s at %(time)s, after you opened it. Saving would replace their changes "
            "with this form's contents: open it again in another tab to see them, or save again to keep yours."
        ) % {
            "user": last.user.get_full_name() or last.user.get_username(),
            "item": name,
            "time": formats.date_format(timezone.localtime(last.action_time), "DATETIME_FORMAT"),
        }

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        for formset in formsets:
            if formset.is_bound and any(
                form[name].is_hidden for form in formset.forms for name in form.errors if name in form.fields
            ):
                formset.non_form_errors().append(
                    _(
                        "A row of this list was deleted or changed by someone else after you opened this page: open it "
                        "again to see the list as it is now."
                    )
                )
        return super().get_inline_formsets(request, formsets, inline_instances, obj)


class LabelledInlineMixin:
    """An inline's "duplicate" error names the fields by their labels in the editor's language ("langue"), not by
    their attributes ("language"), which Django's formsets give."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        meta = self.model._meta

        class LabelledFormSet(formset):
            def get_unique_error_message(self, unique_check):
                labels = [str(meta.get_field(name).verbose_name) for name in unique_check if name != self.fk.name]
                return forms.BaseModelFormSet.get_unique_error_message(self, labels)

        return LabelledFormSet


class PreviewLinkMixin:
    """ "View on site" that previews what is not public yet, for a model admin and for its inlines' rows alike."""

    def get_view_on_site_url(self, obj=None):
        url = super().get_view_on_site_url(obj)
        if url and obj is not None and hasattr(obj, "is_published") and not obj.is_published():
            url = obj.get_absolute_url() + "?preview=1"
        return url


class PublishableAdminMixin(PreviewLinkMixin, EditedMeanwhileMixin, LocalTimeAdminMixin):
    """Bulk publish and unpublish, "View on site" that previews drafts, and an edit never silently saved over
    another."""

    actions = ("publish", "unpublish")
    change_form_template = "admin/publishable_change_form.html"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if request.method == "POST" and request.FILES:
            # The form is shown again with its errors, and a browser never sends a file twice.
            message = _(
                "The files you chose were not kept, because the page has errors: choose them again before saving."
            )
            self.message_user(request, message, messages.WARNING)
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=_("status"), ordering="status")
    def publication(self, obj):
        """The status as visitors meet it: published from a moment to come is "Scheduled", with that moment."""
        if obj.status == PublicationStatus.PUBLISHED and not obj.is_published():
            # In the zone the form shows it in (LocalTimeAdminMixin), named.
            zone = _zone(getattr(obj, self.zone_field, None)) or zoneinfo.ZoneInfo("UTC")
            moment = formats.date_format(timezone.localtime(obj.publish_from, zone), "DATETIME_FORMAT")
            return _("Scheduled (from %(moment)s, %(zone)s)") % {"moment": moment, "zone": zone.key}
        # A plain text, and from the enumeration: the column remembers plain texts, and get_status_display() builds
        # the field's choices anew for each row (a list of a hundred documents took 3 ms more).
        return str(PublicationStatus(obj.status).label)

    def _set_status(self, request, queryset, status, comment):
        # Saved one by one, not with update(), so that history and cache invalidation see each change. ``comment``
        # is the note's English (gettext_noop), shown in the reader's language (common.history).
        count = 0
        with transaction.atomic(), reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(comment)
            for obj in queryset.exclude(status=status):
                obj.status = status
                obj.save()
                count += 1
        return count

    @admin.action(description=_("Publish the selected items"), permissions=["change"])
    def publish(self, request, queryset):
        count = self._set_status(request, queryset, PublicationStatus.PUBLISHED, gettext_noop("Published"))
        message = ngettext("%(count)d item published.", "%(count)d items published.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Return the selected items to draft"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = self._set_status(request, queryset, PublicationStatus.DRAFT, gettext_noop("Returned to draft"))
        message = ngettext("%(count)d item returned to draft.", "%(count)d items returned to draft.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)


STATUS_SYMBOLS = {
    Completeness.COMPLETE: "✓",
    Completeness.OUTDATED: "↻",
    Completeness.PARTIAL: "◐",
    Completeness.MISSING: "✗",
}
MINOR_CHANGE = "translations_stay_current"


def offer_memory(form_class, obj):
    """Beside each empty or outdated translation whose English the memory knows, the remembered translation."""
    english = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    fields = translated_fields(type(obj))
    outdated = outdated_fields([obj]).get((type(obj), obj.pk), set())
    for language in other_languages():
        sources = {name: getattr(obj, f"{name}_{english}") for name in fields}
        remembered = memory_matches(sources.values(), language)
        for name, source in sources.items():
            field = form_class.base_fields.get(f"{name}_{language}")
            current = getattr(obj, f"{name}_{language}")
            if field is None or source not in remembered or (current and (name, language) not in outdated):
                continue
            offer = _("Translation memory: “%(translation)s”") % {"translation": strip_tags(remembered[source])}
            field.help_text = format_lazy("{} {}", field.help_text or "", offer)


class TranslationStatusMixin:
    """Translations in the admin: a status column per language (complete, outdated, partial or missing), a
    "minor change" box on the change form that keeps translations current, and an action marking them reviewed.
    """

    def get_queryset(self, request):
        annotations = {f"outdated_{code}": outdated_exists(self.model, code) for code in other_languages()}
        # Whether each language of a translated field that the list leaves out (``list_defer``: a document's
        # descriptions) holds text, which is all the status column reads of it (``status_values``).
        fields = status_attributes(self.model)[1]
        for name, attributes in zip(translated_fields(self.model), fields, strict=True):
            if name in getattr(self, "list_defer", ()):
                annotations.update({f"filled_{attribute}": filled(attribute) for attribute in attributes})
        return super().get_queryset(request).annotate(**annotations)

    def get_actions(self, request):
        # Added here rather than in ``actions``, which would hide the publishing actions of the other mixins.
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            for name in ("mark_translations_reviewed", "export_for_translation"):
                action = self.get_action(name)
                actions[action[1]] = action
        return actions

    @admin.action(description=_("Export the selected items for translation (XLIFF or PO)"), permissions=["change"])
    def export_for_translation(self, request, queryset):
        """Choose the language and the format of the selection's file for translators (translations/views.py)."""
        form = ExportForm(
            initial={
                "model": self.model._meta.label_lower,
                "ids": ",".join(str(pk) for pk in queryset.values_list("pk", flat=True)),
                "scope": "todo",
            }
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Export for translation"),
            "opts": self.model._meta,
            "form": form,
            "count": queryset.count(),
        }
        return TemplateResponse(request, "translations/export_selection.html", context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            minor = forms.BooleanField(
                label=_("Minor change, translations stay current"),
                required=False,
                help_text=_("Tick for a correction that leaves the meaning as it was, such as a typo."),
            )
            base = kwargs.get("form", self.form)
            kwargs["form"] = type(base.__name__, (base,), {MINOR_CHANGE: minor})
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            offer_memory(form, obj)
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [*fieldsets, (_("Translations"), {"fields": [MINOR_CHANGE]})]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id and request.POST.get(MINOR_CHANGE):
            with translations_stay_current():
                return super().changeform_view(request, object_id, form_url, extra_context)
        return super().changeform_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Mark the translations of the selected items as reviewed"), permissions=["change"])
    def mark_translations_reviewed(self, request, queryset):
        with transaction.atomic(), reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(gettext_noop("Translations marked as reviewed"))  # shown translated (common.history)
            count = 0
            for obj in queryset:
                if mark_reviewed(obj):
                    reversion.add_to_revision(obj)
                    count += 1
        message = ngettext(
            "The translations of %(count)d item are current again.",
            "The translations of %(count)d items are current again.",
            count,
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.display(description=_("translations"))
    def translation_status(self, obj):
        """The badges of ``obj``'s languages. They depend only on which of its translated fields hold text and
        which languages are outdated: worked out once per such pattern and language of the admin, not per row."""
        pattern = (get_language(), *map(bool, self.status_values(obj)))
        try:
            return self.status_badges[pattern]
        except KeyError:
            badges = self.status_badges[pattern] = status_badges(*pattern)
            return badges

    @cached_property
    def status_badges(self):
        return {}

    @cached_property
    def status_values(self):
        """What the badges read of a row (``get_queryset``'s): each other language's ``outdated_`` annotation,
        then each translated field in each language, English first (its text, or for a field the list leaves
        out, its ``filled_`` annotation)."""
        languages, fields = status_attributes(self.model)
        left_out = set(getattr(self, "list_defer", ()))
        names = [
            f"filled_{attribute}" if name in left_out else attribute
            for name, attributes in zip(translated_fields(self.model), fields, strict=True)
            for attribute in attributes
        ]
        return operator.attrgetter(*(f"outdated_{code}" for code in languages[1:]), *names)


def filled(attribute):
    """Whether the text field ``attribute`` holds text, as the database says it (true or false, never null)."""
    return Func(F(attribute), template="COALESCE(%(expressions)s, '') <> ''", output_field=models.BooleanField())


@functools.cache
def status_attributes(model):
    """The site's languages (English first) and, for each translated field of ``model``, its attribute in each of
    them: what the translation badges read."""
    languages = (settings.MODELTRANSLATION_DEFAULT_LANGUAGE, *other_languages())
    return languages, tuple(tuple(f"{name}_{code}" for code in languages) for name in translated_fields(model))


def status_badges(active, *values):
    """The badges, in ``active``, of a row whose ``values`` are those ``status_values`` reads, as true or false."""
    languages = (settings.MODELTRANSLATION_DEFAULT_LANGUAGE, *other_languages())
    count = len(languages)
    outdated = values[: count - 1]
    fields = [values[start : start + count] for start in range(count - 1, len(values), count)]
    expected = [field for field in fields if field[0]]
    badges = [status_badge(languages[0], Completeness.COMPLETE, active)]
    for index, code in enumerate(languages[1:], 1):
        state = completeness(len(expected), sum(1 for field in expected if not field[index]))
        if state == Completeness.COMPLETE and outdated[index - 1]:
            state = Completeness.OUTDATED
        badges.append(status_badge(code, state, active))
    return mark_safe(" ".join(badges))  # badges are format_html output, escaped where they were made


@functools.cache
def status_badge(language, state, active_language):
    """A language's translation status as a list shows it, in ``active_language``: the same few badges on every
    row, so each is written once per language of the admin, not once per row."""
    return format_html(
        '<span class="translation-status translation-status--{}" title="{}: {}">{}&nbsp;{}</span>',
        state,
        get_language_info(language)["name_translated"],
        state.label,
        LETTERS[language],
        STATUS_SYMBOLS[state],
    )
