import reversion
from django.conf import settings
from django.contrib import admin, messages
from django.db import transaction
from django.db.models.functions import ExtractYear
from django.utils.html import format_html_join
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _

from .models import PublicationStatus
from .translation_status import Completeness, LanguageStatus, translation_status


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


class PublishableAdminMixin:
    """Bulk publish and unpublish, and "View on site" that previews drafts."""

    actions = ("publish", "unpublish")
    change_form_template = "admin/publishable_change_form.html"

    def get_view_on_site_url(self, obj=None):
        url = super().get_view_on_site_url(obj)
        if url and obj is not None and not obj.is_published():
            url = obj.get_absolute_url() + "?preview=1"
        return url

    def _set_status(self, request, queryset, status, comment):
        # Saved one by one, not with update(), so that history and cache invalidation see each change.
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
        count = self._set_status(request, queryset, PublicationStatus.PUBLISHED, _("Published"))
        message = ngettext("%(count)d item published.", "%(count)d items published.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Return the selected items to draft"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = self._set_status(request, queryset, PublicationStatus.DRAFT, _("Returned to draft"))
        message = ngettext("%(count)d item returned to draft.", "%(count)d items returned to draft.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)


STATUS_SYMBOLS = {Completeness.COMPLETE: "✓", Completeness.PARTIAL: "◐", Completeness.MISSING: "✗"}


class TranslationStatusMixin:
    """A list column showing, per language, whether the translation is complete, partial or missing."""

    class Media:
        css = {"all": ("css/admin.css",)}

    @admin.display(description=_("translations"))
    def translation_status(self, obj):
        statuses = [LanguageStatus(settings.MODELTRANSLATION_DEFAULT_LANGUAGE, Completeness.COMPLETE, ())]
        statuses += translation_status(obj)
        return format_html_join(
            " ",
            '<span class="translation-status translation-status--{}" title="{}: {}">{}&nbsp;{}</span>',
            (
                (
                    status.completeness,
                    get_language_info(status.language)["name_translated"],
                    status.completeness.label,
                    status.letter,
                    STATUS_SYMBOLS[status.completeness],
                )
                for status in statuses
            ),
        )
