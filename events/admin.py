from adminsortable2.admin import SortableAdminBase, SortableInlineAdminMixin
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from common.admin import (
    HistoryAdmin,
    LabelledInlineMixin,
    ListRowsMixin,
    PreviewLinkMixin,
    PrintableTextAdminMixin,
    PublicationFilter,
    PublishableAdminMixin,
    TranslationStatusMixin,
    YearListFilter,
    name_the_zone,
    related_fields_except,
)

from .models import Event, EventState, Session


class EventStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return EventState.choices

    def queryset(self, request, queryset):
        match self.value():
            case EventState.UPCOMING:
                return queryset.upcoming().exclude(pk__in=queryset.under_way())
            case EventState.UNDER_WAY:
                return queryset.under_way()
            case EventState.PAST:
                return queryset.past()
        return queryset


class EventYearFilter(YearListFilter):
    date_field = "start_date"


class SessionInline(
    LabelledInlineMixin, PreviewLinkMixin, PrintableTextAdminMixin, SortableInlineAdminMixin, TranslationStackedInline
):
    model = Session
    extra = 0
    prepopulated_fields = {"slug": ("title_en",)}
    fields = (
        ("kind", "number"),
        "title",
        "slug",
        "theme",
        ("date", "start_time", "end_time"),
        "room",
        "chairs",
        "description",
        "image",
        ("image_caption", "image_credit"),
        "image_alt",
        ("status", "publish_from"),
    )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        name_the_zone(formset.form, times=("start_time", "end_time"))
        return formset


@admin.register(Event)
class EventAdmin(
    PrintableTextAdminMixin,
    ListRowsMixin,
    TranslationStatusMixin,
    PublishableAdminMixin,
    SortableAdminBase,
    HistoryAdmin,
    TabbedTranslationAdmin,
):
    inlines = (SessionInline,)
    list_display = (
        "title",
        "start_date",
        "end_date",
        "city",
        "state_label",
        "publication",
        "is_featured",
        "translation_status",
    )
    list_filter = (PublicationFilter, EventStateFilter, EventYearFilter, "is_featured")
    # The texts no column shows (an event has some eighty columns, most of them long texts in three languages):
    # the translation column reads whether they hold text from TranslationStatusMixin's annotations.
    list_defer = related_fields_except(
        "",
        Event,
        "title",
        "slug",
        "start_date",
        "end_date",
        "city",
        "time_zone",
        "starts_at",
        "ends_at",
        "status",
        "publish_from",
        "is_featured",
    )
    search_fields = ("title_en", "title_fr", "title_es", "theme_en", "theme_fr", "theme_es", "slug")
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ("parent", "related_events")
    fieldsets = (
        (None, {"fields": ("title", "short_title", "name_in_text", "slug", "theme", "summary", "body")}),
        (_("Dates and place"), {"fields": (("start_date", "end_date"), "time_zone", "venue", "city", "country")}),
        (
            _("Organ and session"),
            {"fields": ("organiser", "organiser_url", "session_label", "parent", "related_events")},
        ),
        (_("Lead photo"), {"fields": ("image", "image_caption", "image_credit", "image_alt")}),
        (_("Live coverage"), {"fields": ("live_stream_url", "hashtag", "recording_url", "video_summary_url")}),
        (_("After the event"), {"fields": ("post_event_summary",)}),
        (_("Publishing"), {"fields": (("status", "publish_from"), "is_featured")}),
    )

    @admin.display(description=_("state"))
    def state_label(self, obj):
        return obj.state.label
