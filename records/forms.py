from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from events.models import Session
from uploads.checks import check_upload

from .models import StatementFile


class StatementFileForm(forms.ModelForm):
    """A statement in one language: a file checked by its content, as document files are, or an address."""

    class Meta:
        model = StatementFile
        fields = ("language", "file", "url")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The content check below refuses empty files with a message that names the file.
        self.fields["file"].allow_empty_file = True

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            checked = check_upload(upload, max_size=settings.DOCUMENT_MAX_UPLOAD_SIZE)
            self.instance.content_type = checked.kind.content_type
            self.instance.size = upload.size
            upload.name = f"upload.{checked.kind.extension}"  # downloaded under the session and delegation
        return upload


class BatchUploadForm(forms.Form):
    """A session and a ZIP of its statements' files, named by delegation and language."""

    session = forms.ModelChoiceField(
        label=_("Session"), queryset=Session.objects.select_related("event").order_by("event__start_date", "order")
    )
    archive = forms.FileField(
        label=_("ZIP file"),
        help_text=_(
            "Name each file “delegation-letter.extension”: the delegation’s short name, then the UN letter of the "
            "language (A, C, E, F, R, S). E.g. “france-F.pdf”, “iom-E.docx”. Each delegation must already be on "
            "the session’s list of speakers."
        ),
    )

    def clean_archive(self):
        archive = self.cleaned_data["archive"]
        if archive.size > settings.DOCUMENT_MAX_UPLOAD_SIZE:
            raise forms.ValidationError(_("The ZIP is larger than the limit."), code="too_large")
        return archive
