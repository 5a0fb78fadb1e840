import csv
import tempfile
import time
import zipfile

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, Exists, OuterRef, Subquery, When
from django.db.models.functions import Coalesce
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from modeltranslation.admin import TabbedTranslationAdmin

from common.admin import (
    HistoryAdmin,
    LabelledInlineMixin,
    ListRowsMixin,
    PrintableTextAdminMixin,
    PublicationFilter,
    PublishableAdminMixin,
    TitleFiltersMixin,
    TitleListFilter,
    TranslationStatusMixin,
    related_fields_except,
)
from common.pagination import AdminPaginator
from common.templatetags.portal import datetime_in_zone
from events.models import Event
from uploads.kinds import KINDS
from uploads.names import portable_name

from . import services
from .forms import DeclineForm
from .models import SUBMITTED_FIELDS, TRANSITIONS, Call, Decision, ScanStatus, Status, Submission, SubmissionFile
from .views import submitted_file_response


class CallAdminForm(forms.ModelForm):
    accepted_types = forms.MultipleChoiceField(
        label=_("accepted file types"),
        choices=[(code, kind.label) for code, kind in KINDS.items()],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Checked by content, not by name."),
    )


@admin.register(Call)
class CallAdmin(
    TitleFiltersMixin,
    PrintableTextAdminMixin,
    ListRowsMixin,
    TranslationStatusMixin,
    PublishableAdminMixin,
    HistoryAdmin,
    TabbedTranslationAdmin,
):
    form = CallAdminForm
    list_display = ("title", "event", "opens", "deadline", "state_label", "publication", "translation_status")
    list_filter = (PublicationFilter, ("event", TitleListFilter))
    # Of the event, its title and when it begins (a call without a deadline closes then); of the call, no texts but
    # its title: the rich texts in three languages were most of what a page of rows read (the translation column
    # reads whether they hold text from annotations).
    list_select_related = ("event",)
    list_defer = ("instructions", "publication_policy", *related_fields_except("event", Event, "title", "starts_at"))
    search_fields = ("title_en", "title_fr", "title_es", "slug", "reference_prefix")
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ("event", "note_verbale")
    fieldsets = (
        (None, {"fields": ("event", "title", "slug", "note_verbale", "instructions", "publication_policy")}),
        (_("Dates"), {"fields": (("opens_at", "closes_at"), "time_zone")}),
        (_("Files"), {"fields": ("accepted_types", ("max_file_size", "max_total_size", "max_files"))}),
        (_("Publishing"), {"fields": ("reference_prefix", ("status", "publish_from"))}),
    )

    # The times as the editor typed them and the public page shows them: in the call's zone, which is named.
    @admin.display(description=_("opens"), ordering="opens_at")
    def opens(self, obj):
        return datetime_in_zone(obj.opens_at, obj.time_zone)

    @admin.display(description=_("deadline"), ordering="closes_at")
    def deadline(self, obj):
        # Without a deadline of its own, the call closes when its meeting begins: say when, as its page does.
        return datetime_in_zone(obj.deadline, obj.time_zone)

    @admin.display(description=_("state"))
    def state_label(self, obj):
        return obj.state.label


class SubmissionFileInline(LabelledInlineMixin, PrintableTextAdminMixin, admin.TabularInline):
    model = SubmissionFile
    extra = 0
    can_delete = False
    fields = ("download", "size_display", "kind", "publishable", "scan", "flags", "duplicate")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).with_duplicate_flag()

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_view_on_site_url(self, obj=None):
        # A file's public address answers only once its submission is published, and never for an annex.
        if obj is not None and not (obj.publishable and obj.submission.is_published()):
            return None
        return super().get_view_on_site_url(obj)

    @admin.display(description=_("file"))
    def download(self, obj):
        url = reverse("admin:submissions_submission_file", args=[obj.submission_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)

    @admin.display(description=_("size"))
    def size_display(self, obj):
        return filesizeformat(obj.size)

    @admin.display(description=_("type"))
    def kind(self, obj):
        return next((kind.label for kind in KINDS.values() if kind.content_type == obj.content_type), obj.content_type)

    @admin.display(description=_("virus scan"))
    def scan(self, obj):
        detail = f" ({obj.scan_detail})" if obj.scan_detail else ""
        return f"{obj.get_scan_status_display()}{detail}"

    @admin.display(description=_("active content"))
    def flags(self, obj):
        return flag_list(obj.flags)

    @admin.display(description=_("possible duplicate"), boolean=True)
    def duplicate(self, obj):
        return obj.is_possible_duplicate


def flag_list(flags):
    """The findings of a file as a list moderators read, or a dash."""
    if not flags:
        return "–"
    return format_html(
        '<ul class="flags">{}</ul>', format_html_join("", '<li class="flag">{}</li>', ((f.description,) for f in flags))
    )


class DecisionInline(LabelledInlineMixin, PrintableTextAdminMixin, admin.TabularInline):
    model = Decision
    extra = 0
    can_delete = False
    fields = ("at", "actor", "from_status", "to_status", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# The moves a moderator makes from a submission's own page, in the order of its buttons.
MODERATION_MOVES = (
    (Status.PUBLISHED, _("Publish")),
    (Status.UNDER_REVIEW, _("Mark as under review")),
    (Status.DECLINED, _("Decline")),
)


@admin.register(Submission)
class SubmissionAdmin(TitleFiltersMixin, PrintableTextAdminMixin, ListRowsMixin, admin.ModelAdmin):
    """The moderation queue: review, publish or decline, export."""

    list_display = (
        "reference",
        "organisation_and_country",
        "category",
        "title_isolated",
        "status",
        "received",
        "file_count",
        "checks",
    )
    list_filter = ("status", "category", ("call", TitleListFilter), "country", "is_example")
    # The contact details and the record's dates stay out of the list's rows (they are never shown there).
    list_defer = (
        "contact_name",
        "email",
        "phone",
        "consent_to_publish",
        "submitter_language",
        "token_hash",
        "updated_at",
        "personal_data_erased_at",
    )
    # Counted once, at most LIST_LIMIT rows (common/pagination.py): the queue stays quick at any size.
    paginator = AdminPaginator
    show_full_result_count = False
    search_fields = ("reference", "organisation", "title", "contact_name", "email")
    date_hierarchy = "created_at"
    # Its years, months or days from the first and last dates (common/templatetags/admin_dates.py): the distinct
    # days of every submission were the queue's slowest query.
    date_hierarchy_spanned = True
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
        "organisation_isolated",
        "title_isolated",
        "contact_name_isolated",
        "status",
        "submitter_language",
        "received",
        "updated",
        "personal_data_erased_at",
    )
    fieldsets = (
        (None, {"fields": ("reference", "call", "status", "title_isolated", "language", "consent_to_publish")}),
        (_("Submitter"), {"fields": ("organisation_isolated", "category", "country")}),
        (_("Contact (never public)"), {"fields": ("contact_name_isolated", "email", "phone", "submitter_language")}),
        (_("Record"), {"fields": ("received", "updated", "personal_data_erased_at", "is_example")}),
    )

    change_form_template = "admin/submissions/submission/change_form.html"

    def get_view_on_site_url(self, obj=None):
        # A submission's address is its entry on its call's page, which lists the published ones only.
        return super().get_view_on_site_url(obj) if obj is None or obj.is_published() else None

    def get_queryset(self, request):
        unscanned = SubmissionFile.objects.filter(submission=OuterRef("pk"), scan_status=ScanStatus.UNAVAILABLE)
        flagged = SubmissionFile.objects.filter(submission=OuterRef("pk")).exclude(findings=[])
        # Counted per listed row (a subquery), not by grouping every submission before the page is cut.
        files = (
            SubmissionFile.objects.filter(submission=OuterRef("pk"))
            .order_by()
            .values("submission")
            .annotate(total=Count("pk"))
            .values("total")
        )
        # Of the call, only its time zone, read for each listed row: a join would stay in every query of the list,
        # and the date hierarchy's first and last dates would then read every submission instead of two ends of
        # the index on created_at.
        zone = Call.objects.filter(pk=OuterRef("call_id")).values("time_zone")
        return (
            super()
            .get_queryset(request)
            .annotate(files_total=Coalesce(Subquery(files), 0), is_held=Exists(unscanned), is_flagged=Exists(flagged))
            .annotate(call_zone=Subquery(zone))
        )

    @admin.display(description=_("received"), ordering="created_at")
    def received(self, obj):
        # As the submitter's receipt says it, in the call's zone (the list and the submission's page alike).
        return datetime_in_zone(obj.created_at, obj.call_zone)

    @admin.display(description=_("updated"))
    def updated(self, obj):
        return datetime_in_zone(obj.updated_at, obj.call_zone)

    def has_add_permission(self, request):
        # Submissions come in through the public form only.
        return False

    def has_delete_permission(self, request, obj=None):
        # A submission is a record: moderators decline it or erase its personal data; only an administrator
        # may delete one (spam), whatever permissions a group is given.
        return request.user.is_active and request.user.is_superuser

    @admin.display(description=_("organisation"), ordering="organisation")
    def organisation_isolated(self, obj):
        return format_html('<bdi dir="auto">{}</bdi>', obj.organisation)

    @admin.display(description=_("organisation"), ordering="organisation")
    def organisation_and_country(self, obj):
        """In the list, the organisation and under it its country if it gave one: a column of its own made the list
        wider than a 1,280 px screen (the country filter stays)."""
        country = format_html('<br><span class="quiet">{}</span>', obj.country.name) if obj.country else ""
        return format_html("{}{}", self.organisation_isolated(obj), country)

    @admin.display(description=_("title of the submission"), ordering="title")
    def title_isolated(self, obj):
        return mark_safe(f'<bdi dir="auto" lang="{escape(obj.language)}">{escape(obj.title)}</bdi>')

    @admin.display(description=_("contact name"))
    def contact_name_isolated(self, obj):
        return format_html('<bdi dir="auto">{}</bdi>', obj.contact_name)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        submission = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if submission is not None and self.has_change_permission(request, submission):
            extra_context["moderation"] = {
                "moves": [
                    (status, label)
                    for status, label in MODERATION_MOVES
                    if status in TRANSITIONS[submission.status]
                    and (status != Status.PUBLISHED or submission.may_be_published())
                ],
                "decline_form": DeclineForm(),
                "files": list(submission.files.all()),
                "url": reverse("admin:submissions_submission_moderate", args=[submission.pk]),
                "files_url": reverse("admin:submissions_submission_published_files", args=[submission.pk]),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def moderate_view(self, request, submission_id):
        """One submission's Publish, Decline (with a reason) or Under review, by the rules of the bulk actions."""
        submission = get_object_or_404(Submission, pk=submission_id)
        if not self.has_change_permission(request, submission):
            raise PermissionDenied
        to_status = request.POST.get("status", "")
        note = ""
        if to_status == Status.DECLINED:
            form = DeclineForm(request.POST)
            if not form.is_valid():
                self.message_user(request, _("Give the reason sent to the submitter."), messages.ERROR)
                return redirect("admin:submissions_submission_change", submission.pk)
            note = form.cleaned_data["reason"]
        if to_status not in {status for status, _label in MODERATION_MOVES}:
            raise PermissionDenied
        self._move(request, Submission.objects.filter(pk=submission.pk), to_status, note=note)
        return redirect("admin:submissions_submission_change", submission.pk)

    def published_files_view(self, request, submission_id):
        """Choose which files of one submission may be published; the change is logged."""
        submission = get_object_or_404(Submission, pk=submission_id)
        if not self.has_change_permission(request, submission):
            raise PermissionDenied
        changed = services.set_published_files(
            submission=submission, publishable=request.POST.getlist("publishable"), actor=request.user
        )
        if changed:
            self.message_user(request, _("The files to publish were changed."), messages.SUCCESS)
        return redirect("admin:submissions_submission_change", submission.pk)

    def get_urls(self):
        return [
            path(
                "<key:submission_id>/files/<uuid:file_id>/",
                self.admin_site.admin_view(self.file_view),
                name="submissions_submission_file",
            ),
            path(
                "<key:submission_id>/moderate/",
                # Only a form's POST moves a submission: anything else is 405, not a refusal logged as an error.
                self.admin_site.admin_view(require_POST(self.moderate_view)),
                name="submissions_submission_moderate",
            ),
            path(
                "<key:submission_id>/published-files/",
                self.admin_site.admin_view(require_POST(self.published_files_view)),
                name="submissions_submission_published_files",
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

    # Held files first, then active content: what a moderator must look at before publishing.
    @admin.display(
        description=_("file checks"),
        ordering=Case(When(is_held=True, then=2), When(is_flagged=True, then=1), default=0).desc(),
    )
    def checks(self, obj):
        """What the files' checks found, as flags (one column: two columns of yes and no icons did not fit a
        1,280 px screen, and a red "no" read as an alarm); a dash when nothing."""
        found = [
            label
            for flag, label in ((obj.is_held, _("held: not scanned")), (obj.is_flagged, _("active content")))
            if flag
        ]
        return format_html_join(" ", '<span class="flag">{}</span>', ((label,) for label in found)) or "–"

    @admin.action(description=_("Scan held files for viruses again"), permissions=["change"])
    def rescan(self, request, queryset):
        still_held = []
        # The selection's scans share one request's time: a clamd that never answers leaves them held, where one
        # wait after another would outlast gunicorn's timeout.
        deadline = time.monotonic() + settings.UPLOAD_REQUEST_INSPECTION_SECONDS + settings.UPLOAD_REQUEST_SCAN_SECONDS
        for submission in queryset.prefetch_related("files"):
            if services.rescan(submission=submission, actor=request.user, deadline=deadline):
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
            # Declining a published submission takes it off the call's page: the confirmation says how many.
            "published_count": queryset.filter(status=Status.PUBLISHED).count(),
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
                    # Moderators unzip on Windows too: no name it refuses, no two names it would take for one.
                    name = _unique_name(portable_name(record.original_name), used)
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
    """``name``, or "name (2).pdf" and so on when a submission holds two files of the same name, in any case."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    candidate, number = name, 1
    while candidate.casefold() in used:
        number += 1
        candidate = f"{stem} ({number}).{suffix}" if suffix else f"{stem} ({number})"
    used.add(candidate.casefold())
    return candidate
