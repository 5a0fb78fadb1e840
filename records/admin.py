from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from common.admin import (
    HistoryAdmin,
    LabelledInlineMixin,
    PrintableTextAdminMixin,
    PublicationFilter,
    PublishableAdminMixin,
    TitleFiltersMixin,
    TitleListFilter,
)

from .forms import BatchUploadForm, StatementFileForm
from .models import Delegation, SessionRecord, Statement, StatementFile
from .services import attach_statement_files


@admin.register(Delegation)
class DelegationAdmin(PrintableTextAdminMixin, TabbedTranslationAdmin):
    list_display = ("slug", "display_name", "kind")
    list_filter = ("kind",)
    search_fields = ("slug", "country", "name_en", "name_fr", "name_es")
    fields = ("kind", "country", "name", "slug")


class StatementFileInline(LabelledInlineMixin, PrintableTextAdminMixin, admin.TabularInline):
    model = StatementFile
    form = StatementFileForm
    extra = 0
    fields = ("language", "file", "url", "size", "content_type")
    readonly_fields = ("size", "content_type")


@admin.register(Statement)
class StatementAdmin(
    TitleFiltersMixin, PrintableTextAdminMixin, PublishableAdminMixin, HistoryAdmin, TabbedTranslationAdmin
):
    inlines = (StatementFileInline,)
    list_display = ("order", "delegation", "speaker_name", "session", "languages", "publication")
    list_display_links = ("order", "delegation")
    list_filter = (PublicationFilter, ("session__event", TitleListFilter), ("session", TitleListFilter))
    list_select_related = ("delegation", "session")
    search_fields = ("speaker_name", "delegation__slug", "delegation__name_en", "session__title_en")
    autocomplete_fields = ("delegation",)
    fields = (
        "session",
        "order",
        "delegation",
        "speaker_name",
        "speaker_title",
        "delivered_at",
        "check_against_delivery",
        "source",
        ("status", "publish_from"),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("files")

    @admin.display(description=_("languages"))
    def languages(self, obj):
        return " ".join(item.letter for item in obj.sorted_files()) or "—"

    def get_urls(self):
        batch = path(
            "batch-upload/",
            self.admin_site.admin_view(self.batch_upload_view),
            name="records_statement_batch_upload",
        )
        return [batch, *super().get_urls()]

    def batch_upload_view(self, request):
        """Upload a ZIP of statement files for one session; show what was attached and what was refused."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = BatchUploadForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            try:
                report = attach_statement_files(
                    session=form.cleaned_data["session"], archive=form.cleaned_data["archive"]
                )
            except ValidationError as error:
                form.add_error("archive", error)
            else:
                messages.info(
                    request,
                    _("%(attached)s files attached, %(refused)s refused.")
                    % {"attached": len(report.attached), "refused": len(report.refused)},
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Upload statement files in a batch"),
            "form": form,
            "report": report,
            "changelist_url": reverse("admin:records_statement_changelist"),
        }
        return TemplateResponse(request, "records/admin/batch_upload.html", context)


@admin.register(SessionRecord)
class SessionRecordAdmin(PrintableTextAdminMixin, admin.ModelAdmin):
    list_display = ("session", "verbatim_record", "press_summary", "chairs_summary")
    list_select_related = ("session", "verbatim_record", "press_summary", "chairs_summary")
    autocomplete_fields = ("verbatim_record", "press_summary", "chairs_summary")
    search_fields = ("session__title_en",)
    fields = ("session", "verbatim_record", "press_summary", "chairs_summary", "recording_url")
