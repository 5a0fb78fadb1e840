import csv
import tempfile
import zipfile

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin
from reversion.admin import VersionAdmin

from common.admin import PublicationFilter, PublishableAdminMixin, TranslationStatusMixin
from uploads.kinds import KINDS

from . import services
from .forms import DeclineForm
from .models import SUBMITTED_FIELDS, Call, Decision, ScanStatus, Status, Submission, SubmissionFile
from .views import submitted_file_response


class CallAdminForm(forms.ModelForm):
    accepted_types = forms.MultipleChoiceField(
        label=_("accepted file types"),
        choices=[(code, kind.label) for code, kind in KINDS.items()],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Checked by content, not by name."),
    )


@admin.register(Call)
class CallAdmin(TranslationStatusMixin, PublishableAdminMixin, VersionAdmin, TabbedTranslationAdmin):
    form = CallAdminForm
    list_display = ("title", "event", "opens_at", "closes_at", "state_label", "status", "translation_status")
    list_filter = (PublicationFilter, "event")
    search_fields = ("title_en", "title_fr", "title_es", "slug", "reference_prefix")
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ("event", "note_verbale")
    fieldsets = (
        (None, {"fields": ("event", "title", "slug", "note_verbale", "instructions", "publication_policy")}),
        (_("Dates"), {"fields": (("opens_at", "closes_at"), "time_zone")}),
        (_("Files"), {"fields": ("accepted_types", ("max_file_size", "max_total_size", "max_files"))}),
        (_("Publishing"), {"fields": ("reference_prefix", ("status", "publish_from"))}),
    )

    @admin.display(description=_("state"))
    def state_label(self, obj):
        return obj.state.label


class SubmissionFileInline(admin.TabularInline):
    model = SubmissionFile
    extra = 0
    can_delete = False
    fields = (
        "download",
        "size_display",
        "content_type",
        "publishable",
        "scan_status",
        "scan_detail",
        "sha256",
        "duplicate",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).with_duplicate_flag()

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, obj):
        url = reverse("admin:submissions_submission_file", args=[obj.submission_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)

    @admin.display(description=_("size"))
    def size_display(self, obj):
        return filesizeformat(obj.size)

    @admin.display(description=_("possible duplicate"), boolean=True)
    def duplicate(self, obj):
        return obj.is_possible_duplicate


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    can_delete = False
    fields = ("at", "actor", "from_status", "to_status", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    """The moderation queue: review, publish or decline, export."""

    list_display = (
        "reference",
        "organisation",
        "category",
        "country",
        "title",
        "status",
        "created_at",
        "file_count",
        "held",
    )
    list_filter = ("status", "category", "call", "country", "is_example")
    search_fields = ("reference", "organisation", "title", "contact_name", "email")
    date_hierarchy = "created_at"
    inlines = (SubmissionFileInline, DecisionInline)
    actions = (
        "mark_under_review",
        "publish",
        "decline",
        "rescan",
        "export_csv",
        "download_zip",
        "erase_personal_data",
    )
    # What was submitted is a record: moderators change its status through the actions, never its content.
    readonly_fields = (
        "reference",
        "call",
        *SUBMITTED_FIELDS,
        "status",
        "submitter_language",
        "created_at",
        "updated_at",
        "personal_data_erased_at",
    )
    fieldsets = (
        (None, {"fields": ("reference", "call", "status", "title", "language", "consent_to_publish")}),
        (_("Submitter"), {"fields": ("organisation", "category", "country")}),
        (_("Contact (never public)"), {"fields": ("contact_name", "email", "phone", "submitter_language")}),
        (_("Record"), {"fields": ("created_at", "updated_at", "personal_data_erased_at", "is_example")}),
    )

    def get_queryset(self, request):
        unscanned = SubmissionFile.objects.filter(submission=OuterRef("pk"), scan_status=ScanStatus.UNAVAILABLE)
        return (
            super()
            .get_queryset(request)
            .select_related("call")
            .annotate(files_total=Count("files"), is_held=Exists(unscanned))
        )

    def has_add_permission(self, request):
        # Submissions come in through the public form only.
        return False

    def get_urls(self):
        return [
            path(
                "<int:submission_id>/files/<uuid:file_id>/",
                self.admin_site.admin_view(self.file_view),
                name="submissions_submission_file",
            ),
            *super().get_urls(),
        ]

    def file_view(self, request, submission_id, file_id):
        """A submitted file for staff: always an attachment, never rendered in the admin's origin."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        record = get_object_or_404(SubmissionFile, submission_id=submission_id, pk=file_id)
        return submitted_file_response(record)

    @admin.display(description=_("files"), ordering="files_total")
    def file_count(self, obj):
        return obj.files_total

    @admin.display(description=_("held: not scanned"), boolean=True, ordering="is_held")
    def held(self, obj):
        return obj.is_held

    @admin.action(description=_("Scan held files for viruses again"), permissions=["change"])
    def rescan(self, request, queryset):
        still_held = []
        for submission in queryset.prefetch_related("files"):
            if services.rescan(submission=submission, actor=request.user):
                still_held.append(submission.reference)
        if still_held:
            message = _("The virus scanner is still unavailable for: %(references)s.")
            self.message_user(request, message % {"references": ", ".join(still_held)}, messages.WARNING)
        else:
            self.message_user(request, _("Every selected file has been scanned."), messages.SUCCESS)

    def _move(self, request, queryset, to_status, note=""):
        moved, refused = 0, []
        for submission in queryset:
            try:
                services.change_status(submission=submission, to_status=to_status, actor=request.user, note=note)
                moved += 1
            except ValidationError as error:
                refused.extend(error.messages)
        if moved:
            message = ngettext(
                "%(count)d submission is now “%(status)s”.", "%(count)d submissions are now “%(status)s”.", moved
            )
            self.message_user(request, message % {"count": moved, "status": Status(to_status).label}, messages.SUCCESS)
        for text in refused:
            self.message_user(request, text, messages.WARNING)

    @admin.action(description=_("Mark as under review"), permissions=["change"])
    def mark_under_review(self, request, queryset):
        self._move(request, queryset, Status.UNDER_REVIEW)

    @admin.action(description=_("Publish"), permissions=["change"])
    def publish(self, request, queryset):
        self._move(request, queryset, Status.PUBLISHED)

    @admin.action(description=_("Decline, with a reason sent to the submitter"), permissions=["change"])
    def decline(self, request, queryset):
        form = DeclineForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._move(request, queryset, Status.DECLINED, note=form.cleaned_data["reason"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Decline submissions"),
            "opts": self.model._meta,
            "queryset": queryset,
            "form": form,
            "action": "decline",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/submissions/submission/decline.html", context)

    @admin.action(description=_("Erase the submitters' personal data"), permissions=["change"])
    def erase_personal_data(self, request, queryset):
        if "apply" not in request.POST:
            context = {
                **self.admin_site.each_context(request),
                "title": _("Erase personal data"),
                "opts": self.model._meta,
                "queryset": queryset,
                "action": "erase_personal_data",
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/submissions/submission/erase.html", context)
        for submission in queryset:
            services.erase_personal_data(submission=submission, actor=request.user)
        count = queryset.count()
        message = ngettext(
            "Personal data erased from %(count)d submission.", "Personal data erased from %(count)d submissions.", count
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)
        return None

    @admin.action(description=_("Export the selection as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="submissions-{timezone.now():%Y%m%d-%H%M}.csv"'
        response.write("\ufeff")  # lets spreadsheet programs read the file as UTF-8
        writer = csv.writer(response)
        columns = ("reference", "call", *SUBMITTED_FIELDS, "status", "created_at")
        writer.writerow([*columns, "files"])
        for submission in queryset.select_related("call").prefetch_related("files"):
            row = [_csv_value(submission, column) for column in columns]
            writer.writerow([*row, "; ".join(_safe_cell(file.original_name) for file in submission.files.all())])
        return response

    @admin.action(description=_("Download the selection's files as a ZIP"), permissions=["view"])
    def download_zip(self, request, queryset):
        submissions = list(queryset.prefetch_related("files").order_by("reference"))
        archive_file = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
        with zipfile.ZipFile(archive_file, "w", zipfile.ZIP_DEFLATED) as archive:
            for submission in submissions:
                used = set()
                for record in submission.files.all():
                    name = _unique_name(record.original_name, used)
                    with (
                        record.file.open("rb") as source,
                        archive.open(f"{submission.reference}/{name}", "w", force_zip64=True) as target,
                    ):
                        for chunk in iter(lambda: source.read(1024 * 1024), b""):
                            target.write(chunk)
        archive_file.seek(0)
        name = submissions[0].reference if len(submissions) == 1 else f"submissions-{timezone.now():%Y%m%d-%H%M}"
        return FileResponse(archive_file, as_attachment=True, filename=f"{name}.zip", content_type="application/zip")


def _csv_value(submission, column):
    """A submission's value in a CSV column, as a person reads it: labels for choices, names for countries."""
    field = submission._meta.get_field(column)
    if column == "call":
        return submission.call.title
    if column == "country":
        return submission.country.name if submission.country else ""
    if field.choices:
        return getattr(submission, f"get_{column}_display")()
    value = getattr(submission, column)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return _safe_cell(value)


def _safe_cell(value):
    # Spreadsheets run cells that start with these as formulas (CSV injection).
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _unique_name(name, used):
    """``name``, or "name (2).pdf" and so on when a submission holds two files of the same name."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    candidate, number = name, 1
    while candidate in used:
        number += 1
        candidate = f"{stem} ({number}).{suffix}" if suffix else f"{stem} ({number})"
    used.add(candidate)
    return candidate
